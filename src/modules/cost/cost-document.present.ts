/**
 * Issue 13, D10.8(d): the cost report for the Authority to take away (Word, PDF, a page to
 * print): forecast and actual costs per main component with the variance, and the Panel's cost
 * reviews. PURE.
 */
import { longDate } from '../../calendar/date-words.ts';
import { safeFileName, type PrintDocument } from '../../web/print-document.ts';
import type { CostReportRequest, ReleaseCosts } from './cost.actions.ts';
import { formatPounds, type ComponentCosts } from './cost.ts';

/** Pounds as people read them, or a dash where there is no figure yet. */
export function money(pence: number | null): string {
  return pence === null ? '–' : formatPounds(pence);
}

/** One component's figures in words and pounds. */
export function displayRow(row: ComponentCosts) {
  return {
    component: row.component,
    forecast: money(row.forecastPence),
    actual: money(row.actualPence),
    variance: money(row.variancePence),
    percent: row.variancePercent === null ? '–' : `${row.variancePercent}%`,
  };
}

/** D10.8(d), issue 13: the report produced on `producedOn`, answering `answers` if given. */
export function costReportDocument(
  report: ReleaseCosts & { answers: CostReportRequest | undefined },
  producedOn: string,
): PrintDocument {
  const { release } = report;
  const points = report.mechanism?.reviewPoints ?? [];
  const cells = (row: ComponentCosts) => {
    const d = displayRow(row);
    return [d.component, d.forecast, d.actual, d.variance, d.percent];
  };
  return {
    title: `Report to the Authority on the costs of ${release.name}`,
    lead: [
      `Section D10.8(d). Go-live ${longDate(release.go_live)}. Produced ${longDate(producedOn)}${report.answers ? ` in answer to the Authority’s request of ${longDate(report.answers.requestedOn)}` : ''}.`,
      'Forecast costs are recorded per main component at the scope baseline and actual costs after go-live. Variance is actual minus forecast.',
    ],
    sections: [
      {
        id: 'costs',
        heading: 'Forecast and actual costs',
        level: 2,
        paragraphs: [],
        tables: [
          {
            caption: 'Forecast and actual costs by main component',
            head: ['Component', 'Forecast', 'Actual', 'Variance', 'Variance %'],
            rows: [...report.rows.map(cells), ['Total', ...cells(report.total).slice(1)]],
            numeric: [false, true, true, true, true],
          },
        ],
      },
      {
        id: 'reviews',
        heading: 'The Panel’s cost reviews',
        level: 2,
        paragraphs:
          report.reviews.length > 0
            ? report.reviews.map(
                (r) =>
                  `${points.find((p) => p.id === r.reviewPoint)?.name ?? r.reviewPoint}, reviewed ${longDate(r.reviewedOn)}: ${r.conclusions}`,
              )
            : ['The Panel has not reviewed this release’s costs yet.'],
      },
    ],
    fileName: safeFileName(`cost-report-${release.name}`),
  };
}

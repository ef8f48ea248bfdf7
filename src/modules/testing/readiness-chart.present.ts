/**
 * Issue 13, D10.13(c), D10.16: the testing page's charts — tests passed and failed, and open
 * defects by severity, as they stood when each readiness report was submitted. The results of
 * every phase at that moment are the last ones the DCC had recorded by then (its audit trail
 * keeps each recording), summed over the release's phases. PURE.
 */
import { longDate } from '../../calendar/date-words.ts';
import { barChart, CHART_COLOURS, type BarChart } from '../../web/bar-chart.ts';
import type { PhaseRecord } from './readiness-history.store.ts';
import { DEFECT_SEVERITIES, type Defects } from './testing.ts';

export type { PhaseRecord };

/** The release's results when the report due `due` was submitted. */
export interface ReadinessPoint {
  due: string;
  submittedAt: Date;
  testsPassed: number;
  testsFailed: number;
  defects: Defects;
}

const SEVERITY_NAMES: Record<keyof Defects, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

const SEVERITY_COLOURS: Record<keyof Defects, string> = {
  critical: CHART_COLOURS.darkRed,
  high: CHART_COLOURS.red,
  medium: CHART_COLOURS.brown,
  low: CHART_COLOURS.grey,
};

/**
 * D10.13(c): for each submitted report, in due-date order, every phase's latest record at or
 * before the report's submission, summed; a phase with no record by then counts nothing.
 */
export function resultsAtReports(
  reports: readonly { periodDue: string; submittedAt: Date }[],
  records: readonly PhaseRecord[],
): ReadinessPoint[] {
  const ordered = [...records].sort((a, b) => a.at.getTime() - b.at.getTime());
  return [...reports]
    .sort((a, b) => a.periodDue.localeCompare(b.periodDue))
    .map((report) => {
      const latest = new Map<number, PhaseRecord>();
      for (const record of ordered)
        if (record.at.getTime() <= report.submittedAt.getTime()) latest.set(record.phaseId, record);
      const point: ReadinessPoint = {
        due: report.periodDue,
        submittedAt: report.submittedAt,
        testsPassed: 0,
        testsFailed: 0,
        defects: { critical: 0, high: 0, medium: 0, low: 0 },
      };
      for (const record of latest.values()) {
        point.testsPassed += record.testsPassed;
        point.testsFailed += record.testsFailed;
        for (const severity of DEFECT_SEVERITIES)
          point.defects[severity] += record.defects[severity];
      }
      return point;
    });
}

/** A count as read: "1,250". */
const count = (value: number) => Math.round(value).toLocaleString('en-GB');

/** The report a group stands for: "Due 4 December 2026". */
export const reportLabel = (due: string) => `Due ${longDate(due)}`;

/** D10.16: one group per report, a bar for the tests passed and one for those failed. */
export function testsChart(points: readonly ReadinessPoint[]): BarChart {
  return barChart(
    points.map((p) => reportLabel(p.due)),
    [
      { name: 'Passed', colour: CHART_COLOURS.green, values: points.map((p) => p.testsPassed) },
      { name: 'Failed', colour: CHART_COLOURS.red, values: points.map((p) => p.testsFailed) },
    ],
    { format: count, none: 'None recorded' },
  );
}

/** D10.16: one group per report, a bar for the open defects of each severity. */
export function defectsChart(points: readonly ReadinessPoint[]): BarChart {
  return barChart(
    points.map((p) => reportLabel(p.due)),
    DEFECT_SEVERITIES.map((severity) => ({
      name: SEVERITY_NAMES[severity],
      colour: SEVERITY_COLOURS[severity],
      values: points.map((p) => p.defects[severity]),
    })),
    { format: count, none: 'None recorded' },
  );
}

export { SEVERITY_NAMES };

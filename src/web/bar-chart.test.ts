import { describe, expect, it } from 'vitest';
import { barChart, niceStep } from './bar-chart.ts';
import { costChart, poundsTick } from '../modules/cost/cost-chart.present.ts';
import {
  defectsChart,
  resultsAtReports,
  testsChart,
  type PhaseRecord,
} from '../modules/testing/readiness-chart.present.ts';

const words = { format: (v: number) => String(v), none: 'No figure yet' };

describe('issue 13: a grouped bar chart drawn on the server', () => {
  it('a round step gives about four ticks: 1, 2 or 5 times a power of ten', () => {
    expect([niceStep(0), niceStep(7), niceStep(100), niceStep(1_350_000)]).toEqual([
      1, 2, 50, 500_000,
    ]);
  });

  it('bars are as long as their values on one scale from 0; a missing value has no bar and says so', () => {
    const chart = barChart(
      ['A', 'B'],
      [
        { name: 'Forecast', colour: '#505a5f', values: [100, 50] },
        { name: 'Actual', colour: '#1d70b8', values: [200, null] },
      ],
      words,
    );
    const [a, b] = chart.groups;
    const span = chart.plotRight - chart.plotLeft;
    expect(a?.bars.map((bar) => bar.width)).toEqual([span / 2, span]);
    expect(b?.bars.map((bar) => [bar.width, bar.label])).toEqual([
      [span / 4, '50'],
      [0, 'No figure yet'],
    ]);
    expect(chart.ticks.map((tick) => tick.label)).toEqual(['0', '50', '100', '150', '200']);
    // Groups do not overlap, and the scale is drawn under the last one.
    expect((b?.y ?? 0) > (a?.bars.at(-1)?.y ?? 0)).toBe(true);
    expect(chart.axisY > (b?.bars.at(-1)?.y ?? 0)).toBe(true);
    expect(chart.legend.map((entry) => entry.name)).toEqual(['Forecast', 'Actual']);
  });

  it('no value at all still gives a scale (0 to 1), never a division by zero', () => {
    const chart = barChart(['A'], [{ name: 'X', colour: '#000', values: [0] }], words);
    expect(chart.groups[0]?.bars[0]?.width).toBe(0);
    expect(chart.ticks.map((tick) => tick.label)).toEqual(['0', '1']);
  });
});

describe('issue 13, D10.8(d): the cost chart, forecast against actual per component', () => {
  it('one group per component with its forecast and actual in pounds; the scale in whole pounds', () => {
    const chart = costChart([
      {
        component: 'DCC design and build',
        forecastPence: 120_000_000,
        actualPence: 135_000_050,
        variancePence: 15_000_050,
        variancePercent: 12.5,
      },
      {
        component: 'SECAS',
        forecastPence: 3_000_000,
        actualPence: null,
        variancePence: null,
        variancePercent: null,
      },
    ]);
    expect(
      chart.groups.map((g) => [g.category, g.bars.map((b) => `${b.series} ${b.label}`)]),
    ).toEqual([
      ['DCC design and build', ['Forecast £1,200,000.00', 'Actual £1,350,000.50']],
      ['SECAS', ['Forecast £30,000.00', 'Actual No figure yet']],
    ]);
    expect(poundsTick(50_000_000)).toBe('£500,000');
  });
});

describe('issue 13, D10.13(c), D10.16: results at each readiness report', () => {
  const at = (iso: string) => new Date(iso);
  const none = { critical: 0, high: 0, medium: 0, low: 0 };
  const records: PhaseRecord[] = [
    { phaseId: 1, at: at('2026-11-01T10:00:00Z'), testsPassed: 0, testsFailed: 0, defects: none },
    {
      phaseId: 1,
      at: at('2026-11-20T10:00:00Z'),
      testsPassed: 80,
      testsFailed: 5,
      defects: { critical: 1, high: 2, medium: 0, low: 3 },
    },
    {
      phaseId: 2,
      at: at('2026-12-02T10:00:00Z'),
      testsPassed: 40,
      testsFailed: 1,
      defects: { critical: 0, high: 1, medium: 1, low: 0 },
    },
    {
      phaseId: 1,
      at: at('2026-12-09T10:00:00Z'),
      testsPassed: 120,
      testsFailed: 0,
      defects: none,
    },
  ];

  it('each report sums every phase’s last recording at or before its submission, in due-date order', () => {
    const points = resultsAtReports(
      [
        { periodDue: '2026-12-10', submittedAt: at('2026-12-10T09:00:00Z') },
        { periodDue: '2026-11-26', submittedAt: at('2026-11-26T09:00:00Z') },
        { periodDue: '2026-12-03', submittedAt: at('2026-12-02T10:00:00Z') },
      ],
      records,
    );
    expect(points.map((p) => [p.due, p.testsPassed, p.testsFailed, p.defects])).toEqual([
      ['2026-11-26', 80, 5, { critical: 1, high: 2, medium: 0, low: 3 }],
      ['2026-12-03', 120, 6, { critical: 1, high: 3, medium: 1, low: 3 }],
      ['2026-12-10', 160, 1, { critical: 0, high: 1, medium: 1, low: 0 }],
    ]);
    const tests = testsChart(points);
    expect(tests.groups.map((g) => g.category)).toEqual([
      'Due 26 November 2026',
      'Due 3 December 2026',
      'Due 10 December 2026',
    ]);
    expect(tests.groups[2]?.bars.map((b) => `${b.series} ${b.label}`)).toEqual([
      'Passed 160',
      'Failed 1',
    ]);
    expect(defectsChart(points).groups[1]?.bars.map((b) => `${b.series} ${b.label}`)).toEqual([
      'Critical 1',
      'High 3',
      'Medium 1',
      'Low 3',
    ]);
  });

  it('a report submitted before any recording counts nothing', () => {
    const [point] = resultsAtReports(
      [{ periodDue: '2026-10-29', submittedAt: at('2026-10-29T09:00:00Z') }],
      records,
    );
    expect([point?.testsPassed, point?.testsFailed, point?.defects]).toEqual([0, 0, none]);
  });
});

/**
 * Issue 13, D10.8(d): the cost page's chart — forecast against actual per main component, as a
 * grouped bar chart (src/web/bar-chart.ts). PURE.
 */
import { barChart, CHART_COLOURS, type BarChart } from '../../web/bar-chart.ts';
import { formatPounds, type ComponentCosts } from './cost.ts';

/** Whole pounds on the scale: "£0", "£500,000", "£1,000,000". */
export function poundsTick(pence: number): string {
  return `£${Math.round(pence / 100).toLocaleString('en-GB')}`;
}

/** D10.8(d): one group per component (the Policy's order), a forecast bar and an actual bar. */
export function costChart(rows: readonly ComponentCosts[]): BarChart {
  return barChart(
    rows.map((row) => row.component),
    [
      {
        name: 'Forecast',
        colour: CHART_COLOURS.grey,
        values: rows.map((row) => row.forecastPence),
      },
      { name: 'Actual', colour: CHART_COLOURS.blue, values: rows.map((row) => row.actualPence) },
    ],
    { format: formatPounds, tick: poundsTick, none: 'No figure yet' },
  );
}

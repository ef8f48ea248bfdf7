/**
 * Issue 13: the geometry of a grouped bar chart drawn on the server as SVG (no script, no chart
 * library): one group per category (a component, a readiness report), one horizontal bar per
 * series inside it, each bar labelled with its value in words at its end; a scale with a few
 * round ticks. PURE: the template (bar-chart.njk) draws what this returns, and the page shows
 * the same data as a table. Used for the cost page (forecast against actual per component) and
 * the testing page (tests passed and failed, open defects by severity, over the readiness
 * reports).
 */

/** GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11). */
export const CHART_COLOURS = {
  blue: '#1d70b8',
  darkBlue: '#003078',
  green: '#00703c',
  red: '#d4351c',
  darkRed: '#942514',
  brown: '#8a4600',
  grey: '#505a5f',
} as const;

export const BAR_CHART = { width: 720, labelWidth: 200, bar: 14, gap: 4, groupGap: 14 } as const;

export interface BarSeries {
  /** "Forecast", "Tests passed", "Critical". */
  name: string;
  /** A GOV.UK colour with at least 3:1 contrast on white (CHART_COLOURS). */
  colour: string;
  /** One value per category; null where there is no figure (drawn as "no figure"). */
  values: readonly (number | null)[];
}

export interface Bar {
  series: string;
  colour: string;
  y: number;
  width: number;
  value: number | null;
  /** The value as read, e.g. "£1,200,000.00" or "No figure yet". */
  label: string;
}

export interface BarGroup {
  category: string;
  /** The top of the group and the middle of its label. */
  y: number;
  labelY: number;
  bars: Bar[];
}

export interface BarChart {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  /** The bottom of the last group, where the scale is drawn. */
  axisY: number;
  ticks: { x: number; label: string }[];
  groups: BarGroup[];
  legend: { name: string; colour: string }[];
}

/** A round step for about four ticks up to `max`: 1, 2 or 5 times a power of ten. */
export function niceStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return Math.max(1, step);
}

export interface BarChartWords {
  /** A value as people read it ("£1,200,000.00", "12"). */
  format: (value: number) => string;
  /** A tick of the scale, shorter if need be ("£1m"); `format` if not given. */
  tick?: (value: number) => string;
  /** The words for a missing value. */
  none: string;
}

/**
 * Places the bars: the scale runs from 0 to the smallest round tick at or above the largest
 * value (negative values count as 0 width), with the values written as `words` says.
 */
export function barChart(
  categories: readonly string[],
  series: readonly BarSeries[],
  words: BarChartWords,
): BarChart {
  const { format, none } = words;
  const tick = words.tick ?? format;
  const plotLeft = BAR_CHART.labelWidth;
  // Room at the right for the value written after the longest bar.
  const plotRight = BAR_CHART.width - 130;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(0, ...values);
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const xOf = (value: number) => (Math.max(0, value) / top) * (plotRight - plotLeft);
  const groupHeight = series.length * (BAR_CHART.bar + BAR_CHART.gap) - BAR_CHART.gap;
  const legendHeight = 28;
  const groups = categories.map((category, index) => {
    const y = legendHeight + index * (groupHeight + BAR_CHART.groupGap);
    return {
      category,
      y,
      labelY: y + groupHeight / 2 + 4,
      bars: series.map((s, n) => {
        const value = s.values[index] ?? null;
        return {
          series: s.name,
          colour: s.colour,
          y: y + n * (BAR_CHART.bar + BAR_CHART.gap),
          width: value === null ? 0 : xOf(value),
          value,
          label: value === null ? none : format(value),
        };
      }),
    };
  });
  const axisY =
    legendHeight + categories.length * (groupHeight + BAR_CHART.groupGap) - BAR_CHART.groupGap + 6;
  const ticks: BarChart['ticks'] = [];
  for (let value = 0; value <= top; value += step)
    ticks.push({ x: plotLeft + xOf(value), label: tick(value) });
  return {
    width: BAR_CHART.width,
    height: axisY + 24,
    plotLeft,
    plotRight,
    axisY,
    ticks,
    groups,
    legend: series.map((s) => ({ name: s.name, colour: s.colour })),
  };
}

/**
 * D10.8(b), issue 13: the geometry of the two-year timeline drawn on /releases as a server-rendered
 * SVG: one row per release, its milestones on a time axis (points for dates, bars for windows),
 * month ticks and today marked. PURE: the page draws what this returns; the same data is the table.
 */
import { monthAndYear } from '../../calendar/date-words.ts';
import { addMonths } from '../policy/policy-dates.ts';
import type { MilestoneState, ReleaseMilestone } from './release-milestones.ts';

export const CHART = { width: 960, labelWidth: 210, rowHeight: 34, top: 30, bottom: 30 } as const;

export interface ChartShape {
  kind: 'point' | 'go_live' | 'bar';
  x: number;
  /** A bar's width (points: 0). */
  width: number;
  state: MilestoneState;
  name: string;
  date: string;
  until?: string | undefined;
}

export interface ChartRow {
  releaseId: number;
  releaseName: string;
  y: number;
  shapes: ChartShape[];
}

export interface TimelineChart {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  /** The first of each month; quarters (January, April, July, October) carry a label. */
  ticks: { x: number; month: string; label: string }[];
  today: number;
  rows: ChartRow[];
}

const DAY_MS = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/**
 * D10.8(b): releases as rows in go-live order; each milestone within the window placed by its
 * date (windows as bars clipped to the window); a tick at the first of every month; today's x.
 */
export function timelineChart(
  releases: readonly { id: number; name: string; milestones: readonly ReleaseMilestone[] }[],
  window: { from: string; to: string },
  today: string,
): TimelineChart {
  const plotLeft = CHART.labelWidth;
  const plotRight = CHART.width - 10;
  const start = dayOf(window.from);
  const span = dayOf(window.to) - start;
  const xOf = (iso: string) =>
    plotLeft +
    ((Math.min(Math.max(dayOf(iso), start), start + span) - start) / span) * (plotRight - plotLeft);
  const inside = (iso: string) => iso >= window.from && iso < window.to;
  const rows = releases.map((release, index) => ({
    releaseId: release.id,
    releaseName: release.name,
    y: CHART.top + index * CHART.rowHeight + CHART.rowHeight / 2,
    shapes: release.milestones
      .filter(
        (m) =>
          inside(m.date) || (m.until !== undefined && m.until >= window.from && m.date < window.to),
      )
      .map((m): ChartShape => {
        const kind = m.until ? 'bar' : m.id === 'go_live' ? 'go_live' : 'point';
        const x = xOf(m.date);
        return {
          kind,
          x,
          width: m.until ? Math.max(2, xOf(m.until) - x) : 0,
          state: m.state,
          name: m.name,
          date: m.date,
          until: m.until,
        };
      }),
  }));
  const ticks: TimelineChart['ticks'] = [];
  for (let month = window.from; month < window.to; month = addMonths(month, 1))
    ticks.push({
      x: xOf(month),
      month,
      label: ['01', '04', '07', '10'].includes(month.slice(5, 7)) ? monthAndYear(month) : '',
    });
  return {
    width: CHART.width,
    height: CHART.top + rows.length * CHART.rowHeight + CHART.bottom,
    plotLeft,
    plotRight,
    ticks,
    today: xOf(today),
    rows,
  };
}

/**
 * D10.8(b): the timeline of releases: every release's milestones and go-live placed in the month
 * they fall in, so the Panel sees the next two years at a glance. PURE.
 */
import { addMonths } from '../policy/policy-dates.ts';
import type { MilestoneState, ReleaseMilestone } from './release-milestones.ts';

export interface TimelineEntry {
  date: string;
  until?: string | undefined;
  releaseId: number;
  releaseName: string;
  milestone: string;
  isGoLive: boolean;
  state: MilestoneState;
}

export interface TimelineMonth {
  month: string;
  entries: TimelineEntry[];
}

/** The window the timeline shows: from the first of this month to two years on. */
export function timelineWindow(today: string): { from: string; to: string } {
  const from = `${today.slice(0, 7)}-01`;
  return { from, to: addMonths(from, 24) };
}

/** D10.8(b): milestones of the releases within the window, grouped by month in date order. */
export function buildTimeline(
  releases: readonly { id: number; name: string; milestones: readonly ReleaseMilestone[] }[],
  window: { from: string; to: string },
): TimelineMonth[] {
  const entries: TimelineEntry[] = releases
    .flatMap((release) =>
      release.milestones.map((m) => ({
        date: m.date,
        until: m.until,
        releaseId: release.id,
        releaseName: release.name,
        milestone: m.name,
        isGoLive: m.id === 'go_live',
        state: m.state,
      })),
    )
    .filter((entry) => entry.date >= window.from && entry.date < window.to)
    .sort((a, b) => a.date.localeCompare(b.date) || a.releaseName.localeCompare(b.releaseName));
  const months: TimelineMonth[] = [];
  for (const entry of entries) {
    const month = entry.date.slice(0, 7);
    const last = months.at(-1);
    if (last?.month === month) last.entries.push(entry);
    else months.push({ month, entries: [entry] });
  }
  return months;
}

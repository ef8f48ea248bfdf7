/**
 * A-POL, ruling 14: when a new Policy version takes effect, the release milestones it moves are
 * listed for the Panel. PURE.
 */
import type { ReleaseMilestone } from './release-milestones.ts';

/** A milestone a new governing version moved: its date (and window end) before and after. */
export interface MovedMilestone {
  id: string;
  name: string;
  /** Null when the milestone did not exist under the old version. */
  from: string | null;
  /** Null when the new version removes the milestone. */
  to: string | null;
  untilFrom?: string | undefined;
  untilTo?: string | undefined;
}

/** Ruling 14: the milestones whose date or window differs between two versions, in date order. */
export function movedMilestones(
  before: readonly ReleaseMilestone[],
  after: readonly ReleaseMilestone[],
): MovedMilestone[] {
  const ids = [...new Set([...before, ...after].map((m) => m.id))];
  const moved: MovedMilestone[] = [];
  for (const id of ids) {
    const old = before.find((m) => m.id === id);
    const now = after.find((m) => m.id === id);
    if (old?.date === now?.date && old?.until === now?.until) continue;
    moved.push({
      id,
      name: (now ?? old)?.name ?? id,
      from: old?.date ?? null,
      to: now?.date ?? null,
      ...(old?.until || now?.until ? { untilFrom: old?.until, untilTo: now?.until } : {}),
    });
  }
  return moved.sort((a, b) => (a.to ?? a.from ?? '').localeCompare(b.to ?? b.from ?? ''));
}

/** Ruling 14: one moved milestone in words, e.g. "Notice period starts: 4 Aug 2027 → 4 May 2027". */
export function movedInWords(moved: MovedMilestone, formatDate: (date: string) => string): string {
  const date = (value: string | null) => (value === null ? 'none' : formatDate(value));
  return `${moved.name}: ${date(moved.from)} → ${date(moved.to)}`;
}

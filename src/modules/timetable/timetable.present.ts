import type { TimetableEntry } from './timetable.queries.ts';

/** A version of the timetable as JSON: its instants as ISO strings. */
export function presentTimetable(entry: TimetableEntry) {
  return {
    ...entry,
    createdAt: entry.createdAt.toISOString(),
    supersededAt: entry.supersededAt?.toISOString() ?? null,
  };
}

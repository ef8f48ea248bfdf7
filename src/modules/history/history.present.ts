import { HELD_OUTSIDE_LABEL } from '../installation/installation.ts';
import type { StoredHistorySource } from './history.queries.ts';

/** Ruling 13: the API's flag on a record that may be history, with its source. */
export function presentHeldOutside(source: StoredHistorySource | undefined) {
  return {
    heldOutsideSecrel: source !== undefined,
    historySource: source
      ? { url: source.url, summary: source.summary, recordedAt: source.recordedAt.toISOString() }
      : null,
  };
}

/** Ruling 13: what a page shows of a record held outside secrel; null when it is live. */
export interface HeldOutsideView {
  label: string;
  url: string | null;
  summary: string | null;
}

export function heldOutsideView(source: StoredHistorySource | undefined): HeldOutsideView | null {
  return source ? { label: HELD_OUTSIDE_LABEL, url: source.url, summary: source.summary } : null;
}

/**
 * Ruling 13: "Before [the cut-over], history is recorded as such ('held outside secrel', with the
 * published document attached), flagged in pages and the API". A record of a kind the history
 * holds (a Change Board or Authority decision, a RID approval, a release's go-live decision) may
 * reach secrel through its live route dated before the cut-over: a decision taken before secrel
 * was in use, or a Panel act at a meeting held before it. Such a record is history: it carries
 * its published source (the page on the SEC website, its summary, or both), saved as the record's
 * history source so that every page and the API flag it. A record dated on or after the cut-over
 * is live: it rests on what secrel holds, and an outside source is refused.
 * PURE.
 */
import { AppError } from '../../errors.ts';
import { isHeldOutside } from './installation.ts';

/** The longest source address and summary, as the history import takes them. */
export const MAX_SOURCE_URL = 2000;
export const MAX_SOURCE_SUMMARY = 10_000;

/** A web address: http(s), a host with a dot, no spaces. */
export const SOURCE_URL = /^https?:\/\/[^\s/]+\.[^\s]+$/;

/** Ruling 13: the published summary a record held outside secrel rests on. */
export interface HistorySource {
  /** The page on the SEC website (or another public source) that published it. */
  url: string | null;
  /** The published summary's text, or what the adopter took from it. */
  summary: string | null;
}

/** The source as typed on a live route's form or API body; either may be absent or blank. */
export interface GivenSource {
  sourceUrl?: string | undefined;
  sourceSummary?: string | undefined;
}

function blankless(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * Ruling 13: the source a record dated `on` keeps, given the installation's `cutOver`. Before the
 * cut-over, the published source given, which is required (`history_source_required`): a web
 * address, a summary or both. On or after it, none: the record is live, and a source given is
 * refused (`history_after_cut_over`). `what` names the record in the refusal ("The Authority
 * decision of 3 March 2025"). Returns the source to save, or null for a live record.
 */
export function liveRouteSource(
  on: string,
  cutOver: string,
  given: GivenSource,
  what: string,
): HistorySource | null {
  const url = blankless(given.sourceUrl);
  const summary = blankless(given.sourceSummary);
  if (!isHeldOutside(on, cutOver)) {
    if (url === null && summary === null) return null;
    throw new AppError(
      'history_after_cut_over',
      `${what} is on or after the cut-over (${cutOver}): it is recorded live in secrel, with no outside source (ruling 13)`,
      { field: url === null ? 'sourceSummary' : 'sourceUrl' },
    );
  }
  if (url === null && summary === null)
    throw new AppError(
      'history_source_required',
      `${what} is before the cut-over (${cutOver}): it is history, held outside secrel, and is recorded with its published source. Give the page on the SEC website that published it, its summary, or both (ruling 13)`,
      { field: 'sourceUrl' },
    );
  if (url !== null && (url.length > MAX_SOURCE_URL || !SOURCE_URL.test(url)))
    throw new AppError(
      'validation_failed',
      `The source must be a web address (https://…) of at most ${MAX_SOURCE_URL} characters`,
      { field: 'sourceUrl' },
    );
  if (summary !== null && summary.length > MAX_SOURCE_SUMMARY)
    throw new AppError(
      'validation_failed',
      `The source summary must be ${MAX_SOURCE_SUMMARY} characters or fewer`,
      { field: 'sourceSummary' },
    );
  return { url, summary };
}

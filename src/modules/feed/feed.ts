/**
 * Issue 13: the calendar (ICS, RFC 5545) and Atom (RFC 4287) feeds: their items, pure.
 */

/** A dated item of a calendar feed: an all-day event on `date`, or at an instant `at`. */
export interface CalendarItem {
  /** Stable across fetches, so a calendar updates the event rather than adding one. */
  uid: string;
  date: string;
  /** For a deadline at an instant (e.g. 23:59:59 UK time), that instant. */
  at?: string;
  summary: string;
  description: string;
  path: string;
}

/** An entry of an Atom feed. */
export interface FeedEntry {
  id: string;
  title: string;
  summary: string;
  path: string;
  updated: string;
}

/** A private feed's token as it appears in its address: `cal_` and 32 random bytes in base64url. */
export function isFeedToken(value: string): boolean {
  return /^cal_[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * D10.5: which requests to the Authority for a new implementation timetable count for a
 * modification. PURE: no database, HTTP or clock.
 */

/** A request to the Authority as the counting rule reads it. */
export interface AuthorityRequestFact {
  status: 'pending' | 'directed' | 'declined';
  /** When the request was recorded. */
  recordedAt: Date;
}

/**
 * D10.5, D10.5(b), rulings 10 and 17: a modification may go live after its implementation date
 * in force only with a D10.5 request to the Authority for a new timetable that is still awaiting
 * the Authority's answer (pending) and was recorded since that date was set (`dateSetAt`; null:
 * the modification has no date, so any pending request counts). A directed request has been
 * answered with a new date, which is then the date in force (D10.5(b)); a declined one leaves
 * the old date standing with no request; a request recorded before the date in force was set
 * asked about an earlier date. The one rule for allocation and re-allocation (ruling 17) and
 * for the Panel's deferral of a release (ruling 10).
 */
export function hasRequestAwaitingAuthority(
  requests: readonly AuthorityRequestFact[],
  dateSetAt: Date | null,
): boolean {
  return requests.some(
    (r) =>
      r.status === 'pending' &&
      (dateSetAt === null || r.recordedAt.getTime() >= dateSetAt.getTime()),
  );
}

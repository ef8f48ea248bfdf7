/**
 * What a go-live decision rests on and the gates before a release goes live (D10.8(c)(e),
 * D10.13(a)(f), rulings 10, 13, 15 and 16): the meeting that decided, the approved RID's approval,
 * the Policy's go-live decision window, the approved content and the notice. PURE.
 */
import { countOf } from '../../calendar/count-words.ts';
import { isIsoDate, type WorkingDayCalendar } from '../../calendar/index.ts';
import { formatEpochDay, parseIsoDate } from '../../calendar/civil-date.ts';
import { longDate } from '../../calendar/date-words.ts';
import { satisfiesGate } from '../installation/installation.ts';
import type { GoLiveRefusal } from './go-live.ts';

/**
 * Ruling 13: a go-live decision names a Panel meeting that exists (`heldOn` undefined: no such
 * meeting) and has been held by `today`.
 */
export function checkDecisionMeeting(
  heldOn: string | undefined,
  today: string,
): GoLiveRefusal | null {
  if (heldOn === undefined)
    return {
      code: 'validation_failed',
      field: 'meetingId',
      message: 'Choose the Panel meeting that decided',
    };
  if (heldOn > today)
    return {
      code: 'validation_failed',
      field: 'meetingId',
      message: 'That Panel meeting has not been held yet: record its decision after the meeting',
    };
  return null;
}

/**
 * Rulings 13 and 16: a go-live decision taken at a Panel meeting is dated the meeting's day; a
 * different date typed alongside is refused. Returns the date the decision is recorded under.
 */
export function decisionDateOf(
  decidedOn: string,
  heldOn: string | undefined,
): { date: string } | GoLiveRefusal {
  if (heldOn === undefined || decidedOn === '' || decidedOn === heldOn)
    return { date: heldOn ?? decidedOn };
  return {
    code: 'validation_failed',
    field: 'decidedOn',
    message: `The Panel decided at its meeting of ${longDate(heldOn)}: the decision is dated that day`,
  };
}

/**
 * Ruling 13, D10.8(e), D10.13(f): the approved RID a go-live decision rests on carries it only when
 * its approval is live, or the decision is itself before the cut-over (`satisfiesGate`): a RID
 * approval held outside secrel does not carry a decision taken after the cut-over.
 */
export function checkRidApprovalCarries(
  rid: { number: number; approvedOn: string | null },
  decidedOn: string,
  cutOver: string,
): GoLiveRefusal | null {
  if (rid.approvedOn === null || !isIsoDate(decidedOn)) return null;
  if (satisfiesGate(rid.approvedOn, decidedOn, cutOver)) return null;
  return {
    code: 'rid_approval_held_outside',
    field: 'decidedOn',
    message: `Version ${String(rid.number)} of the RID was approved on ${longDate(rid.approvedOn)}, before the cut-over (${longDate(cutOver)}): held outside secrel, it carries only decisions before the cut-over. The Panel approves a RID version in secrel before deciding go-live on ${longDate(decidedOn)} (ruling 13)`,
  };
}

/**
 * D10.8(e), ruling 10: the first day of the Policy's go-live decision window: `workingDays`
 * Working Days before go-live, i.e. the latest day of which go-live is the Nth Working Day
 * following (the Policy's `goLive.decisionWorkingDaysBeforeGoLive`, default 5).
 */
export function goLiveWindowOpens(
  goLive: string,
  workingDays: number,
  calendar: WorkingDayCalendar,
): string {
  let cursor = parseIsoDate(goLive);
  let counted = 0;
  while (counted < workingDays) {
    if (calendar.isWorkingDay(formatEpochDay(cursor))) counted += 1;
    cursor -= 1;
  }
  return formatEpochDay(cursor);
}

/** The refusals of the go-live rules of rulings 10 and 15 and D10.8(c). */
export interface GoLiveGateRefusal {
  code:
    | 'release_empty'
    | 'rid_content_mismatch'
    | 'go_live_window_not_open'
    | 'release_notice_required';
  field: string;
  message: string;
}

/**
 * D10.8(e), ruling 10: a decision to go live is taken within the Policy's go-live decision
 * window, from the day it opens (`opens`; undefined when the Policy sets no window).
 */
export function checkGoLiveWindow(
  decidedOn: string,
  goLive: string,
  opens: string | undefined,
): GoLiveGateRefusal | null {
  if (opens === undefined || decidedOn >= opens) return null;
  return {
    code: 'go_live_window_not_open',
    field: 'decidedOn',
    message: `The go-live decision for ${longDate(goLive)} is taken from ${longDate(opens)}, when the Policy’s go-live decision window opens (D10.8(e)): a decision of ${longDate(decidedOn)} is too early`,
  };
}

/** D10.13(a): a part of a release: the modification and the part (as the approved RID lists it). */
export interface ContentPart {
  modificationId: number;
  reference: string;
  part: string;
}

const keyOf = (p: ContentPart) => `${p.modificationId}\u0000${p.part}`;
const wordsOf = (p: ContentPart) =>
  p.part === 'whole' ? p.reference : `${p.reference} (${p.part})`;

/**
 * Ruling 15, D10.13(a), D10.8(e): going live implements exactly the content of the approved RID:
 * refused when it lists nothing (or none recorded) or the release holds no part any more
 * (release_empty), and when the release's parts differ from it (rid_content_mismatch).
 */
export function checkGoLiveContent(
  approved: readonly ContentPart[] | null,
  scope: readonly ContentPart[],
): GoLiveGateRefusal | null {
  if (approved === null || approved.length === 0)
    return {
      code: 'release_empty',
      field: 'outcome',
      message:
        'The approved RID lists no modification in the release: there is nothing to go live (ruling 15)',
    };
  if (scope.length === 0)
    return {
      code: 'release_empty',
      field: 'outcome',
      message:
        'Every part of the release has been de-scoped: there is nothing to go live (ruling 15)',
    };
  const inScope = new Set(scope.map(keyOf));
  const inRid = new Set(approved.map(keyOf));
  const gone = approved.filter((p) => !inScope.has(keyOf(p))).map(wordsOf);
  const extra = scope.filter((p) => !inRid.has(keyOf(p))).map(wordsOf);
  if (gone.length === 0 && extra.length === 0) return null;
  const problems = [
    ...(gone.length > 0
      ? [`the approved RID lists ${gone.join(', ')}, no longer in the release`]
      : []),
    ...(extra.length > 0 ? [`the release holds ${extra.join(', ')}, not in the approved RID`] : []),
  ];
  return {
    code: 'rid_content_mismatch',
    field: 'outcome',
    message: `Go-live implements exactly the approved RID’s content (ruling 15), but ${problems.join(' and ')}: approve a RID amendment first`,
  };
}

/**
 * D10.8(c), D10.15: a release goes live only after Users had the notice the Policy requires: a
 * notice issued (London date) on or before the start of the notice period (`noticeStart`; with no
 * period set, any notice), unless the Panel recorded an exception.
 */
export function checkGoLiveNotice(
  issuedOn: readonly string[],
  noticeStart: string | undefined,
  panelException: boolean,
): GoLiveGateRefusal | null {
  if (panelException) return null;
  const inTime = issuedOn.filter((day) => noticeStart === undefined || day <= noticeStart);
  if (inTime.length > 0) return null;
  const issued =
    issuedOn.length === 0
      ? 'no notice of the release has been issued'
      : `the ${countOf(issuedOn.length, 'notice')} issued came after ${longDate(noticeStart ?? '')}, when the notice period started`;
  return {
    code: 'release_notice_required',
    field: 'outcome',
    message: `Users must have notice of a release before it goes live (D10.8(c)), but ${issued}: record the Panel’s exception to go live without it`,
  };
}

/**
 * Release notices (D10.8(c), ruling 9): SECAS notifies all Parties of a release; Users are the
 * mandatory recipients and are flagged. PURE: no database, HTTP or clock.
 */
import { longDate } from '../../calendar/date-words.ts';
import type { ReleaseStatus } from '../release/release.ts';

export const MAX_NOTICE_SUBJECT = 200;
export const MAX_NOTICE_BODY = 20000;

/** D10.8(c): Working Days before the notice-period start that SECAS is reminded to issue one. */
export const NOTICE_REMINDER_WORKING_DAYS = 20;

export interface NoticeRefusal {
  code: 'invalid_transition' | 'validation_failed';
  field: string;
  message: string;
}

/** D10.8(c): a notice needs a subject and a body, within their lengths. */
export function checkNoticeInput(input: { subject: string; body: string }): NoticeRefusal | null {
  const fail = (field: string, message: string): NoticeRefusal => ({
    code: 'validation_failed',
    field,
    message,
  });
  if (input.subject.trim() === '') return fail('subject', 'Enter the subject of the notice');
  if (input.subject.length > MAX_NOTICE_SUBJECT)
    return fail('subject', `The subject must be at most ${MAX_NOTICE_SUBJECT} characters`);
  if (input.body.trim() === '') return fail('body', 'Enter the text of the notice');
  if (input.body.length > MAX_NOTICE_BODY)
    return fail('body', `The text must be at most ${MAX_NOTICE_BODY} characters`);
  return null;
}

/** D10.8(c): notices are issued for a release that is still going ahead (not cancelled). */
export function checkNoticeRelease(status: ReleaseStatus, name: string): NoticeRefusal | null {
  if (status === 'cancelled')
    return {
      code: 'invalid_transition',
      field: 'releaseId',
      message: `${name} is ${status}: no notice can be issued for it`,
    };
  return null;
}

/** Ruling 9: Parties receive notices; the organisations that are Users are the mandatory recipients. */
export const PARTY_KINDS = ['party', 'dcc'] as const;

export function isPartyKind(kind: string): boolean {
  return (PARTY_KINDS as readonly string[]).includes(kind);
}

export const USER_FLAG_TEXT =
  'You receive this notice as a User: D10.8(c) requires notice to Users.';

/** D10.8(c), ruling 9: the e-mail a Party's user receives; a User's users are told they are mandatory recipients. */
export function noticeEmailText(input: {
  releaseName: string;
  goLive: string;
  subject: string;
  body: string;
  organisationName: string;
  isUser: boolean;
  link: string;
}): string {
  const flag = input.isUser
    ? USER_FLAG_TEXT
    : `You receive this notice as a Party: ${input.organisationName}.`;
  return [
    `Notice of the ${input.releaseName} (go-live ${longDate(input.goLive)}): ${input.subject}`,
    '',
    input.body.trim(),
    '',
    flag,
    '',
    `Every notice for the release is published at ${input.link}`,
  ].join('\n');
}

/** D10.8(c): a notice issued after the notice period started (London date) is late. */
export function isLateNotice(issuedOn: string, noticeStart: string | undefined): boolean {
  return noticeStart !== undefined && issuedOn > noticeStart;
}

/**
 * D10.8(c): SECAS is reminded of a release with no notice yet whose notice period starts on or
 * before `horizon` (the date NOTICE_REMINDER_WORKING_DAYS Working Days from today), or has started.
 */
export function needsNotice(
  noticeStart: string | undefined,
  noticesIssued: number,
  horizon: string,
): boolean {
  return noticeStart !== undefined && noticesIssued === 0 && noticeStart <= horizon;
}

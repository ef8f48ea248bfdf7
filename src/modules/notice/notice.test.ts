import { describe, expect, it } from 'vitest';
import { ROLES, type Principal, type Role } from '../identity/identity.ts';
import {
  checkNoticeInput,
  checkNoticeRelease,
  isLateNotice,
  isPartyKind,
  MAX_NOTICE_SUBJECT,
  needsNotice,
  noticeEmailText,
  USER_FLAG_TEXT,
} from './notice.ts';
import { canIssueNotices, canReadNotices } from './notice.access.ts';
import { principalWith } from '../../../test/support/principals.ts';

const principal = (role: Role): Principal => principalWith(role);

const email = (isUser: boolean) =>
  noticeEmailText({
    releaseName: 'November 2027 SEC Release',
    goLive: '2027-11-04',
    subject: 'Scope',
    body: 'The scope is set.',
    organisationName: 'Gridline Networks',
    isUser,
    link: '/releases/3/notices',
  });

describe('release notices (D10.8(c), ruling 9)', () => {
  it('D10.8(c): only SECAS issues notices; anyone, signed in or not, reads them', () => {
    expect(ROLES.filter((role) => canIssueNotices(principal(role)))).toEqual([
      'code_administrator',
    ]);
    expect(canIssueNotices(null)).toBe(false);
    expect(canReadNotices(null)).toBe(true);
  });

  it('ruling 9: Parties and the DCC receive notices; SECAS, the Authority and others do not', () => {
    expect(['party', 'dcc'].every(isPartyKind)).toBe(true);
    expect(['authority', 'code_administrator', 'consumer_body', 'auditor'].some(isPartyKind)).toBe(
      false,
    );
  });

  it('ruling 9: a User’s users are told they are mandatory recipients; a non-User Party’s are not', () => {
    expect(email(true)).toContain(USER_FLAG_TEXT);
    expect(email(false)).not.toContain(USER_FLAG_TEXT);
    expect(email(false)).toContain('as a Party: Gridline Networks.');
    expect(email(true)).toContain('The scope is set.');
  });

  it('D10.8(c): a notice needs a subject and a body within their lengths', () => {
    expect(checkNoticeInput({ subject: ' ', body: 'x' })?.field).toBe('subject');
    expect(
      checkNoticeInput({ subject: 'x'.repeat(MAX_NOTICE_SUBJECT + 1), body: 'x' })?.field,
    ).toBe('subject');
    expect(checkNoticeInput({ subject: 'Scope', body: '' })?.field).toBe('body');
    expect(checkNoticeInput({ subject: 'Scope', body: 'Text' })).toBeNull();
  });

  it('D10.8(c): no notice for a cancelled release', () => {
    expect(checkNoticeRelease('cancelled', 'R')?.code).toBe('invalid_transition');
    expect(checkNoticeRelease('planned', 'R')).toBeNull();
  });

  it('D10.8(c): a notice after the notice-period start is late; on the day it is not', () => {
    expect(isLateNotice('2027-08-05', '2027-08-04')).toBe(true);
    expect(isLateNotice('2027-08-04', '2027-08-04')).toBe(false);
    expect(isLateNotice('2027-09-01', undefined)).toBe(false);
  });

  it('D10.8(c): SECAS is reminded when the start is within the horizon or passed and no notice exists', () => {
    expect(needsNotice('2027-08-04', 0, '2027-08-10')).toBe(true);
    expect(needsNotice('2027-08-04', 1, '2027-08-10')).toBe(false);
    expect(needsNotice('2027-08-04', 0, '2027-07-01')).toBe(false);
    expect(needsNotice(undefined, 0, '2027-08-10')).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import type { RoleGrant } from '../identity/identity.ts';
import {
  checkAttachmentCount,
  checkUpload,
  contentDisposition,
} from './consultation-attachment.ts';
import { closeAfterWorkingDays, instantOf } from './consultation-time.ts';
import {
  checkAnswers,
  checkAudiences,
  checkEdit,
  eligibility,
  includesAudiences,
  questionsFrom,
  statusAt,
  type Audience,
  type Respondent,
} from './consultation.ts';

const BODIES = ['panel', 'tabasc', 'security_sub_committee'];
const grant = (role: RoleGrant['role'], scope = ''): RoleGrant => ({ role, scope });
const party = (isUser: boolean): Respondent => ({
  roles: [grant('party')],
  organisation: { id: 7, kind: 'party', isUser },
});
const dcc: Respondent = {
  roles: [grant('dcc')],
  organisation: { id: 2, kind: 'dcc', isUser: false },
};
const eligible = (r: Respondent, audiences: Audience[]) => eligibility(r, audiences).eligible;

describe('Consultations: audiences', () => {
  it('Consultations: accepts dcc, users, all_parties and body:<existing body>', () => {
    expect(checkAudiences(['dcc', 'users', 'body:tabasc'], BODIES)).toBeNull();
    expect(checkAudiences(['all_parties'], BODIES)).toBeNull();
  });
  it('Consultations: refuses no audience, an unknown body, a made-up audience and duplicates', () => {
    expect(checkAudiences([], BODIES)).toMatch(/at least one/);
    expect(checkAudiences(['body:nonesuch'], BODIES)).toMatch(/not an audience/);
    expect(checkAudiences(['suppliers'], BODIES)).toMatch(/not an audience/);
    expect(checkAudiences(['dcc', 'dcc'], BODIES)).toMatch(/twice/);
  });
});

describe('Consultations: eligibility by audience', () => {
  it('Consultations: dcc covers the DCC only', () => {
    expect(eligible(dcc, ['dcc'])).toBe(true);
    expect(eligible(party(true), ['dcc'])).toBe(false);
  });
  it('Consultations: users covers Parties that are Users, not other Parties, and not the DCC', () => {
    expect(eligible(party(true), ['users'])).toBe(true);
    expect(eligible(party(false), ['users'])).toBe(false);
    expect(eligible(dcc, ['users'])).toBe(false);
  });
  it('Consultations: all_parties covers every Party and the DCC, but not SECAS or the Authority', () => {
    expect(eligible(party(false), ['all_parties'])).toBe(true);
    expect(eligible(dcc, ['all_parties'])).toBe(true);
    const secas: Respondent = {
      roles: [grant('code_administrator')],
      organisation: { id: 1, kind: 'code_administrator', isUser: false },
    };
    expect(eligible(secas, ['all_parties'])).toBe(false);
    const authorityWithPartyRole: Respondent = {
      roles: [grant('party')],
      organisation: { id: 3, kind: 'authority', isUser: false },
    };
    expect(eligible(authorityWithPartyRole, ['all_parties'])).toBe(false);
  });
  it('Consultations: a Panel member of a Party does not respond for it (only the party role does)', () => {
    const member: Respondent = {
      roles: [grant('panel_member')],
      organisation: { id: 7, kind: 'party', isUser: true },
    };
    expect(eligible(member, ['all_parties'])).toBe(false);
  });
  it('Consultations: body:X covers members of sub-committee X, for their organisation', () => {
    const member: Respondent = {
      roles: [grant('sub_committee_member', 'tabasc')],
      organisation: { id: 9, kind: 'party', isUser: true },
    };
    expect(eligibility(member, ['body:tabasc'])).toEqual({
      eligible: true,
      organisationId: 9,
      audience: 'body:tabasc',
    });
    expect(eligible(member, ['body:security_sub_committee'])).toBe(false);
  });
  it('Consultations: a body member with no organisation is refused with the reason', () => {
    const member: Respondent = {
      roles: [grant('sub_committee_member', 'tabasc')],
      organisation: null,
    };
    const result = eligibility(member, ['body:tabasc']);
    expect(result.eligible).toBe(false);
    if (!result.eligible) expect(result.reason).toMatch(/organisation/);
  });
});

describe('Consultations: status follows the clock', () => {
  const c = {
    opensAt: new Date('2021-06-09T00:00:00+01:00'),
    closesAt: new Date('2021-06-23T23:59:59+01:00'),
  };
  it('Consultations: scheduled before opening, open from the opening instant', () => {
    expect(statusAt(c, new Date('2021-06-08T23:59:59+01:00'))).toBe('scheduled');
    expect(statusAt(c, c.opensAt)).toBe('open');
  });
  it('Consultations: still open at the exact close instant, closed one second later', () => {
    expect(statusAt(c, c.closesAt)).toBe('open');
    expect(statusAt(c, new Date(c.closesAt.getTime() + 1000))).toBe('closed');
  });
  it('Consultations: exactly one status at any instant, in time order', () => {
    const rank = { scheduled: 0, open: 1, closed: 2 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: -1e10, max: 1e10 }),
        fc.integer({ min: 0, max: 1e9 }),
        (a, d) => {
          const t1 = new Date(c.opensAt.getTime() + a);
          const t2 = new Date(t1.getTime() + d);
          return rank[statusAt(c, t1)] <= rank[statusAt(c, t2)];
        },
      ),
    );
  });
});

describe('D10.9 the DCC and Users consulted', () => {
  it('D10.9 a consultation of the DCC and Users satisfies the rule', () => {
    expect(includesAudiences(['dcc', 'users'], ['dcc', 'users'])).toBe(true);
    expect(includesAudiences(['users', 'dcc', 'body:tabasc'], ['dcc', 'users'])).toBe(true);
  });
  it('D10.9 all Parties includes the DCC and the Users', () => {
    expect(includesAudiences(['all_parties'], ['dcc', 'users'])).toBe(true);
  });
  it('D10.9 one without the DCC, or without the Users, does not', () => {
    expect(includesAudiences(['users'], ['dcc', 'users'])).toBe(false);
    expect(includesAudiences(['dcc', 'body:tabasc'], ['dcc', 'users'])).toBe(false);
  });
});

describe('Consultations: questions and answers', () => {
  const questions = questionsFrom(['Do you agree?', '', '  Any comments?  ']);
  it('Consultations: questions are numbered q1, q2 … and blank lines dropped', () => {
    expect(questions).toEqual([
      { id: 'q1', text: 'Do you agree?' },
      { id: 'q2', text: 'Any comments?' },
    ]);
  });
  it('Consultations: answers name real questions, once, and at least one has text', () => {
    expect(checkAnswers([{ questionId: 'q9', text: 'x' }], questions)).toMatchObject({
      field: 'answers.0',
    });
    expect(
      checkAnswers(
        [
          { questionId: 'q1', text: 'a' },
          { questionId: 'q1', text: 'b' },
        ],
        questions,
      ),
    ).toMatchObject({ field: 'answers.1' });
    expect(checkAnswers([{ questionId: 'q1', text: '  ' }], questions)).toMatchObject({
      field: 'answers',
    });
    expect(
      checkAnswers(
        [
          { questionId: 'q2', text: ' b ' },
          { questionId: 'q1', text: '' },
        ],
        questions,
      ),
    ).toEqual({ answers: [{ questionId: 'q2', text: 'b' }] });
  });
});

describe('Consultations: editing', () => {
  const current = { closesAt: new Date('2021-06-23T22:59:59Z') };
  const later = new Date('2021-06-30T22:59:59Z');
  const earlier = new Date('2021-06-20T22:59:59Z');
  it('Consultations: anything may change before it opens', () => {
    expect(checkEdit('scheduled', current, ['title', 'questions', 'closesAt'], earlier)).toBeNull();
  });
  it('Consultations: once open only the close may change, and only to later', () => {
    expect(checkEdit('open', current, ['closesAt'], later)).toBeNull();
    expect(checkEdit('open', current, ['closesAt'], earlier)).toMatchObject({ field: 'closesAt' });
    expect(checkEdit('open', current, ['title'], current.closesAt)).toMatchObject({
      field: 'title',
    });
  });
  it('Consultations: once closed nothing may change', () => {
    expect(checkEdit('closed', current, ['closesAt'], later)).toMatchObject({ closed: true });
  });
});

describe('Consultations: dates', () => {
  const calendar = createCalendar('england-and-wales', []);
  it('Consultations: 10 Working Days after opening on 9 June 2021 closes 23:59:59 on 23 June 2021', () => {
    const opens = instantOf('opensAt', '2021-06-09', 'start');
    expect(opens).toBe('2021-06-08T23:00:00.000Z');
    expect(closeAfterWorkingDays(calendar, opens, 10)).toBe('2021-06-23T22:59:59.000Z');
  });
  it('Consultations: a close date ends at 23:59:59 UK time; bad dates and counts name the field', () => {
    expect(instantOf('closesAt', '2021-12-01', 'end')).toBe('2021-12-01T23:59:59.000Z');
    expect(() => instantOf('closesAt', '2021-02-30', 'end')).toThrow(/real date/);
    expect(() => instantOf('opensAt', 'next week', 'start')).toThrow(/YYYY-MM-DD/);
    expect(() => closeAfterWorkingDays(calendar, new Date().toISOString(), 0)).toThrow(
      /Working Days/,
    );
  });
});

describe('Consultations: attachments', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it('Consultations: PDF, zip-based and text files whose content matches are accepted', () => {
    expect(checkUpload({ filename: 'a.pdf', data: bytes('%PDF-1.7 …') })).toMatchObject({
      ok: true,
      contentType: 'application/pdf',
    });
    expect(
      checkUpload({ filename: 'C:\\x\\b.DOCX', data: bytes('PK\u0003\u0004…') }),
    ).toMatchObject({ ok: true, filename: 'b.DOCX' });
    expect(checkUpload({ filename: 'c.csv', data: bytes('a,b\n1,2\n') })).toMatchObject({
      ok: true,
      contentType: 'text/csv',
    });
  });
  it('Consultations: other types, disguised files, HTML and empty files are refused', () => {
    expect(checkUpload({ filename: 'run.exe', data: bytes('MZ') })).toMatchObject({ ok: false });
    expect(checkUpload({ filename: 'page.html', data: bytes('<p>') })).toMatchObject({ ok: false });
    expect(checkUpload({ filename: 'fake.pdf', data: bytes('MZ…') })).toMatchObject({ ok: false });
    expect(
      checkUpload({ filename: 'x.txt', data: bytes('<!DOCTYPE html><script>') }),
    ).toMatchObject({ ok: false });
    expect(checkUpload({ filename: 'x.txt', data: new Uint8Array([0x41, 0, 0x42]) })).toMatchObject(
      { ok: false },
    );
    expect(checkUpload({ filename: 'x.txt', data: new Uint8Array() })).toMatchObject({ ok: false });
  });
  it('Consultations: at most three files per response', () => {
    expect(checkAttachmentCount(1, 2)).toBeNull();
    expect(checkAttachmentCount(2, 2)).toMatch(/at most 3/);
  });
  it('Consultations: downloads are attachments with a safe file name', () => {
    expect(contentDisposition('répo"nse.pdf')).toBe(
      `attachment; filename="r_po_nse.pdf"; filename*=UTF-8''r%C3%A9po%22nse.pdf`,
    );
  });
});

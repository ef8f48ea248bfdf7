import { describe, expect, it } from 'vitest';
import { jsonLines, ridSectionLines } from './auditor-records.present.ts';
import {
  canMoveAppointment,
  checkAccessAnswer,
  checkAccessRequest,
  checkApproval,
  checkEnding,
  checkNaming,
  checkProposal,
  type AppointmentFacts,
} from './auditor.ts';

const auditor = { kind: 'auditor' as const, name: 'Harbour & Finch LLP' };
const party = { kind: 'party' as const, name: 'Albion Power Ltd' };
const proposal = {
  appointedBy: 'panel',
  organisationNamed: true,
  organisation: auditor,
  termsOfReference: 'Monitor the DCC’s testing.',
};
const proposed: AppointmentFacts = { status: 'proposed', appointedBy: 'panel', organisationId: 7 };
const TODAY = '2026-11-27';

describe('D10.11: appointing an external auditor', () => {
  it.each([
    ['the Panel names an auditor organisation', proposal, null],
    [
      'the Panel requires the DCC to appoint, naming no one',
      { ...proposal, appointedBy: 'dcc', organisationNamed: false, organisation: undefined },
      null,
    ],
    ['an unknown appointer', { ...proposal, appointedBy: 'authority' }, 'appointedBy'],
    [
      'the Panel names no organisation',
      { ...proposal, organisationNamed: false, organisation: undefined },
      'organisationId',
    ],
    ['the Panel names a Party', { ...proposal, organisation: party }, 'organisationId'],
    [
      'the Panel requires the DCC to appoint but names one itself',
      { ...proposal, appointedBy: 'dcc' },
      'organisationId',
    ],
    ['no terms of reference', { ...proposal, termsOfReference: '  ' }, 'termsOfReference'],
  ])('D10.11: %s', (_name, input, field) => {
    expect(checkProposal(input)?.field ?? null).toBe(field);
  });

  it('D10.11: only an auditor organisation can be appointed, and the message names the one refused', () => {
    expect(checkProposal({ ...proposal, organisation: party })).toEqual({
      code: 'validation_failed',
      field: 'organisationId',
      message: 'Only an auditor organisation can be appointed: Albion Power Ltd is not one',
    });
  });

  it.each([
    ['proposed', 'appointed', true],
    ['proposed', 'ended', true],
    ['appointed', 'ended', true],
    ['appointed', 'proposed', false],
    ['ended', 'appointed', false],
    ['ended', 'ended', false],
  ] as const)('D10.11: an appointment moves %s → %s: %s', (from, to, allowed) => {
    expect(canMoveAppointment(from, to)).toBe(allowed);
  });
});

describe('D10.11: the DCC names the auditor it is required to appoint', () => {
  const dccToAppoint: AppointmentFacts = { ...proposed, appointedBy: 'dcc', organisationId: null };
  it.each([
    ['an auditor while proposed', dccToAppoint, auditor, null],
    ['a Party', dccToAppoint, party, 'validation_failed'],
    ['on a Panel appointment', proposed, auditor, 'auditor_appointment_status'],
    [
      'after approval',
      { ...dccToAppoint, status: 'appointed' as const },
      auditor,
      'auditor_appointment_status',
    ],
  ])('D10.11: naming %s', (_name, facts, organisation, code) => {
    expect(checkNaming(facts, organisation)?.code ?? null).toBe(code);
  });
});

describe('D10.11: the Panel approves the terms of reference', () => {
  it.each([
    ['today, when proposed and named', proposed, TODAY, null],
    ['in the past', proposed, '2026-10-01', null],
    ['in the future', proposed, '2026-11-28', 'validation_failed'],
    ['as not a date', proposed, '27/11/2026', 'validation_failed'],
    [
      'before the DCC names the auditor',
      { ...proposed, organisationId: null },
      TODAY,
      'auditor_appointment_status',
    ],
    ['twice', { ...proposed, status: 'appointed' as const }, TODAY, 'auditor_appointment_status'],
    [
      'after the end',
      { ...proposed, status: 'ended' as const },
      TODAY,
      'auditor_appointment_status',
    ],
  ])('D10.11: approval %s', (_name, facts, approvedOn, code) => {
    expect(checkApproval(facts, approvedOn, TODAY)?.code ?? null).toBe(code);
  });

  it.each([
    ['a proposed appointment with a reason', proposed, 'Withdrawn', null],
    ['an appointed one with a reason', { ...proposed, status: 'appointed' as const }, 'Done', null],
    ['without a reason', proposed, ' ', 'reason'],
    ['an ended one', { ...proposed, status: 'ended' as const }, 'Again', 'reason'],
  ])('D10.11: ending %s', (_name, facts, reason, field) => {
    expect(checkEnding(facts, reason)?.field ?? null).toBe(field);
  });
});

describe('D10.11: access requests and the DCC’s answers', () => {
  it.each([
    [
      'records without a date',
      { kind: 'records', detail: 'The SIT defect log', wantedOn: '' },
      null,
    ],
    [
      'witnessing on a date',
      { kind: 'test_witnessing', detail: 'Regression run', wantedOn: TODAY },
      null,
    ],
    [
      'witnessing without a date',
      { kind: 'test_witnessing', detail: 'Regression', wantedOn: '' },
      'wantedOn',
    ],
    [
      'a laboratory visit without a date',
      { kind: 'test_laboratory', detail: 'Lab', wantedOn: '' },
      'wantedOn',
    ],
    ['a date in the past', { kind: 'records', detail: 'Log', wantedOn: '2026-11-26' }, 'wantedOn'],
    [
      'a date that is not one',
      { kind: 'records', detail: 'Log', wantedOn: '2026-02-30' },
      'wantedOn',
    ],
    ['no detail', { kind: 'records', detail: ' ', wantedOn: '' }, 'detail'],
    ['an unknown kind', { kind: 'minutes', detail: 'x', wantedOn: '' }, 'kind'],
  ])('D10.11: a request for %s', (_name, input, field) => {
    expect(checkAccessRequest(input, TODAY)?.field ?? null).toBe(field);
  });

  const open = { kind: 'test_witnessing' as const, status: 'open' as const };
  it.each([
    [
      'granted with a date',
      open,
      'appointed',
      { outcome: 'granted', answer: 'Lab 2', arrangedOn: '2027-01-12' },
      null,
    ],
    [
      'refused with a reason',
      open,
      'appointed',
      { outcome: 'refused', answer: 'Not in scope', arrangedOn: '' },
      null,
    ],
    [
      'records granted without a date',
      { ...open, kind: 'records' as const },
      'appointed',
      { outcome: 'granted', answer: 'Shared', arrangedOn: '' },
      null,
    ],
    [
      'a visit granted without a date',
      open,
      'appointed',
      { outcome: 'granted', answer: 'Yes', arrangedOn: '' },
      'arrangedOn',
    ],
    [
      'refused with a date',
      open,
      'appointed',
      { outcome: 'refused', answer: 'No', arrangedOn: '2027-01-12' },
      'arrangedOn',
    ],
    [
      'without an answer',
      open,
      'appointed',
      { outcome: 'refused', answer: '', arrangedOn: '' },
      'answer',
    ],
    ['with no outcome', open, 'appointed', { outcome: '', answer: 'x', arrangedOn: '' }, 'outcome'],
  ] as const)('D10.11: an answer %s', (_name, request, status, input, field) => {
    expect(checkAccessAnswer(request, status, input)?.field ?? null).toBe(field);
  });

  it('D10.11: an answered request or an auditor no longer appointed cannot be answered', () => {
    const input = { outcome: 'granted', answer: 'Yes', arrangedOn: '2027-01-12' };
    expect(checkAccessAnswer({ ...open, status: 'granted' }, 'appointed', input)?.code).toBe(
      'access_request_answered',
    );
    expect(checkAccessAnswer(open, 'ended', input)?.code).toBe('auditor_appointment_status');
  });
});

describe('D10.11: the auditor reads records written by other modules', () => {
  it('D10.11: RID sections (a)–(f) become lines and empty sections are left out', () => {
    const lines = ridSectionLines({
      contentNotes: 'MP143 documents',
      timescales: {
        dccTestingStart: '2027-01-04',
        dccTestingEnd: '2027-02-26',
        userTestingStart: null,
        userTestingEnd: null,
        milestones: [],
        notes: '',
      },
      reporting: { frequency: 'weekly', firstReportDue: null, measures: ['defects'], notes: '' },
      dccTesting: '',
      userTesting: { requirements: '', dccSupport: '' },
      goLiveCriteria: [{ id: 'GL1', text: 'No open severity 1 defects' }],
      free: [],
    });
    expect(lines.map((l) => l.label)).toEqual([
      '(a) Release content',
      '(b) Timescales, including DCC and User testing',
      '(c) DCC progress and readiness reporting',
      '(f) Go-live criteria',
    ]);
    expect(lines[1]?.value).toBe('DCC testing 4 January 2027 to 26 February 2027');
    expect(lines[3]?.value).toBe('GL1: No open severity 1 defects');
  });

  it.each([
    ['an object', { severity1: 0, severity2: 3 }, ['severity1: 0', 'severity2: 3']],
    ['named values', [{ name: 'Tests run', value: 120 }], ['Tests run: 120']],
    ['a plain list', ['a', 'b'], ['1: a', '2: b']],
    ['text', 'On track', [': On track']],
    ['nothing', null, []],
  ])('D10.11: JSON measures given as %s are shown, never hidden', (_name, value, expected) => {
    expect(jsonLines(value).map((l) => `${l.label}: ${l.value}`)).toEqual(expected);
  });
});

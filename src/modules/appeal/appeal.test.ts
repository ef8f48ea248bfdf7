import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import {
  appealWindowOf,
  checkAppeal,
  checkDetermination,
  checkFurtherAppeal,
  checkFurtherAppealOutcome,
  deadlineInWords,
  type FurtherAppeal,
  isApproval,
  type AppealableVersion,
} from './appeal.ts';

const calendar = createCalendar('england-and-wales');

/** Published on Christmas Eve 2026: the window closes at 23:59:59 GMT on Tue 12 Jan 2027. */
const published: AppealableVersion = {
  number: 1,
  status: 'approved',
  approvedOn: '2026-12-18',
  publishedAt: '2026-12-24T10:00:00.000Z',
  appealDeadline: null,
};
const inTime = new Date('2027-01-12T23:59:58Z');
const late = new Date('2027-01-13T00:00:00Z');

describe('D10.17: who may appeal what, and when', () => {
  it.each<[string, AppealableVersion, boolean]>([
    ['an approved version', published, true],
    [
      'a superseded version that was approved (ruling 1)',
      { ...published, status: 'superseded' },
      true,
    ],
    [
      'a superseded version never approved',
      { ...published, status: 'superseded', approvedOn: null },
      false,
    ],
    ['a draft', { ...published, status: 'draft', approvedOn: null }, false],
    ['a version before the Panel', { ...published, status: 'submitted', approvedOn: null }, false],
    ['a withdrawn version', { ...published, status: 'withdrawn', approvedOn: null }, false],
  ])('D10.17: %s is an approval: %s', (_name, version, expected) => {
    expect(isApproval(version)).toBe(expected);
  });

  it('D10.17: an appeal in time with reasons is accepted', () => {
    expect(checkAppeal(calendar, published, 'The DCC testing window is too short', inTime)).toBe(
      null,
    );
  });

  it.each(['', '   ', '\n\t'])(
    'D10.17: an appeal without reasons (%j) is refused on the field',
    (reasons) => {
      expect(checkAppeal(calendar, published, reasons, inTime)).toMatchObject({
        code: 'appeal_reasons_required',
        field: 'reasons',
      });
    },
  );

  it('D10.17: an appeal one second after the deadline is refused with the deadline in words', () => {
    const refusal = checkAppeal(calendar, published, 'Reasons', late);
    expect(refusal).toMatchObject({
      code: 'appeal_out_of_time',
      details: { deadline: '2027-01-12T23:59:59+00:00' },
    });
    expect(refusal?.message).toContain(
      'The appeal window closed at 23:59:59 on Tuesday 12 January 2027 (UK time)',
    );
  });

  it('ruling 1: an unpublished approval cannot be appealed yet', () => {
    const refusal = checkAppeal(calendar, { ...published, publishedAt: null }, 'Reasons', inTime);
    expect(refusal).toMatchObject({ code: 'appeal_not_open' });
    expect(refusal?.message).toContain('has not been published yet');
  });

  it('D10.17: a draft cannot be appealed', () => {
    const draft: AppealableVersion = { ...published, status: 'draft', approvedOn: null };
    expect(checkAppeal(calendar, draft, 'Reasons', inTime)).toMatchObject({
      code: 'appeal_not_open',
    });
  });

  it('ruling 1: a superseded approval is appealed within its own window, counted from its own publication', () => {
    const v1: AppealableVersion = { ...published, status: 'superseded' };
    const v2: AppealableVersion = {
      number: 2,
      status: 'approved',
      approvedOn: '2027-01-08',
      publishedAt: '2027-01-08T12:00:00.000Z',
      appealDeadline: null,
    };
    // 13 Jan 2027: v1's window closed on the 12th; v2's (Fri 8 Jan + 10) runs to Fri 22 Jan.
    expect(appealWindowOf(calendar, v1, late)).toMatchObject({ state: 'closed' });
    expect(appealWindowOf(calendar, v2, late)).toMatchObject({
      state: 'open',
      deadline: '2027-01-22T23:59:59+00:00',
    });
    expect(checkAppeal(calendar, v1, 'Reasons', inTime)).toBe(null);
  });

  it('D10.17: a deadline reads in words with its weekday and UK time', () => {
    expect(deadlineInWords('2027-01-12T23:59:59+00:00')).toBe(
      '23:59:59 on Tuesday 12 January 2027 (UK time)',
    );
    expect(deadlineInWords('2026-06-17T23:59:59+01:00')).toBe(
      '23:59:59 on Wednesday 17 June 2026 (UK time)',
    );
  });
});

describe('D10.17: the Authority determines once, without prejudice to s.173 Energy Act 2004', () => {
  const referred = { status: 'referred' as const, determinedOn: null, lodgedOn: '2027-01-05' };
  const input = { outcome: 'dismissed', determination: 'No grounds.', determinedOn: '2027-01-20' };

  it('D10.17: a complete determination of a referred appeal is accepted', () => {
    expect(checkDetermination(referred, input, '2027-01-20')).toBe(null);
  });

  it.each(['upheld', 'dismissed', 'other_action'] as const)(
    'D10.17: a second determination of an appeal already %s is refused',
    (status) => {
      const refusal = checkDetermination(
        { status, determinedOn: '2027-01-20', lodgedOn: '2027-01-05' },
        input,
        '2027-01-21',
      );
      expect(refusal).toMatchObject({ code: 'appeal_determined' });
      expect(refusal?.message).not.toMatch(/\bfinal\b/i);
      expect(refusal?.message).toContain('section 173 of the Energy Act 2004');
      expect(refusal?.message).toContain('20 January 2027');
    },
  );

  it.each([
    ['outcome', { ...input, outcome: 'referred' }],
    ['outcome', { ...input, outcome: '' }],
    ['determination', { ...input, determination: '  ' }],
    ['determinedOn', { ...input, determinedOn: '20/01/2027' }],
    ['determinedOn', { ...input, determinedOn: '2027-01-21' }],
    ['determinedOn', { ...input, determinedOn: '2027-01-04' }],
  ])('D10.17: a determination with a bad %s is refused on that field', (field, bad) => {
    expect(checkDetermination(referred, bad, '2027-01-20')).toMatchObject({
      code: 'validation_failed',
      field,
    });
  });
});

describe('Ruling 18: the appeal window closes at the deadline stored at publication', () => {
  it('Ruling 18: a stored deadline is used as stored, not recomputed from publication', () => {
    // Published Thu 24 Dec 2026 (window to Tue 12 Jan); suppose a holiday was added since: the
    // stored deadline still holds, shown with its UK offset.
    const stored = { ...published, appealDeadline: '2027-01-12T23:59:59.000Z' };
    const today = createCalendar('england-and-wales', [
      { date: '2027-01-06', region: 'all', kind: 'add', reason: 'Added later' },
    ]);
    expect(appealWindowOf(today, stored, inTime)).toMatchObject({
      state: 'open',
      deadline: '2027-01-12T23:59:59+00:00',
    });
    expect(appealWindowOf(today, stored, late)).toMatchObject({ state: 'closed' });
  });
});

describe('D10.17: a further appeal to the CMA (section 173 of the Energy Act 2004)', () => {
  const determined = {
    status: 'dismissed' as const,
    determinedOn: '2027-01-20',
    furtherAppeal: null,
  };
  const input = { appellant: 'Albion Power Ltd', broughtOn: '2027-02-01', details: 'CMA ref 1' };
  const recorded: FurtherAppeal = {
    ...input,
    recordedAt: new Date('2027-02-01T10:00:00Z'),
    outcome: null,
    outcomeText: null,
    decidedOn: null,
  };

  it('D10.17: a further appeal of a determined appeal is accepted', () => {
    expect(checkFurtherAppeal(determined, input, '2027-02-01')).toBe(null);
  });

  it('D10.17: a further appeal of an appeal not yet determined is refused', () => {
    expect(
      checkFurtherAppeal(
        { status: 'referred', determinedOn: null, furtherAppeal: null },
        input,
        '2027-02-01',
      ),
    ).toMatchObject({ code: 'appeal_not_determined' });
  });

  it('D10.17: a second further appeal is refused', () => {
    expect(
      checkFurtherAppeal({ ...determined, furtherAppeal: recorded }, input, '2027-02-02'),
    ).toMatchObject({ code: 'further_appeal_exists' });
  });

  it.each([
    ['appellant', { ...input, appellant: ' ' }],
    ['broughtOn', { ...input, broughtOn: '1/2/2027' }],
    ['broughtOn', { ...input, broughtOn: '2027-02-02' }],
    ['broughtOn', { ...input, broughtOn: '2027-01-19' }],
    ['details', { ...input, details: '' }],
  ])('D10.17: a further appeal with a bad %s is refused on that field', (field, bad) => {
    expect(checkFurtherAppeal(determined, bad, '2027-02-01')).toMatchObject({
      code: 'validation_failed',
      field,
    });
  });

  it('D10.17: the CMA outcome needs a recorded further appeal, and is recorded once', () => {
    const outcome = { outcome: 'dismissed', outcomeText: 'Dismissed.', decidedOn: '2027-06-01' };
    expect(checkFurtherAppealOutcome(null, outcome, '2027-06-01')).toMatchObject({
      code: 'further_appeal_missing',
    });
    expect(checkFurtherAppealOutcome(recorded, outcome, '2027-06-01')).toBe(null);
    expect(
      checkFurtherAppealOutcome(
        { ...recorded, outcome: 'dismissed', decidedOn: '2027-06-01' },
        outcome,
        '2027-06-02',
      ),
    ).toMatchObject({ code: 'further_appeal_decided' });
    for (const [field, bad] of [
      ['outcome', { ...outcome, outcome: 'upheld' }],
      ['outcomeText', { ...outcome, outcomeText: ' ' }],
      ['decidedOn', { ...outcome, decidedOn: '2027-06-02' }],
      ['decidedOn', { ...outcome, decidedOn: '2027-01-31' }],
    ] as const)
      expect(checkFurtherAppealOutcome(recorded, bad, '2027-06-01')).toMatchObject({
        code: 'validation_failed',
        field,
      });
  });
});

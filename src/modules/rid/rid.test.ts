import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import { DEFAULT_MECHANISMS } from '../policy/policy-defaults.ts';
import { emptyRidSections, missingRidSections, type RidSections } from './rid-sections.ts';
import { ridClauses, ridRedline } from './rid-text.ts';
import { checkRidSections, normaliseSections } from './rid-validation.ts';
import {
  RID_STATUSES,
  appealDeadlineWords,
  approvalMeetingProblem,
  canMoveRid,
  checkFreeze,
  dateInWords,
  incompleteMessage,
  isFrozen,
  nextRidNumber,
  releaseStatusAfterApproval,
  ridFreezeDate,
  type RidStatus,
} from './rid.ts';

const complete = (): RidSections => ({
  contentNotes: '',
  timescales: {
    dccTestingStart: '2026-12-01',
    dccTestingEnd: '2027-01-15',
    userTestingStart: '2027-01-18',
    userTestingEnd: '2027-02-12',
    milestones: [],
    notes: '',
  },
  reporting: {
    frequency: 'fortnightly',
    firstReportDue: '2026-12-04',
    measures: ['Test cases executed'],
    notes: '',
  },
  dccTesting: 'DCC SIT and regression testing',
  userTesting: { requirements: 'UIT window', dccSupport: 'UIT environment and helpdesk' },
  goLiveCriteria: [{ id: 'GL1', text: 'All severity 1 and 2 defects closed' }],
  free: [],
});

describe('D10.13: a RID version defines (a)–(f) before it goes to the Panel', () => {
  const cases: {
    name: string;
    change: (s: RidSections) => void;
    parts: number;
    missing: string[];
  }[] = [
    { name: 'every section defined', change: () => undefined, parts: 1, missing: [] },
    { name: '(a) no part allocated', change: () => undefined, parts: 0, missing: ['a'] },
    {
      name: '(b) a window without its end',
      change: (s) => (s.timescales.userTestingEnd = null),
      parts: 2,
      missing: ['b'],
    },
    {
      name: '(b) a window ending before it starts',
      change: (s) => (s.timescales.dccTestingEnd = '2026-11-30'),
      parts: 1,
      missing: ['b'],
    },
    {
      name: '(c) no frequency',
      change: (s) => (s.reporting.frequency = null),
      parts: 1,
      missing: ['c'],
    },
    {
      name: '(c) no measure',
      change: (s) => (s.reporting.measures = ['  ']),
      parts: 1,
      missing: ['c'],
    },
    {
      name: '(d) blank DCC testing',
      change: (s) => (s.dccTesting = ' '),
      parts: 1,
      missing: ['d'],
    },
    {
      name: '(e) no DCC support for User testing',
      change: (s) => (s.userTesting.dccSupport = ''),
      parts: 1,
      missing: ['e'],
    },
    { name: '(f) no criterion', change: (s) => (s.goLiveCriteria = []), parts: 1, missing: ['f'] },
    {
      name: '(f) a criterion id used twice',
      change: (s) => s.goLiveCriteria.push({ id: 'GL1', text: 'Again' }),
      parts: 1,
      missing: ['f'],
    },
  ];
  it.each(cases)('D10.13: $name → missing $missing', ({ change, parts, missing }) => {
    const sections = complete();
    change(sections);
    expect(missingRidSections(sections, parts)).toEqual(missing);
  });

  it('D10.13: an empty draft misses every section, in letter order, and the message names them', () => {
    const missing = missingRidSections(emptyRidSections(), 0);
    expect(missing).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const message = incompleteMessage(['b', 'f']);
    expect(message).toContain('(b) Timescales, including DCC and User testing');
    expect(message).toContain('(f) Go-live criteria');
    expect(message).not.toContain('(c)');
  });
});

describe('A-RID: what a draft may hold', () => {
  it.each([
    [
      'a bad criterion id',
      (s: RidSections) => (s.goLiveCriteria = [{ id: 'GL 1', text: 'x' }]),
      'goLiveCriteria.0.id',
    ],
    [
      'a criterion without text',
      (s: RidSections) => (s.goLiveCriteria = [{ id: 'GL1', text: '' }]),
      'goLiveCriteria.0.text',
    ],
    [
      'a window ending early',
      (s: RidSections) => (s.timescales.userTestingEnd = '2027-01-01'),
      'timescales.userTestingEnd',
    ],
    [
      'an impossible date',
      (s: RidSections) => (s.reporting.firstReportDue = '2027-02-30'),
      'reporting.firstReportDue',
    ],
    [
      'a milestone without a date',
      (s: RidSections) => (s.timescales.milestones = [{ name: 'SIT exit', date: '' }]),
      'timescales.milestones.0.date',
    ],
  ])('A-RID: %s is refused, naming the field', (_name, change, field) => {
    const sections = complete();
    change(sections);
    expect(checkRidSections(normaliseSections(sections))?.field).toBe(field);
  });

  it('A-RID: an incomplete draft is well formed; ids are upper-cased and empty rows dropped', () => {
    const sections = emptyRidSections();
    sections.goLiveCriteria = [
      { id: ' gl2 ', text: ' Regression testing passed ' },
      { id: '', text: '' },
    ];
    sections.reporting.measures = ['Test cases passed', ' '];
    const normal = normaliseSections(sections);
    expect(checkRidSections(normal)).toBeNull();
    expect(normal.goLiveCriteria).toEqual([{ id: 'GL2', text: 'Regression testing passed' }]);
    expect(normal.reporting.measures).toEqual(['Test cases passed']);
  });
});

describe('D10.15, ruling 5: the RID freezes when the notice period starts', () => {
  const calendar = createCalendar('england-and-wales');
  const policy = { mechanisms: DEFAULT_MECHANISMS };

  it('ruling 5: the freeze date is go-live minus the notice period of the release type', () => {
    expect(ridFreezeDate(policy, { releaseType: 'february', goLive: '2027-02-25' }, calendar)).toBe(
      '2026-12-25',
    );
    expect(ridFreezeDate(policy, { releaseType: 'june', goLive: '2027-06-24' }, calendar)).toBe(
      '2027-03-24',
    );
    expect(
      ridFreezeDate(policy, { releaseType: 'unknown', goLive: '2027-06-24' }, calendar),
    ).toBeUndefined();
  });

  it.each([
    ['2026-12-24', false],
    ['2026-12-25', true],
    ['2027-01-04', true],
  ] as const)('D10.15: on %s frozen is %s (from the freeze date itself)', (today, frozen) => {
    expect(isFrozen('2026-12-25', today)).toBe(frozen);
  });

  const base = { freezeDate: '2026-12-25', versionOverridden: false, unusedOverrideId: undefined };
  it.each([
    [
      'before the freeze date: allowed',
      { ...base, today: '2026-12-24' },
      { allowed: true, useOverrideId: undefined },
    ],
    [
      'frozen, no override: refused',
      { ...base, today: '2026-12-29' },
      { allowed: false, freezeDate: '2026-12-25' },
    ],
    [
      'frozen, the version carries an override: allowed',
      { ...base, today: '2026-12-29', versionOverridden: true },
      { allowed: true, useOverrideId: undefined },
    ],
    [
      'frozen, an unused override: allowed and taken',
      { ...base, today: '2026-12-29', unusedOverrideId: 7 },
      { allowed: true, useOverrideId: 7 },
    ],
    [
      'no notice period: never frozen',
      { ...base, freezeDate: undefined, today: '2030-01-01' },
      { allowed: true, useOverrideId: undefined },
    ],
  ])('D10.15, ruling 5: %s', (_name, check, outcome) => {
    expect(checkFreeze(check, 'February 2027 SEC Release')).toMatchObject(outcome);
  });

  it('D10.15: the refusal states the freeze date in words', () => {
    const outcome = checkFreeze({ ...base, today: '2027-01-04' }, 'February 2027 SEC Release');
    expect(outcome.allowed).toBe(false);
    if (!outcome.allowed) expect(outcome.message).toContain('Friday 25 December 2026');
  });
});

describe('D10.15: the lifecycle of a RID version', () => {
  const allowed: [RidStatus, RidStatus][] = [
    ['draft', 'submitted'],
    ['draft', 'withdrawn'],
    ['submitted', 'approved'],
    ['submitted', 'withdrawn'],
    ['approved', 'superseded'],
  ];
  const pairs = RID_STATUSES.flatMap((from) => RID_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('D10.15: %s → %s', (from, to) => {
    expect(canMoveRid(from, to)).toBe(allowed.some(([f, t]) => f === from && t === to));
  });

  it.each([
    ['planned', 'rid_approved'],
    ['rid_approved', 'rid_approved'],
    ['in_test', 'in_test'],
  ] as const)('D10.15: approving the RID of a %s release leaves it %s', (from, to) => {
    expect(releaseStatusAfterApproval(from)).toBe(to);
  });

  it('D10.15: the Panel approves at a meeting held on or before today, not before submission', () => {
    expect(approvalMeetingProblem('2026-11-27', '2026-11-20', '2026-11-27')).toBeNull();
    expect(approvalMeetingProblem('2026-12-11', '2026-11-20', '2026-11-27')).toContain(
      'has not been held yet',
    );
    expect(approvalMeetingProblem('2026-11-13', '2026-11-20', '2026-11-27')).toContain(
      'before the version was submitted',
    );
  });

  it('A-RID: version numbers are never reused', () => {
    expect(nextRidNumber([])).toBe(1);
    expect(nextRidNumber([1, 3, 2])).toBe(4);
  });
});

describe('D10.17 and A-RID: dates in words and the redline', () => {
  it('D10.17, ruling 1: the appeal deadline in words', () => {
    expect(dateInWords('2027-01-12')).toBe('Tuesday 12 January 2027');
    expect(appealDeadlineWords('2027-01-12T23:59:59+00:00')).toBe(
      'Appeals by 23:59:59 on Tuesday 12 January 2027 (UK time)',
    );
  });

  it('A-RID: the redline compares every section word by word, (a) content included', () => {
    const item = {
      modificationId: 1,
      reference: 'MP201',
      title: 'Faster switching',
      part: 'whole',
      description: '',
      dccImpacting: false,
      documents: [{ id: 'section-h', code: 'Section H', title: 'DCC Services' }],
    };
    const from = complete();
    const to = complete();
    to.goLiveCriteria.push({ id: 'GL2', text: 'Regression testing passed' });
    const redline = ridRedline(
      { sections: from, content: [item] },
      { sections: to, content: [item, { ...item, reference: 'MP202' }] },
    );
    const byId = new Map(redline.map((clause) => [clause.id, clause]));
    expect(byId.get('a')?.change).toBe('changed');
    expect(byId.get('a')?.parts.some((p) => p.op === 'insert' && p.text.includes('MP202'))).toBe(
      true,
    );
    expect(
      byId
        .get('f')
        ?.parts.filter((p) => p.op === 'insert')
        .map((p) => p.text)
        .join(''),
    ).toContain('Regression testing passed');
    expect(byId.get('d')?.change).toBe('same');
    expect(ridClauses(from, [item])[0]?.text).toContain('Section H: DCC Services');
  });
});

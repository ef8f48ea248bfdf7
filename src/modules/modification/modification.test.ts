import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar, deadlineAfter } from '../../calendar/index.ts';
import {
  ADOPTION_WINDOW_WORKING_DAYS,
  AFTER_REFINEMENT,
  PATHS,
  STATUSES,
  TRANSITIONS,
  WITHDRAWABLE,
  canAdopt,
  canAmendTimetable,
  canTransition,
  convertedReference,
  isDecided,
  isTreatedAsPath1,
  nextProgressSteps,
  parseReference,
  type Path,
  type Status,
  type TransitionCause,
} from './modification.ts';
import {
  canonicalReference,
  checkConversionPath,
  checkDependencies,
  checkRaisedPath,
  checkReason,
  checkWording,
  containsPattern,
  initialStatusOf,
  searchTextOf,
} from './modification-register.ts';
import { describeEvent } from './modification-timeline.ts';

/** A reference the test knows is valid, parsed. */
function parsed(text: string) {
  const result = parseReference(text);
  if (!result) throw new Error(`${text} should parse`);
  return result;
}

describe('Ruling 12: modification references keep their real forms', () => {
  it.each([
    ['SECMP0061', { series: 'SECMP', number: 61, alternative: '' }],
    ['MP200', { series: 'MP', number: 200, alternative: '' }],
    ['MP102A', { series: 'MP', number: 102, alternative: 'A' }],
    ['DP090', { series: 'DP', number: 90, alternative: '' }],
    [' mp117 ', { series: 'MP', number: 117, alternative: '' }],
  ])('Ruling 12: %s is a reference', (text, parsed) => {
    expect(parseReference(text)).toEqual(parsed);
  });

  it.each([
    '',
    'MP20',
    'MP2000',
    'SECMP061',
    'SECMP00610',
    'XP100',
    'DP090AB',
    'MP-200',
    'MP 200',
    'MP1O2',
  ])('Ruling 12: "%s" is not a reference', (text) => {
    expect(parseReference(text)).toBeNull();
    expect(canonicalReference(text)).toBeNull();
  });

  it('Ruling 12: the register writes references in upper case', () => {
    expect(canonicalReference(' mp102a')?.reference).toBe('MP102A');
    expect(canonicalReference('secmp0061')?.reference).toBe('SECMP0061');
  });

  it('domain.md §4.2: converting DP090 gives MP090, keeping any alternative letter; others are unchanged', () => {
    expect(convertedReference('DP090')).toBe('MP090');
    expect(convertedReference('DP102A')).toBe('MP102A');
    expect(convertedReference('MP200')).toBe('MP200');
    expect(convertedReference('SECMP0061')).toBe('SECMP0061');
  });

  it('domain.md §4: a Draft Proposal starts in the Development Stage, an MP or SECMP as a Modification Proposal', () => {
    expect(initialStatusOf(parsed('DP090'))).toBe('draft_proposal');
    expect(initialStatusOf(parsed('MP200'))).toBe('modification_proposal');
    expect(initialStatusOf(parsed('SECMP0061'))).toBe('modification_proposal');
  });

  it('domain.md §4.2: a Draft Proposal has no path until converted; a Modification Proposal needs one', () => {
    expect(checkRaisedPath(parsed('DP090'), null)).toBeNull();
    expect(checkRaisedPath(parsed('DP090'), 'path3')).toMatchObject({ field: 'path' });
    expect(checkRaisedPath(parsed('MP200'), null)).toMatchObject({ field: 'path' });
    expect(checkRaisedPath(parsed('MP200'), 'alv')).toBeNull();
  });

  it('domain.md §4.2: conversion sets a path, never an Authority-Led Variation', () => {
    expect(checkConversionPath(null)).toMatchObject({ field: 'path' });
    expect(checkConversionPath('alv')).toMatchObject({ field: 'path' });
    for (const path of ['path1', 'path2', 'path3', 'fast_track'] as const)
      expect(checkConversionPath(path)).toBeNull();
  });
});

const CAUSES: readonly TransitionCause[] = ['progress', 'decision', 'release', 'withdrawal'];
const pathArb = fc.constantFrom<Path | null>(...PATHS, null);

/** Every step the table allows from `from` for `path`, whatever its cause. */
function allowedSteps(from: Status, path: Path | null): { to: Status; cause: TransitionCause }[] {
  return STATUSES.flatMap((to) =>
    CAUSES.filter((cause) => canTransition(from, to, cause, path)).map((cause) => ({ to, cause })),
  );
}

describe('domain.md §4: the lifecycle as a state machine', () => {
  it('Lifecycle: no sequence of allowed steps reaches a status outside the table, and withdrawal comes only from WITHDRAWABLE', () => {
    fc.assert(
      fc.property(
        pathArb,
        fc.constantFrom<Status>('draft_proposal', 'modification_proposal'),
        fc.array(fc.nat(), { maxLength: 30 }),
        (path, start, choices) => {
          let status = start;
          for (const choice of choices) {
            const steps = allowedSteps(status, path);
            if (steps.length === 0) break;
            const step = steps[choice % steps.length];
            if (step === undefined) throw new Error('no step');
            expect(STATUSES).toContain(step.to);
            expect(
              TRANSITIONS.some(
                (t) => t.from === status && t.to === step.to && t.cause === step.cause,
              ),
            ).toBe(true);
            if (step.to === 'withdrawn') {
              expect(WITHDRAWABLE).toContain(status);
              expect(isDecided(status)).toBe(false);
            }
            status = step.to;
          }
        },
      ),
    );
  });

  it('Lifecycle: without a path a modification never gets past Modification Proposal', () => {
    const reachable = new Set<Status>(['draft_proposal']);
    for (let changed = true; changed;) {
      changed = false;
      for (const from of [...reachable]) {
        for (const step of allowedSteps(from, null)) {
          if (!reachable.has(step.to)) {
            reachable.add(step.to);
            changed = true;
          }
        }
      }
    }
    expect([...reachable].sort()).toEqual(['draft_proposal', 'modification_proposal', 'withdrawn']);
  });

  it('Lifecycle: withdrawn, rejected and implemented are final (adoption is its own rule)', () => {
    for (const path of [...PATHS, null]) {
      expect(allowedSteps('withdrawn', path)).toEqual([]);
      expect(allowedSteps('rejected', path)).toEqual([]);
      expect(allowedSteps('implemented', path)).toEqual([]);
    }
  });

  it('Lifecycle: draft_proposal cannot jump to change_board by any cause', () => {
    for (const cause of CAUSES)
      expect(canTransition('draft_proposal', 'change_board', cause, 'path3')).toBe(false);
  });

  it('D9A.11/D10.1: an Authority-Led Variation goes from proposal straight to the Authority', () => {
    expect(nextProgressSteps('modification_proposal', 'alv')).toEqual(['authority_decision']);
    expect(nextProgressSteps('modification_proposal', 'path3')).toEqual([
      'refinement',
      'report_phase',
    ]);
    expect(nextProgressSteps('modification_proposal', 'fast_track')).toEqual(['report_phase']);
    expect(nextProgressSteps('draft_proposal', null)).toEqual(['modification_proposal']);
  });
});

describe('D6.8(c) and D10.1: Path 1 timetables are fixed', () => {
  it.each([
    ['path1', false],
    ['alv', false],
    ['path2', true],
    ['path3', true],
    ['fast_track', true],
    [null, true],
  ] as const)(
    'D6.8(c): the timetable of a %s modification may be amended: %s',
    (path, amendable) => {
      expect(canAmendTimetable(path)).toBe(amendable);
    },
  );

  it('D10.1: an Authority-Led Variation is treated as Path 1', () => {
    expect(isTreatedAsPath1('alv')).toBe(true);
    expect(isTreatedAsPath1('path2')).toBe(false);
  });
});

describe('domain.md §4.7: the 10 Working Day adoption window', () => {
  const calendar = createCalendar('england-and-wales');

  it('Adoption: MP117 withdrawn on Wed 9 Jun 2021 could be adopted until 23:59:59 on Wed 23 Jun 2021', () => {
    const deadline = deadlineAfter(calendar, '2021-06-09T10:00:00Z', ADOPTION_WINDOW_WORKING_DAYS);
    expect(deadline).toBe('2021-06-23T23:59:59+01:00');
    const closes = new Date(deadline);
    expect(canAdopt(closes, new Date('2021-06-23T15:00:00Z'))).toBe(true);
    expect(canAdopt(closes, new Date('2021-06-23T22:59:59Z'))).toBe(true);
    expect(canAdopt(closes, new Date('2021-06-23T23:00:00Z'))).toBe(false);
    expect(canAdopt(closes, new Date('2021-06-24T09:00:00Z'))).toBe(false);
  });

  it('Adoption: nothing without a window can be adopted', () => {
    expect(canAdopt(null, new Date('2021-06-10T09:00:00Z'))).toBe(false);
  });
});

describe('The register: wording, reasons, dependencies and search', () => {
  it('Register: a title is required and limited; the summary is limited', () => {
    expect(checkWording('  ', '')).toMatchObject({ field: 'title' });
    expect(checkWording('x'.repeat(201), '')).toMatchObject({ field: 'title' });
    expect(checkWording('Bulk CH returns', 'x'.repeat(5001))).toMatchObject({ field: 'summary' });
    expect(checkWording('Bulk CH returns', '')).toBeNull();
  });

  it('Register: every step is recorded with a reason', () => {
    expect(checkReason(' ')).toMatchObject({ field: 'reason' });
    expect(checkReason('Panel agreed on 13 March 2020')).toBeNull();
  });

  it('Register: dependencies are real references, once each, never itself', () => {
    expect(checkDependencies('SECMP0061', ['SECMP0008'])).toBeNull();
    expect(checkDependencies('SECMP0061', ['secmp0061'])).toMatchObject({ field: 'dependsOn' });
    expect(checkDependencies('SECMP0061', ['MP90'])).toMatchObject({ field: 'dependsOn' });
    expect(checkDependencies('SECMP0061', ['MP090', 'mp090'])).toMatchObject({
      field: 'dependsOn',
    });
  });

  it('Register: search looks in reference, title and summary, lower-cased, with LIKE wildcards escaped', () => {
    expect(
      searchTextOf({ reference: 'MP102A', title: 'Power Outage Alerts', summary: 'OTA' }),
    ).toBe('mp102a power outage alerts ota');
    expect(containsPattern(' DUIS ')).toBe('%duis%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});

describe('The timeline tells each event in words', () => {
  it('Timeline: status changes, conversions, adoption and unknown actions', () => {
    expect(
      describeEvent({
        action: 'modification.status_changed',
        before: { status: 'report_phase' },
        after: { status: 'modification_report_consultation', cause: 'progress' },
      }),
    ).toBe('Moved from Report Phase to Modification Report Consultation by the Panel’s step');
    expect(
      describeEvent({
        action: 'modification.converted',
        before: { reference: 'DP090' },
        after: { reference: 'MP090', path: 'path2' },
      }),
    ).toBe('Converted from DP090 to MP090 on Path 2: Authority Determined');
    expect(
      describeEvent({
        action: 'modification.adopted',
        before: {},
        after: { status: 'refinement' },
      }),
    ).toBe('Adopted by another Party: back to Refinement Process');
    expect(describeEvent({ action: 'refinement.view_received', before: null, after: null })).toBe(
      'Refinement: view received',
    );
  });
});

describe('D6.8(f)–(i): a change of documents after refinement', () => {
  it('D6.8(f)–(i): returns a modification to refinement only from after refinement and before a decision, on a path with a Refinement Process', () => {
    for (const from of STATUSES) {
      for (const path of [...PATHS, null]) {
        const expected =
          AFTER_REFINEMENT.includes(from) &&
          (path === 'path1' || path === 'path2' || path === 'path3');
        expect(canTransition(from, 'refinement', 'documents', path), `${from} ${path}`).toBe(
          expected,
        );
      }
    }
    for (const from of AFTER_REFINEMENT) expect(isDecided(from)).toBe(false);
    expect(nextProgressSteps('report_phase', 'path2')).not.toContain('refinement');
  });

  it('D6.8(f)–(i): the timeline says what moved it', () => {
    expect(
      describeEvent({
        action: 'modification.status_changed',
        before: { status: 'report_phase' },
        after: { status: 'refinement', cause: 'documents' },
      }),
    ).toBe(
      'Moved from Report Phase to Refinement Process by a change of the documents it changes (D6.8(f)–(i))',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import { DEFAULT_MECHANISMS } from './policy-defaults.ts';
import { governingVersion, type GovernableVersion } from './policy-governance.ts';

const calendar = createCalendar('england-and-wales');

/** A version whose November notice period is `months` months. */
function version(
  number: number,
  effectiveFrom: string | null,
  months: number,
  status = 'approved',
) {
  return {
    number,
    status,
    effectiveFrom,
    mechanisms: {
      ...DEFAULT_MECHANISMS,
      notice: {
        ...DEFAULT_MECHANISMS.notice,
        noticePeriods: [{ releaseType: 'november', amount: months, unit: 'months' as const }],
      },
    },
  } as GovernableVersion;
}

// A November 2027 release (go-live 4 November 2027).
const release = { releaseType: 'november', goLive: '2027-11-04' };

describe('A-POL, ruling 14: the Policy version that governs a release', () => {
  const v1 = version(1, '2026-01-01', 3);
  const v2 = version(2, '2027-03-01', 6);

  it('follows the version in force until the freeze starts', () => {
    expect(governingVersion([v1, v2], release, calendar, '2026-12-01')).toEqual({
      version: v1,
      fixedOn: undefined,
    });
    // v2 took effect 1 March 2027; its freeze (6 months before go-live) is 4 May 2027.
    expect(governingVersion([v1, v2], release, calendar, '2027-04-01')).toEqual({
      version: v2,
      fixedOn: undefined,
    });
  });

  it('from the freeze start, the version then in force is fixed: a later version does not move it', () => {
    const v3 = version(3, '2027-09-01', 1);
    expect(governingVersion([v1, v2, v3], release, calendar, '2027-10-01')).toEqual({
      version: v2,
      fixedOn: '2027-05-04',
    });
  });

  it('a version whose freeze had already passed when it took effect fixes the release on that day', () => {
    // Under v1 the freeze would start 4 August; v2 (6 months) takes effect 1 July, past its 4 May.
    const late = version(2, '2027-07-01', 6);
    expect(governingVersion([v1, late], release, calendar, '2027-07-10')).toEqual({
      version: late,
      fixedOn: '2027-07-01',
    });
  });

  it('the version in force when the freeze fell fixes it even if a later version would not have frozen yet', () => {
    const shorter = version(2, '2027-09-01', 1);
    expect(governingVersion([v1, shorter], release, calendar, '2027-09-10')).toEqual({
      version: v1,
      fixedOn: '2027-08-04',
    });
  });

  it('ignores versions not approved or not yet in force; two on one day: the higher number', () => {
    const draft = version(4, null, 1, 'draft');
    const future = version(5, '2030-01-01', 1);
    const sameDay = version(6, '2026-01-01', 2);
    expect(governingVersion([v1, draft, future, sameDay], release, calendar, '2026-06-01')).toEqual(
      { version: sameDay, fixedOn: undefined },
    );
    expect(governingVersion([draft], release, calendar, '2026-06-01')).toBeUndefined();
  });
});

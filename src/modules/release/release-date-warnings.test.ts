import { describe, expect, it } from 'vitest';
import { goLiveWarnings, isoWeekday } from './release.ts';

const AD_HOC = { name: 'Ad-hoc release', goLiveWeekday: 4 };

describe('issue 13, D10.8(a): warnings on a go-live date (goLiveWarnings)', () => {
  it('ISO weekdays: Thursday is 4, Sunday 7', () => {
    expect(isoWeekday('2027-07-01')).toBe(4);
    expect(isoWeekday('2027-07-04')).toBe(7);
  });

  it('a Thursday in the future has no warning', () => {
    expect(goLiveWarnings(AD_HOC, '2027-07-01', '2026-12-04')).toEqual([]);
  });

  it('a past date and a date off the type’s weekday are each warned, on the field given', () => {
    const warnings = goLiveWarnings(AD_HOC, '2026-11-20', '2026-12-04', 'deferredTo');
    expect(warnings.map((w) => [w.code, w.field])).toEqual([
      ['go_live_in_past', 'deferredTo'],
      ['go_live_off_weekday', 'deferredTo'],
    ]);
    expect(warnings[0]?.message).toBe('The go-live date, 20 November 2026, is in the past');
  });

  it('the type’s own weekday counts: a Policy type going live on Fridays is not warned on a Friday', () => {
    expect(
      goLiveWarnings({ name: 'Friday release', goLiveWeekday: 5 }, '2027-07-02', '2026-12-04'),
    ).toEqual([]);
  });

  it('a date that is not a real date gets no warning (it is refused elsewhere)', () => {
    expect(goLiveWarnings(AD_HOC, '2027-02-30', '2026-12-04')).toEqual([]);
  });
});

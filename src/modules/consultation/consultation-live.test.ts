import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import { tooShort } from './consultation-time.ts';
import { consultationGate, isHeldOutsideSecrel, liveOpening, type RunBy } from './consultation.ts';

const CUT_OVER = '2026-01-01';
const NOW = new Date('2026-12-01T10:00:00Z');

describe('Ruling 13: when a consultation opens', () => {
  it('one dated before the cut-over is history, opening when it did', () => {
    const opensAt = new Date('2020-01-01T00:00:00Z');
    expect(isHeldOutsideSecrel({ opensAt }, CUT_OVER)).toBe(true);
    expect(liveOpening(opensAt, NOW, CUT_OVER, true)).toEqual(opensAt);
  });

  it('from the cut-over it opens now or later: today’s date or a moment ago opens now; earlier is refused', () => {
    const later = new Date('2026-12-02T00:00:00Z');
    expect(liveOpening(later, NOW, CUT_OVER, true)).toEqual(later);
    expect(liveOpening(new Date('2026-12-01T00:00:00Z'), NOW, CUT_OVER, true)).toEqual(NOW);
    expect(liveOpening(new Date('2026-12-01T00:00:00Z'), NOW, CUT_OVER, false)).toBeNull();
    expect(liveOpening(new Date('2026-12-01T09:58:00Z'), NOW, CUT_OVER, false)).toEqual(NOW);
    expect(liveOpening(new Date('2026-11-30T00:00:00Z'), NOW, CUT_OVER, true)).toBeNull();
    expect(liveOpening(new Date('2026-01-01T00:00:00Z'), NOW, CUT_OVER, true)).toBeNull();
  });
});

describe('D10.9, D10.20: the minimum period', () => {
  const calendar = createCalendar('england-and-wales', []);
  it('closes no earlier than the end of Working Day N after the day it opens', () => {
    // 10 Working Days after Tue 1 December 2026: Tue 15 December, 23:59:59 UK time.
    expect(tooShort(calendar, NOW, new Date('2026-12-15T23:59:59Z'), 10)).toBeNull();
    expect(tooShort(calendar, NOW, new Date('2026-12-14T23:59:59Z'), 10)).toBe(
      '2026-12-15T23:59:59.000Z',
    );
  });
});

describe('D10.9, D10.20, ruling 13: the consultation that carries an act', () => {
  const c = (opens: string, closes: string, runBy: RunBy = 'panel') => ({
    audiences: ['dcc', 'users'] as const,
    runBy,
    opensAt: new Date(opens),
    closesAt: new Date(closes),
  });
  const query = { audiences: ['dcc', 'users'] as const, cutOver: CUT_OVER, now: NOW };
  const live = c('2026-11-02T00:00:00Z', '2026-11-16T23:59:59Z');
  const history = c('2020-01-01T00:00:00Z', '2020-01-02T23:59:59Z');

  it('none closed: consultation_required', () => {
    expect(consultationGate([], { ...query, actOn: '2026-12-01' })).toEqual({
      refusal: 'consultation_required',
    });
  });

  it('history carries only an act before the cut-over', () => {
    expect(consultationGate([history], { ...query, actOn: '2026-12-01' })).toEqual({
      refusal: 'consultation_held_outside',
    });
    expect(consultationGate([history], { ...query, actOn: '2020-02-06' })).toEqual({
      consultation: history,
    });
  });

  it('an act dated before the close is refused; on the close day or after it is carried', () => {
    expect(consultationGate([live], { ...query, actOn: '2026-11-13' })).toEqual({
      refusal: 'decision_before_consultation_closed',
      closedOn: '2026-11-16',
    });
    expect(consultationGate([live], { ...query, actOn: '2026-11-16' })).toEqual({
      consultation: live,
    });
  });

  it('D10.20: only a consultation run by the DCC counts when the DCC must run it', () => {
    expect(consultationGate([live], { ...query, actOn: '2026-12-01', runBy: 'dcc' })).toEqual({
      refusal: 'consultation_required',
    });
    const byDcc = { ...live, runBy: 'dcc' as const };
    expect(consultationGate([byDcc], { ...query, actOn: '2026-12-01', runBy: 'dcc' })).toEqual({
      consultation: byDcc,
    });
  });
});

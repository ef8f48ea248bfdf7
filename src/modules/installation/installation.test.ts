import { describe, expect, it } from 'vitest';
import { cutOverMoveRefusal, isHeldOutside, satisfiesGate } from './installation.ts';

describe('Ruling 13: the cut-over date', () => {
  it('an act dated before the cut-over is held outside secrel; on or after it, live', () => {
    expect(isHeldOutside('2026-11-30', '2026-12-01')).toBe(true);
    expect(isHeldOutside('2026-12-01', '2026-12-01')).toBe(false);
    expect(isHeldOutside('2027-01-04', '2026-12-01')).toBe(false);
  });

  it('history satisfies a gate only for an act that is itself before the cut-over', () => {
    const cutOver = '2026-12-01';
    expect(satisfiesGate('2026-10-01', '2026-11-15', cutOver)).toBe(true);
    expect(satisfiesGate('2026-10-01', '2026-12-01', cutOver)).toBe(false);
    expect(satisfiesGate('2026-12-02', '2026-12-10', cutOver)).toBe(true);
  });
});

describe('Ruling 13: moving the cut-over', () => {
  const meeting = { on: '2026-12-03', what: 'a Panel meeting' };
  it('may move later up to the day of the earliest act recorded live, not past it', () => {
    expect(cutOverMoveRefusal('2026-12-02', meeting)).toBeNull();
    expect(cutOverMoveRefusal('2026-12-03', meeting)).toBeNull();
    expect(cutOverMoveRefusal('2026-12-04', meeting)).toMatch(
      /cannot move to 2026-12-04: a Panel meeting on 2026-12-03 is already recorded live.*latest cut-over allowed is 2026-12-03/,
    );
  });
  it('may move anywhere when nothing is recorded live yet', () => {
    expect(cutOverMoveRefusal('2099-01-01', null)).toBeNull();
  });
});

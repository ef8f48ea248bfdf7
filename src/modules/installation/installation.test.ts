import { describe, expect, it } from 'vitest';
import { isHeldOutside, satisfiesGate } from './installation.ts';

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

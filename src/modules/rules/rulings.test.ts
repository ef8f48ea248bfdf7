import { describe, expect, it } from 'vitest';
import { DRAFTING_POINTS, RULINGS, rulingHref } from './rulings.ts';

describe('Ruling 19: the readings secrel applies, as data', () => {
  it('Ruling 19: lists rulings 1 to 19 in order, each at /rules#ruling-N', () => {
    expect(RULINGS.map((r) => r.number)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(RULINGS.map((r) => r.anchor)).toEqual(RULINGS.map((r) => `ruling-${r.number}`));
    expect(rulingHref(5)).toBe('/rules#ruling-5');
  });

  it.each(RULINGS.map((r) => [r.number, r] as const))(
    'Ruling 19: ruling %i has a title, the reading applied, the other reading and where it applies',
    (_n, r) => {
      expect(r.title).not.toBe('');
      expect(r.reading).not.toBe('');
      expect(r.otherReading).not.toBe('');
      expect(r.otherReading).not.toBe(r.reading);
      expect(r.appliedIn.length).toBeGreaterThan(0);
      for (const q of r.quotations) {
        expect(q.clause).not.toBe('');
        expect(q.text.length).toBeGreaterThan(20);
      }
    },
  );

  it('Ruling 19: every ruling but the one on readings themselves quotes the text it applies to', () => {
    expect(RULINGS.filter((r) => r.quotations.length === 0).map((r) => r.number)).toEqual([19]);
  });

  it('Ruling 19: the drafting points: D10.15’s D10.8(d), D10.2’s (m)/(n), D10.13(d)(i) and D10.18, the Panel Release Management Policy', () => {
    expect(DRAFTING_POINTS.map((d) => d.anchor)).toEqual([
      'drafting-1',
      'drafting-2',
      'drafting-3',
      'drafting-4',
    ]);
    const [notice, lettering, testing, leftOver] = DRAFTING_POINTS;
    expect(notice?.quotations.map((q) => q.text).join(' ')).toContain('Section D10.8(d)');
    expect(lettering?.quotations[0]?.text).toMatch(/\(m\) determine .* \(n\) set a timetable/);
    expect(testing?.clauses).toEqual(['D10.13(d)(i)', 'D10.18']);
    expect(leftOver?.quotations[0]?.text).toContain('Panel Release Management Policy');
  });
});

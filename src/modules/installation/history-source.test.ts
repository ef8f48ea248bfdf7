import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { liveRouteSource } from './history-source.ts';

const CUT_OVER = '2026-11-02';
const WHAT = 'The Authority decision of 20 October 2026';

function refusal(on: string, given: Parameters<typeof liveRouteSource>[2]) {
  try {
    liveRouteSource(on, CUT_OVER, given, WHAT);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.field };
    throw error;
  }
  return null;
}

describe('Ruling 13: the published source of a record reaching a live route (liveRouteSource)', () => {
  it('Ruling 13: before the cut-over a source is required: a web address, a summary or both', () => {
    expect(refusal('2026-11-01', {})).toEqual({
      code: 'history_source_required',
      field: 'sourceUrl',
    });
    expect(refusal('2026-11-01', { sourceUrl: ' ', sourceSummary: '\t' })).toMatchObject({
      code: 'history_source_required',
    });
    expect(liveRouteSource('2026-11-01', CUT_OVER, { sourceSummary: ' Minutes ' }, WHAT)).toEqual({
      url: null,
      summary: 'Minutes',
    });
    expect(
      liveRouteSource('2020-01-01', CUT_OVER, { sourceUrl: 'https://example.org/a' }, WHAT),
    ).toEqual({ url: 'https://example.org/a', summary: null });
  });

  it('Ruling 13: the address is a web address of at most 2000 characters; the summary at most 10,000', () => {
    for (const sourceUrl of ['the SEC website', 'ftp://example.org/a', 'https://localhost'])
      expect(refusal('2026-11-01', { sourceUrl })).toEqual({
        code: 'validation_failed',
        field: 'sourceUrl',
      });
    expect(refusal('2026-11-01', { sourceUrl: `https://example.org/${'a'.repeat(2000)}` })).toEqual(
      { code: 'validation_failed', field: 'sourceUrl' },
    );
    expect(refusal('2026-11-01', { sourceSummary: 'a'.repeat(10_001) })).toEqual({
      code: 'validation_failed',
      field: 'sourceSummary',
    });
  });

  it('Ruling 13: on and after the cut-over the record is live: no source, and one given is refused', () => {
    expect(liveRouteSource(CUT_OVER, CUT_OVER, {}, WHAT)).toBeNull();
    expect(liveRouteSource('2027-01-04', CUT_OVER, { sourceUrl: '' }, WHAT)).toBeNull();
    expect(refusal(CUT_OVER, { sourceUrl: 'https://example.org/a' })).toEqual({
      code: 'history_after_cut_over',
      field: 'sourceUrl',
    });
    expect(refusal('2026-12-01', { sourceSummary: 'Minutes' })).toEqual({
      code: 'history_after_cut_over',
      field: 'sourceSummary',
    });
  });
});

/**
 * legal-text.md §7.3 and §8: the reference search tries the grammar only where "Section" occurs,
 * and must find exactly the phrases the grammar's own whole-text reading finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReferencePhrases, parseReferencePhrasesWhole } from './code-reference-grammar.ts';

const PIECES = [
  'Section ',
  'Sections ',
  'Section',
  'section ',
  'Subsection ',
  'D10.8',
  'D9A.11',
  'Z',
  '(d)',
  '(ii)',
  ' and ',
  ' or ',
  ', ',
  ' to ',
  ' (Authority Decision)',
  ' (',
  ')',
  'the Panel shall',
  ' ',
  ';',
  '12',
  'A1.1',
];

describe('the cross-reference search (legal-text.md §7.3)', () => {
  it('finds the same phrases, at the same offsets, as the grammar reading the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expect(parseReferencePhrases(text)).toEqual(parseReferencePhrasesWhole(text));
      }),
      { numRuns: 500 },
    );
  });

  it('reads the seed’s phrases with offsets into the whole text', () => {
    const text =
      'as set out in Sections D10.13(d) and (e), then Section D9A.11 (Authority Decision) and section 173 of the Energy Act 2004';
    const phrases = parseReferencePhrases(text);
    expect(phrases.map((p) => text.slice(p.start, p.end))).toEqual([
      'Sections D10.13(d) and (e)',
      'Section D9A.11 (Authority Decision)',
    ]);
    expect(phrases).toEqual(parseReferencePhrasesWhole(text));
  });
});

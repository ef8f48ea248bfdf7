import { describe, expect, it } from 'vitest';
import { spacedRedline } from './redline.ts';

describe('issue 13: a redline reads with a space between a deletion and an insertion', () => {
  it('"at" struck through then "twice" inserted are two words, not "attwice"', () => {
    const parts = spacedRedline([
      { op: 'equal', text: 'Reports are due ' },
      { op: 'delete', text: 'at' },
      { op: 'insert', text: 'twice' },
      { op: 'equal', text: ' monthly.' },
    ]);
    expect(parts.map((part) => part.spaceBefore)).toEqual([false, false, true, false]);
  });

  it('adds nothing where the words are already spaced, or next to unchanged text', () => {
    const parts = spacedRedline([
      { op: 'delete', text: 'old ' },
      { op: 'insert', text: 'new' },
      { op: 'equal', text: 'er' },
      { op: 'insert', text: ' more' },
      { op: 'delete', text: 'less' },
    ]);
    expect(parts.map((part) => part.spaceBefore)).toEqual([false, false, false, false, true]);
  });
});

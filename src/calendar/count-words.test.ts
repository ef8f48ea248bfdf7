import { describe, expect, it } from 'vitest';
import { countOf } from './count-words.ts';

describe('counts in words (issue 13: no "(s)")', () => {
  it('names one thing in the singular and any other number in the plural', () => {
    expect(countOf(1, 'appeal')).toBe('1 appeal');
    expect(countOf(0, 'appeal')).toBe('0 appeals');
    expect(countOf(13, 'Party user')).toBe('13 Party users');
    expect(countOf(2, 'evidence file')).toBe('2 evidence files');
    expect(countOf(3, 'read', 'reads')).toBe('3 reads');
    expect(countOf(1, 'person', 'people')).toBe('1 person');
    expect(countOf(4, 'person', 'people')).toBe('4 people');
  });
});

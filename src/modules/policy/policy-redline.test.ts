import { describe, expect, it } from 'vitest';
import { DEFAULT_MECHANISMS } from './policy-defaults.ts';
import {
  mechanismClauses,
  redlineClauses,
  redlineSummary,
  redlineVersions,
} from './policy-redline.ts';

const a = { id: 'purpose', heading: 'Purpose', text: 'The Panel shall approve the release.' };
const b = { id: 'review', heading: 'Review', text: 'Reviewed yearly.' };
const c = { id: 'costs', heading: 'Costs', text: 'Costs are reported.' };

describe('the redline between two Policy versions', () => {
  it('A-POL: clauses are matched by id; a reworded clause is diffed word by word', () => {
    const changed = { ...a, text: 'The Panel must approve each release.' };
    const [clause] = redlineClauses([a], [changed]);
    expect(clause?.change).toBe('changed');
    expect(clause?.parts).toEqual([
      { text: 'The Panel ', op: 'equal' },
      { text: 'shall', op: 'delete' },
      { text: 'must', op: 'insert' },
      { text: ' approve ', op: 'equal' },
      { text: 'the', op: 'delete' },
      { text: 'each', op: 'insert' },
      { text: ' release.', op: 'equal' },
    ]);
  });

  it('A-POL: added and removed clauses are whole; a removed one stays where it was', () => {
    const result = redlineClauses([a, b, c], [a, c, { id: 'new', heading: 'New', text: 'Hi' }]);
    expect(result.map((clause) => [clause.id, clause.change])).toEqual([
      ['purpose', 'same'],
      ['review', 'removed'],
      ['costs', 'same'],
      ['new', 'added'],
    ]);
    expect(result[1]?.parts).toEqual([{ text: 'Reviewed yearly.', op: 'delete' }]);
  });

  it('A-POL: a renamed heading counts as a change', () => {
    expect(redlineClauses([a], [{ ...a, heading: 'Aims' }])[0]?.change).toBe('changed');
  });

  it('D10.8(c): a changed notice period shows in the mechanisms as a labelled clause', () => {
    const longer = {
      ...DEFAULT_MECHANISMS,
      notice: {
        ...DEFAULT_MECHANISMS.notice,
        noticePeriods: DEFAULT_MECHANISMS.notice.noticePeriods.map((p) =>
          p.releaseType === 'november' ? { ...p, amount: 4 } : p,
        ),
      },
    };
    const clause = mechanismClauses(DEFAULT_MECHANISMS).find((x) => x.id === 'c-notice-november');
    expect(clause).toEqual({
      id: 'c-notice-november',
      heading: '(c) Notice period — November release',
      text: '3 months before go-live.',
    });
    const redline = redlineVersions(
      { mechanisms: DEFAULT_MECHANISMS, prose: [a] },
      { mechanisms: longer, prose: [a] },
    );
    expect(redlineSummary(redline)).toEqual([
      {
        id: 'c-notice-november',
        heading: '(c) Notice period — November release',
        change: 'changed',
      },
    ]);
  });

  it('D10.8(a)–(e): every mechanism is rendered as clauses, (a) to (e) in order', () => {
    const letters = mechanismClauses(DEFAULT_MECHANISMS).map((clause) =>
      clause.heading.slice(0, 3),
    );
    expect([...new Set(letters)]).toEqual(['(a)', '(b)', '(c)', '(d)', '(e)']);
    expect(
      mechanismClauses(DEFAULT_MECHANISMS).find((x) => x.id === 'a-release-type-june')?.text,
    ).toBe(
      'Standard release; goes live on the last Thursday of June; may carry changes to DCC Systems.',
    );
  });
});

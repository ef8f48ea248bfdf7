import { describe, expect, it } from 'vitest';
import { linkRulings, rulingWords } from './ruling-links.ts';

describe('Ruling 19: server texts link the ruling they apply', () => {
  it('Ruling 19: "secrel’s reading: ruling N" becomes a link to /rules#ruling-N', () => {
    expect(linkRulings(`It does not suspend the release (${rulingWords(2)}).`)).toBe(
      'It does not suspend the release (<a class="govuk-link" href="/rules#ruling-2">secrel’s reading: ruling 2</a>).',
    );
  });

  it('Ruling 19: the rest of the text is escaped, and a ruling that does not exist is not linked', () => {
    expect(linkRulings('<b>R&D</b> "x"')).toBe('&lt;b&gt;R&amp;D&lt;/b&gt; &quot;x&quot;');
    expect(linkRulings(rulingWords(99))).toBe('secrel’s reading: ruling 99');
    expect(linkRulings('no ruling here')).toBe('no ruling here');
  });
});

import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { addFastFilters } from './template-filters.ts';

const SAMPLES = [
  '',
  '   ',
  'plain',
  '  both ends  ',
  '\n\t  <div>\n    <p>kept   inside</p>\n  </div>\n\n',
  '\u00a0\u2003non-breaking and em spaces\u3000\ufeff',
  `${' '.repeat(5000)}x${'\n '.repeat(5000)}`,
  '<b>&amp;</b>   ',
];

function render(env: nunjucks.Environment, template: string, value: string): string {
  return env.renderString(template, { value, safe: new nunjucks.runtime.SafeString(value) });
}

describe('issue 12: the linear trim filter renders as Nunjucks’ own', () => {
  const builtIn = new nunjucks.Environment(null, { autoescape: true });
  const fast = new nunjucks.Environment(null, { autoescape: true });
  addFastFilters(fast);

  it.each(SAMPLES.map((sample, i) => [i, sample]))(
    'sample %i: the same text, escaped when unsafe and left as markup when safe',
    (_, sample) => {
      for (const template of [
        '[{{ value | trim }}]',
        '[{{ safe | trim }}]',
        '{{ (value | trim) | length }}',
      ]) {
        expect(render(fast, template, sample)).toBe(render(builtIn, template, sample));
      }
    },
  );
});

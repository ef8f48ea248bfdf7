import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV for the cost report (D10.8(d))', () => {
  it('D10.8(d): RFC 4180 quoting of commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(
      toCsv([
        ['a', 1],
        ['b,c', 2],
      ]),
    ).toBe('a,1\r\n"b,c",2\r\n');
  });

  it('D10.8(d): OWASP formula-injection guard on = + - @ tab and CR', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}SUM(A1)`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5000.00')).toBe('-5000.00');
    expect(csvCell(-25)).toBe('-25');
    expect(csvCell('-1+1')).toBe("'-1+1");
  });

  it('D10.8(d): no cell ever starts with a formula character once written', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = csvCell(text).replace(/^"/, '');
        return !/^[=+@\t\r]/.test(cell) && (!cell.startsWith('-') || /^-\d+(\.\d+)?$/.test(cell));
      }),
    );
  });
});

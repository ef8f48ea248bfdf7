/**
 * The grammar of the SEC's cross-references (legal-text.md §7.3), in peggy: "Section D10.8(d)",
 * "Sections D10.13(d) and (e)", "Section D9A.11 (Authority Decision)", "Section Z (The Alt HAN
 * Arrangements)". The parser is generated once, on first use, from this text (so the compiled
 * bundle carries the grammar with it and reads no file). PURE.
 */
import peggy from 'peggy';

export const REFERENCE_GRAMMAR = String.raw`
Text = items:(RefPhrase / Skip)* { return items.filter(Boolean); }
Skip = . { return null; }
RefPhrase = "Section" "s"? Space first:Ref rest:(ListSep r:(Ref / Rel) { return r; })*
  { return { start: location().start.offset, end: location().end.offset, refs: [first, ...rest] }; }
Ref = id:Id segs:Seg* title:Title?
  { return { relative: false, label: id + segs.join(''), title: title ?? undefined, asWritten: text().trim() }; }
Rel = segs:Seg+ title:Title?
  { return { relative: true, label: segs.join(''), title: title ?? undefined, asWritten: text().trim() }; }
Id = id:$([A-Z] ([0-9]+ [A-Z]?)? ("." [0-9]+ [A-Z]?)?) ![A-Za-z0-9] { return id; }
Seg = "(" s:$([a-z]+) ")" { return "(" + s + ")"; }
Title = [ ]+ "(" t:$([A-Z][^)]*) ")" { return t; }
ListSep = Space? ("," Space? (("and" / "or") Space)? / ("and" / "or" / "to") Space)
Space = [ \t\r\n]+
`;

export interface ParsedRef {
  relative: boolean;
  /** "D10.8(d)", or for a relative reference "(e)". */
  label: string;
  title?: string;
  asWritten: string;
}

export interface ParsedPhrase {
  start: number;
  end: number;
  refs: ParsedRef[];
}

let parser: peggy.Parser | undefined;

interface LibraryResult {
  peg$result: unknown;
  peg$FAILED: unknown;
}

/**
 * Every reference phrase in a text, in order. The grammar's `Text` tries a phrase at each
 * character and skips the character otherwise; a phrase can only begin with "Section", so the
 * same phrases are found by trying `RefPhrase` only where "Section" occurs (the rest of the text
 * is never walked character by character: legal-text.md §8's budget is the whole Code's).
 */
export function parseReferencePhrases(text: string): ParsedPhrase[] {
  parser ??= peggy.generate(REFERENCE_GRAMMAR, { allowedStartRules: ['Text', 'RefPhrase'] });
  const phrases: ParsedPhrase[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('Section', from);
    if (at < 0) break;
    const tried = parser.parse(text.slice(at), {
      startRule: 'RefPhrase',
      peg$library: true,
    }) as LibraryResult;
    if (tried.peg$result === tried.peg$FAILED) {
      from = at + 1;
      continue;
    }
    const phrase = tried.peg$result as ParsedPhrase;
    phrases.push({ ...phrase, start: phrase.start + at, end: phrase.end + at });
    from = phrase.end + at;
  }
  return phrases;
}

/** The grammar's own reading of a whole text (`Text`): what the search above must agree with. */
export function parseReferencePhrasesWhole(text: string): ParsedPhrase[] {
  parser ??= peggy.generate(REFERENCE_GRAMMAR, { allowedStartRules: ['Text', 'RefPhrase'] });
  return parser.parse(text, { startRule: 'Text' }) as ParsedPhrase[];
}

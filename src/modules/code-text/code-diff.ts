/**
 * Word-level difference of one provision's text against another (legal-text.md §7.5): jsdiff's
 * diffWordsWithSpace, coalesced so that changes separated only by spaces read as one phrase
 * ("[-setting priorities for different types of such matters-]{+allocating Modification
 * Proposals into SEC Releases+}"), and the anchored word edits that turn one text into the
 * other (how an edit in the UI becomes an amendment). Provision against provision, never the
 * whole document. PURE.
 */
import { diffWordsWithSpace } from 'diff';
import type { WordEdit } from './code-amendments.ts';

export interface DiffSegment {
  type: 'same' | 'del' | 'ins';
  text: string;
}

/** The coalesced word diff: in each changed phrase the deletion comes before the insertion. */
export function wordDiff(before: string, after: string): DiffSegment[] {
  if (before === after) return before ? [{ type: 'same', text: before }] : [];
  const parts = diffWordsWithSpace(before, after);
  const out: DiffSegment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ type: 'del', text: del });
    if (ins) out.push({ type: 'ins', text: ins });
    del = '';
    ins = '';
  };
  parts.forEach((part, i) => {
    if (part.removed) del += part.value;
    else if (part.added) ins += part.value;
    else {
      const next = parts[i + 1];
      const inChange = (del || ins) && next && (next.added || next.removed);
      if (inChange && /^\s+$/.test(part.value)) {
        del += part.value;
        ins += part.value;
      } else {
        flush();
        out.push({ type: 'same', text: part.value });
      }
    }
  });
  flush();
  return out;
}

const lastWords = (s: string, k: number): string =>
  new RegExp(`(?:\\S+\\s*){0,${k}}$`).exec(s)?.[0] ?? '';
const firstWords = (s: string, k: number): string =>
  new RegExp(`^(?:\\s*\\S+){0,${k}}`).exec(s)?.[0] ?? '';

function occursOnce(text: string, needle: string): boolean {
  if (!needle) return text === '';
  const at = text.indexOf(needle);
  return at >= 0 && text.indexOf(needle, at + 1) < 0;
}

/** The word edits, each anchored by enough words either side to occur once, that turn before into after. */
export function deriveWordEdits(before: string, after: string): WordEdit[] {
  const hunks: Array<{ start: number; del: string; ins: string }> = [];
  let pos = 0;
  for (const seg of wordDiff(before, after)) {
    const last = hunks[hunks.length - 1];
    const open = last !== undefined && last.start + last.del.length === pos ? last : undefined;
    if (seg.type === 'same') {
      pos += seg.text.length;
      continue;
    }
    if (seg.type === 'del') {
      if (open) open.del += seg.text;
      else hunks.push({ start: pos, del: seg.text, ins: '' });
      pos += seg.text.length;
    } else if (open) open.ins += seg.text;
    else hunks.push({ start: pos, del: '', ins: seg.text });
  }
  const edits: WordEdit[] = [];
  let current = before;
  let delta = 0;
  for (const h of hunks) {
    const at = h.start + delta;
    const prefix = current.slice(0, at);
    const suffix = current.slice(at + h.del.length);
    let edit: WordEdit = { before: prefix, del: h.del, ins: h.ins, after: suffix };
    for (let k = 1; k < 10_000; k++) {
      const candidate = {
        before: lastWords(prefix, k),
        del: h.del,
        ins: h.ins,
        after: firstWords(suffix, k),
      };
      const whole = candidate.before === prefix && candidate.after === suffix;
      if (whole || occursOnce(current, candidate.before + h.del + candidate.after)) {
        edit = whole ? edit : candidate;
        break;
      }
    }
    edits.push(edit);
    current = prefix + h.ins + suffix;
    delta += h.ins.length - h.del.length;
  }
  return edits;
}

/**
 * How the timeline tells each audit event of a modification in words. Pure: events in, text out.
 */
import type { AuditEvent } from '../../audit/audit.ts';
import { actionInWords } from '../../audit/audit-words.ts';
import { PATH_NAMES, STATUS_NAMES, isPath, isStatus } from './modification.ts';

type Json = Record<string, unknown>;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
}

function text(value: unknown, otherwise: string): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : otherwise;
}

function statusName(value: unknown): string {
  return typeof value === 'string' && isStatus(value)
    ? STATUS_NAMES[value]
    : text(value, 'an unknown status');
}

function pathName(value: unknown): string {
  return typeof value === 'string' && isPath(value) ? PATH_NAMES[value] : 'no path';
}

function list(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.map(String).join(', ') : 'none';
}

const CAUSES: Record<string, string> = {
  progress: 'the Panel’s step',
  decision: 'a decision',
  release: 'a SEC Release',
  withdrawal: 'withdrawal',
  adoption: 'adoption',
  documents: 'a change of the documents it changes (D6.8(f)–(i))',
};

/** One line saying what happened, for the modification's timeline. */
export function describeEvent(event: Pick<AuditEvent, 'action' | 'before' | 'after'>): string {
  const { before, after } = event;
  switch (event.action) {
    case 'modification.raised':
      return `Raised as ${text(field(after, 'reference'), '?')}, a ${statusName(field(after, 'status'))}${
        field(after, 'path') ? ` on ${pathName(field(after, 'path'))}` : ''
      }`;
    case 'modification.status_changed': {
      const cause = CAUSES[text(field(after, 'cause'), '?')];
      return `Moved from ${statusName(field(before, 'status'))} to ${statusName(field(after, 'status'))}${cause ? ` by ${cause}` : ''}`;
    }
    case 'modification.converted':
      return `Converted from ${text(field(before, 'reference'), '?')} to ${text(field(after, 'reference'), '?')} on ${pathName(field(after, 'path'))}`;
    case 'modification.documents_changed':
      return `Documents changed from ${list(field(before, 'documentIds'))} to ${list(field(after, 'documentIds'))}`;
    case 'modification.adopted':
      return `Adopted by another Party: back to ${statusName(field(after, 'status'))}`;
    case 'history.recorded':
      return 'Recorded from the SEC’s published history (held outside secrel)';
    case 'modification.imported':
      return `Imported from the SEC history: ${text(field(after, 'summary'), statusName(field(after, 'status')))}`;
    default:
      return actionInWords(event.action);
  }
}

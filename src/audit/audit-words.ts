/**
 * The audit trail in words for pages: an action such as `modification.status_changed` as
 * "Modification: status changed", and what an event changed as rows of a definition list
 * rather than raw JSON. Pure: values in, text out.
 */
import { formatDate, formatInstant } from '../calendar/format.ts';

/** Actions whose words are not the code split into words (issue 13: a draft appeal's events). */
const ACTION_WORDS: Record<string, string> = {
  'rid.appeal_draft_saved': 'Appeal: draft saved',
  'rid.appeal_draft_updated': 'Appeal: draft updated',
  'rid.appeal_draft_discarded': 'Appeal: draft discarded',
  'rid.appeal_draft_file_added': 'Appeal: file added to draft',
  'rid.appeal_draft_file_removed': 'Appeal: file removed from draft',
};

/** Areas whose name is an abbreviation, written as people write it. */
const AREA_WORDS: Record<string, string> = { rid: 'RID', tad: 'TAD', dcc_request: 'DCC request' };

/** An audit action in words: `refinement.view_received` → "Refinement: view received". */
export function actionInWords(action: string): string {
  const known = ACTION_WORDS[action];
  if (known) return known;
  const [area = '', ...rest] = action.split('.');
  const what = rest.join(' ').replace(/_/g, ' ');
  const heading =
    AREA_WORDS[area] ?? area.charAt(0).toUpperCase() + area.slice(1).replace(/_/g, ' ');
  return what === '' ? heading : `${heading}: ${what}`;
}

/** Keys whose plain words are not the key split into words. */
const KEY_WORDS: Record<string, string> = {
  ip: 'IP address',
  session: 'Session',
  sessionId: 'Session',
  userAgent: 'Browser',
  documentIds: 'Documents',
  id: 'Number',
};

/** A field name in words: `proposerOrgId` or `proposer_org_id` → "Proposer org". */
export function keyInWords(key: string): string {
  const known = KEY_WORDS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .replace(/\b(id|ids)$/i, '')
    .trim()
    .toLowerCase();
  return words === '' ? key : words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** One recorded value in words: dates and instants in UK words, codes as words, lists joined. */
export function valueInWords(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (ISO_DATE.test(value)) return formatDate(value);
    if (ISO_INSTANT.test(value)) return formatInstant(value);
    if (CODE.test(value)) return value.replace(/_/g, ' ');
    return value;
  }
  if (Array.isArray(value))
    return value.length === 0 ? 'none' : value.map((item) => valueInWords(item)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${keyInWords(key).toLowerCase()} ${valueInWords(item)}`)
      .join('; ');
  }
  return 'a value that cannot be shown';
}

/** One row of what an event changed: the field, and its value before and after (null: none). */
export interface ChangeRow {
  field: string;
  before: string | null;
  after: string | null;
}

function fieldsOf(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}

/**
 * What an event changed, field by field, in words: every field of `before` and `after`, in
 * the order they first appear; a field that is the same on both sides is shown once (after).
 */
export function changeRows(before: unknown, after: unknown): ChangeRow[] {
  const was = fieldsOf(before);
  const now = fieldsOf(after);
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return keys.map((key) => {
    const beforeText = key in was ? valueInWords(was[key]) : null;
    const afterText = key in now ? valueInWords(now[key]) : null;
    return {
      field: keyInWords(key),
      before: beforeText === afterText ? null : beforeText,
      after: afterText,
    };
  });
}

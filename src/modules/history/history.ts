/**
 * Ruling 13 (a system of record starts somewhere): the past register recorded as history. A
 * modification, a decision, a release or a RID approval dated before the cut-over is recorded
 * "held outside secrel" with its source, the summary the SEC website published (a link, its text
 * or both). Anything dated on or after the cut-over is refused: from then on acts happen live.
 * PURE: records are read from plain values (a CSV line's text or a JSON object), checked against
 * what the database already holds, and planned; the use case loads and saves.
 */
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, type ErrorCode } from '../../errors.ts';
import { isHeldOutside } from '../installation/installation.ts';
import {
  MAX_SOURCE_SUMMARY,
  MAX_SOURCE_URL,
  SOURCE_URL,
  type HistorySource,
} from '../installation/history-source.ts';
import { DECISION_KINDS, OUTCOMES, type DecisionKind, type Outcome } from '../decision/decision.ts';
import {
  isPath,
  isStatus,
  parseReference,
  type Path,
  type Status,
} from '../modification/modification.ts';

/** The kinds of record an installation's past register holds. */
export const HISTORY_RECORD_TYPES = [
  'modification',
  'decision',
  'release',
  'rid_approval',
] as const;
export type HistoryRecordType = (typeof HISTORY_RECORD_TYPES)[number];

/** What a record held outside secrel is, in the tables: its subject type in `history_source`. */
export const SUBJECT_TYPE_OF = {
  modification: 'modification',
  decision: 'decision',
  release: 'release',
  rid_approval: 'rid_version',
} as const satisfies Record<HistoryRecordType, string>;
export type HistorySubjectType = (typeof SUBJECT_TYPE_OF)[HistoryRecordType];

/** A past release is live (it went live) or cancelled (it never did): ruling 16's end states. */
export const HISTORIC_RELEASE_STATUSES = ['live', 'cancelled'] as const;
export type HistoricReleaseStatus = (typeof HISTORIC_RELEASE_STATUSES)[number];

export type { HistorySource };

export interface HistoricModificationRecord {
  type: 'modification';
  reference: string;
  title: string;
  summary: string;
  path: Path | null;
  status: Status;
  raisedOn: string;
  approvedOn: string | null;
  approvedBy: 'change_board' | 'authority' | null;
  withdrawnOn: string | null;
  statusBeforeWithdrawal: Status | null;
  implementedOn: string | null;
  /** The name of the proposing organisation, where known and in secrel's directory. */
  proposer: string | null;
  /** Catalogue ids of the SEC documents it changes (e.g. section-d, appendix-ad). */
  documents: string[];
  /** References of the modifications it depends on (recorded already or in the same file). */
  dependsOn: string[];
  source: HistorySource;
}

export interface HistoricDecisionRecord {
  type: 'decision';
  /** The reference of the modification decided on. */
  modification: string;
  /** Who decided: the Change Board (decision or recommendation) or the Authority. */
  kind: DecisionKind;
  outcome: Outcome;
  decidedOn: string;
  notes: string;
  source: HistorySource;
}

/** One part of a modification a past release implemented: `MP080` or `SECMP0015:documents`. */
export interface HistoricPart {
  reference: string;
  part: string;
}

export interface HistoricReleaseRecord {
  type: 'release';
  name: string;
  goLive: string;
  /** The Policy's release type: february, june, november, ad_hoc … */
  releaseType: string;
  status: HistoricReleaseStatus;
  dccImpacting: boolean;
  notes: string;
  modifications: HistoricPart[];
  source: HistorySource;
}

export interface HistoricRidApprovalRecord {
  type: 'rid_approval';
  /** The name of the release the RID is for. */
  release: string;
  version: number;
  approvedOn: string;
  publishedOn: string | null;
  source: HistorySource;
}

export type HistoryRecord =
  | HistoricModificationRecord
  | HistoricDecisionRecord
  | HistoricReleaseRecord
  | HistoricRidApprovalRecord;

/** Something wrong with one record: the field, the rule's code and a sentence to act on. */
export interface HistoryProblem {
  /** The record's place: its index in the list (0-based). */
  index: number;
  field: string;
  code: ErrorCode;
  message: string;
}

type FieldProblem = Omit<HistoryProblem, 'index'>;

const MAX_TEXT = 10_000;
const MAX_TITLE = 500;
const MAX_NAME = 120;
const TOKEN = /^[a-z0-9][a-z0-9_-]*$/;

function text(raw: Record<string, unknown>, field: string): string | null {
  const value = raw[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A list: a JSON array of strings, or text separated by spaces, commas or semicolons. */
function list(raw: Record<string, unknown>, field: string): string[] {
  const value = raw[field];
  if (Array.isArray(value)) return value.map((item) => String(item).trim()).filter(Boolean);
  const joined = text(raw, field);
  return joined === null ? [] : joined.split(/[\s,;]+/).filter(Boolean);
}

class Reader {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly raw: Record<string, unknown>) {}

  problem(field: string, message: string, code: ErrorCode = 'history_invalid'): void {
    this.problems.push({ field, code, message });
  }

  optional(field: string, max = MAX_TEXT): string | null {
    const value = text(this.raw, field);
    if (value !== null && value.length > max)
      this.problem(field, `${field} is longer than ${max} characters`);
    return value;
  }

  required(field: string, max = MAX_TEXT): string {
    const value = this.optional(field, max);
    if (value === null) this.problem(field, `${field} is missing`);
    return value ?? '';
  }

  date(field: string, required: boolean): string | null {
    const value = required ? this.required(field) : this.optional(field);
    if (value === null || value === '') return null;
    const given: string = value;
    if (isIsoDate(given)) return given;
    this.problem(field, `${field} must be a date (YYYY-MM-DD), not "${value}"`);
    return null;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], required: boolean): T | null {
    const value = required ? this.required(field) : this.optional(field);
    if (value === null || value === '') return null;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(field, `${field} must be one of ${allowed.join(', ')}, not "${value}"`);
      return null;
    }
    return value as T;
  }

  reference(field: string): string {
    const value = this.required(field);
    if (value === '') return '';
    const parsed = parseReference(value);
    if (!parsed) {
      this.problem(
        field,
        `${field} "${value}" is not a modification reference (SECMP0061, MP200, MP102A, DP090)`,
      );
      return value;
    }
    return value.toUpperCase();
  }

  source(): HistorySource {
    const url = this.optional('sourceUrl', MAX_SOURCE_URL);
    const summary = this.optional('sourceSummary', MAX_SOURCE_SUMMARY);
    if (url === null && summary === null)
      this.problem(
        'sourceUrl',
        'Give the published source: sourceUrl (the page on the SEC website), sourceSummary, or both',
      );
    if (url !== null && !SOURCE_URL.test(url))
      this.problem('sourceUrl', `sourceUrl must be a web address (https://…), not "${url}"`);
    return { url, summary };
  }
}

function readModification(r: Reader, raw: Record<string, unknown>): HistoricModificationRecord {
  const reference = r.reference('reference');
  const pathText = r.optional('path');
  let path: Path | null = null;
  if (pathText !== null) {
    if (isPath(pathText)) path = pathText;
    else r.problem('path', `path must be one of path1, path2, path3, fast_track, alv`);
  }
  const statusText = r.required('status');
  let status: Status = 'modification_proposal';
  if (statusText !== '') {
    if (isStatus(statusText)) status = statusText;
    else r.problem('status', `status "${statusText}" is not a modification status`);
  }
  const before = r.optional('statusBeforeWithdrawal');
  let statusBeforeWithdrawal: Status | null = null;
  if (before !== null) {
    if (isStatus(before) && before !== 'withdrawn') statusBeforeWithdrawal = before;
    else r.problem('statusBeforeWithdrawal', `"${before}" is not a status to withdraw from`);
  }
  const record: HistoricModificationRecord = {
    type: 'modification',
    reference,
    title: r.required('title', MAX_TITLE),
    summary: r.optional('summary') ?? '',
    path,
    status,
    raisedOn: r.date('raisedOn', true) ?? '',
    approvedOn: r.date('approvedOn', false),
    approvedBy: r.oneOf('approvedBy', ['change_board', 'authority'] as const, false),
    withdrawnOn: r.date('withdrawnOn', false),
    statusBeforeWithdrawal,
    implementedOn: r.date('implementedOn', false),
    proposer: r.optional('proposer', MAX_NAME),
    documents: list(raw, 'documents'),
    dependsOn: list(raw, 'dependsOn').map((reference) => reference.toUpperCase()),
    source: r.source(),
  };
  if (record.approvedOn !== null && record.approvedBy === null)
    r.problem('approvedBy', 'approvedBy (change_board or authority) goes with approvedOn');
  if (record.status === 'withdrawn' && record.withdrawnOn === null)
    r.problem('withdrawnOn', 'A withdrawn modification needs withdrawnOn');
  if (record.status !== 'withdrawn' && record.withdrawnOn !== null)
    r.problem('withdrawnOn', 'withdrawnOn is only for a withdrawn modification');
  if (record.implementedOn !== null && record.status !== 'implemented')
    r.problem('implementedOn', 'implementedOn is only for an implemented modification');
  for (const reference of record.dependsOn)
    if (!parseReference(reference))
      r.problem('dependsOn', `dependsOn "${reference}" is not a modification reference`);
  for (const field of ['approvedOn', 'withdrawnOn', 'implementedOn'] as const) {
    const on = record[field];
    if (on !== null && record.raisedOn !== '' && on < record.raisedOn)
      r.problem(field, `${field} ${on} is before raisedOn ${record.raisedOn}`);
  }
  return record;
}

function readDecision(r: Reader): HistoricDecisionRecord {
  return {
    type: 'decision',
    modification: r.reference('modification'),
    kind: r.oneOf('kind', DECISION_KINDS, true) ?? 'change_board_decision',
    outcome: r.oneOf('outcome', OUTCOMES, true) ?? 'approve',
    decidedOn: r.date('decidedOn', true) ?? '',
    notes: r.optional('notes') ?? '',
    source: r.source(),
  };
}

function readBoolean(r: Reader, raw: Record<string, unknown>, field: string): boolean | null {
  const value = raw[field];
  if (typeof value === 'boolean') return value;
  const given = r.optional(field);
  if (given === null) return null;
  if (/^(true|yes|1)$/i.test(given)) return true;
  if (/^(false|no|0)$/i.test(given)) return false;
  r.problem(field, `${field} must be true or false, not "${given}"`);
  return null;
}

function readRelease(r: Reader, raw: Record<string, unknown>): HistoricReleaseRecord {
  const releaseType = r.required('releaseType', 40);
  if (releaseType !== '' && !TOKEN.test(releaseType))
    r.problem('releaseType', `releaseType must be a type such as june or ad_hoc`);
  const modifications: HistoricPart[] = [];
  for (const item of list(raw, 'modifications')) {
    const [reference = '', part = 'whole'] = item.split(':');
    if (!parseReference(reference))
      r.problem('modifications', `"${item}" is not a modification reference (MP080 or MP080:part)`);
    modifications.push({ reference: reference.toUpperCase(), part: part.trim() || 'whole' });
  }
  const goLive = r.date('goLive', true) ?? '';
  return {
    type: 'release',
    name: r.required('name', MAX_NAME),
    goLive,
    releaseType,
    status: r.oneOf('status', HISTORIC_RELEASE_STATUSES, true) ?? 'live',
    dccImpacting: readBoolean(r, raw, 'dccImpacting') ?? releaseType !== 'february',
    notes: r.optional('notes') ?? '',
    modifications,
    source: r.source(),
  };
}

function readRidApproval(r: Reader): HistoricRidApprovalRecord {
  const versionText = r.required('version');
  const version = Number(versionText);
  if (versionText !== '' && !(Number.isInteger(version) && version >= 1 && version <= 999))
    r.problem('version', `version must be a RID version number (1, 2, …), not "${versionText}"`);
  const record: HistoricRidApprovalRecord = {
    type: 'rid_approval',
    release: r.required('release', MAX_NAME),
    version: Number.isInteger(version) ? version : 0,
    approvedOn: r.date('approvedOn', true) ?? '',
    publishedOn: r.date('publishedOn', false),
    source: r.source(),
  };
  if (
    record.publishedOn !== null &&
    record.approvedOn !== '' &&
    record.publishedOn < record.approvedOn
  )
    r.problem('publishedOn', `publishedOn ${record.publishedOn} is before approvedOn`);
  return record;
}

/**
 * Reads one record of an import (a CSV line's columns or a JSON object): its `type` says which
 * kind; empty text counts as absent. Returns the record and every problem found in it.
 */
export function readHistoryRecord(raw: Record<string, unknown>): {
  record: HistoryRecord | null;
  problems: FieldProblem[];
} {
  const r = new Reader(raw);
  const type = r.oneOf('type', HISTORY_RECORD_TYPES, true);
  if (type === null) return { record: null, problems: r.problems };
  const record =
    type === 'modification'
      ? readModification(r, raw)
      : type === 'decision'
        ? readDecision(r)
        : type === 'release'
          ? readRelease(r, raw)
          : readRidApproval(r);
  return { record, problems: r.problems };
}

/** The dates a record carries, by field: each must fall before the cut-over. */
export function datesOf(record: HistoryRecord): { field: string; on: string }[] {
  const dates: { field: string; on: string | null }[] =
    record.type === 'modification'
      ? [
          { field: 'raisedOn', on: record.raisedOn },
          { field: 'approvedOn', on: record.approvedOn },
          { field: 'withdrawnOn', on: record.withdrawnOn },
          { field: 'implementedOn', on: record.implementedOn },
        ]
      : record.type === 'decision'
        ? [{ field: 'decidedOn', on: record.decidedOn }]
        : record.type === 'release'
          ? [{ field: 'goLive', on: record.goLive }]
          : [
              { field: 'approvedOn', on: record.approvedOn },
              { field: 'publishedOn', on: record.publishedOn },
            ];
  return dates.filter((d): d is { field: string; on: string } => d.on !== null && d.on !== '');
}

/** Ruling 13: each date of a history record is before the cut-over; else `history_after_cut_over`. */
export function cutOverProblems(record: HistoryRecord, cutOver: string): FieldProblem[] {
  return datesOf(record)
    .filter((d) => !isHeldOutside(d.on, cutOver))
    .map((d) => ({
      field: d.field,
      code: 'history_after_cut_over' as const,
      message: `${d.field} ${d.on} is on or after the cut-over (${cutOver}): from the cut-over, this is recorded live in secrel`,
    }));
}

/** The key a record is recognised by, so importing it twice adds nothing. */
export function keyOf(record: HistoryRecord): string {
  switch (record.type) {
    case 'modification':
      return record.reference;
    case 'decision':
      return `${record.modification} ${record.kind} ${record.decidedOn}`;
    case 'release':
      return record.name;
    case 'rid_approval':
      return `${record.release} RID version ${String(record.version)}`;
  }
}

/** A thing already in the database, found by its reference, name or key. */
export interface Existing {
  id: number;
  /** True when it was recorded as history (it has a history source). */
  heldOutside: boolean;
}

/** What the database already holds that the records refer to or might repeat. */
export interface HistoryKnown {
  cutOver: string;
  /** By reference. */
  modifications: ReadonlyMap<string, Existing>;
  /** By name. */
  releases: ReadonlyMap<string, Existing>;
  /** By {@link keyOf} of a decision record. */
  decisions: ReadonlyMap<string, Existing>;
  /** By {@link keyOf} of a RID approval record. */
  ridVersions: ReadonlyMap<string, Existing>;
  /** Organisation ids by name. */
  organisations: ReadonlyMap<string, number>;
  /** Catalogue document ids. */
  documents: ReadonlySet<string>;
  /** Whether an approved SEC Release Management Policy exists to govern a past release. */
  hasPolicy: boolean;
}

/** The outcome of checking a list of records: problems, what is new and what was there. */
export interface HistoryPlan {
  problems: HistoryProblem[];
  /** Indexes of records to record, in the order they are saved (modifications first). */
  toRecord: number[];
  /** Records already held outside secrel: index and the existing id. */
  alreadyRecorded: { index: number; id: number }[];
}

const SAVE_ORDER: Record<HistoryRecordType, number> = {
  modification: 0,
  release: 1,
  decision: 2,
  rid_approval: 3,
};

function existingOf(record: HistoryRecord, known: HistoryKnown): Existing | undefined {
  switch (record.type) {
    case 'modification':
      return known.modifications.get(record.reference);
    case 'decision':
      return known.decisions.get(keyOf(record));
    case 'release':
      return known.releases.get(record.name);
    case 'rid_approval':
      return known.ridVersions.get(keyOf(record));
  }
}

function referenceProblems(
  record: HistoryRecord,
  known: HistoryKnown,
  inFile: { modifications: Set<string>; releases: Set<string> },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const missing = (field: string, message: string) =>
    problems.push({ field, code: 'history_invalid', message });
  const modificationKnown = (reference: string) =>
    known.modifications.has(reference) || inFile.modifications.has(reference);
  switch (record.type) {
    case 'modification':
      if (record.proposer !== null && !known.organisations.has(record.proposer))
        missing('proposer', `No organisation named "${record.proposer}" in secrel`);
      for (const id of record.documents)
        if (!known.documents.has(id))
          missing('documents', `No SEC document "${id}" in the catalogue`);
      for (const reference of record.dependsOn)
        if (!modificationKnown(reference))
          missing('dependsOn', `${reference} is neither in secrel nor in this file`);
      break;
    case 'decision':
      if (!modificationKnown(record.modification))
        missing('modification', `${record.modification} is neither in secrel nor in this file`);
      break;
    case 'release':
      if (!known.hasPolicy)
        missing(
          'goLive',
          'Record the SEC Release Management Policy first: a release is governed by it',
        );
      for (const part of record.modifications)
        if (!modificationKnown(part.reference))
          missing('modifications', `${part.reference} is neither in secrel nor in this file`);
      break;
    case 'rid_approval':
      if (!known.releases.has(record.release) && !inFile.releases.has(record.release))
        missing('release', `No release named "${record.release}" in secrel or in this file`);
      break;
  }
  return problems;
}

/**
 * Ruling 13: checks every record against the cut-over and what the database holds, and plans
 * the import: a record whose key is already held outside secrel is skipped (importing twice adds
 * nothing); one whose key is a live record is a conflict; a key twice in the list is a problem.
 */
export function planHistory(records: readonly HistoryRecord[], known: HistoryKnown): HistoryPlan {
  const problems: HistoryProblem[] = [];
  const alreadyRecorded: { index: number; id: number }[] = [];
  const toRecord: number[] = [];
  const inFile = {
    modifications: new Set(
      records.flatMap((r) => (r.type === 'modification' ? [r.reference] : [])),
    ),
    releases: new Set(records.flatMap((r) => (r.type === 'release' ? [r.name] : []))),
  };
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const add = (found: FieldProblem[]) =>
      problems.push(...found.map((problem) => ({ index, ...problem })));
    const key = `${record.type} ${keyOf(record)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      add([
        {
          field: record.type === 'release' ? 'name' : 'type',
          code: 'history_invalid',
          message: `${keyOf(record)} is given twice (also record ${String(first + 1)})`,
        },
      ]);
      return;
    }
    seen.set(key, index);
    add(cutOverProblems(record, known.cutOver));
    const existing = existingOf(record, known);
    if (existing?.heldOutside) {
      alreadyRecorded.push({ index, id: existing.id });
      return;
    }
    if (existing) {
      add([
        {
          field:
            record.type === 'release'
              ? 'name'
              : record.type === 'modification'
                ? 'reference'
                : 'type',
          code: 'history_conflict',
          message: `${keyOf(record)} is already recorded live in secrel; it cannot also be history`,
        },
      ]);
      return;
    }
    add(referenceProblems(record, known, inFile));
    toRecord.push(index);
  });
  toRecord.sort(
    (a, b) =>
      SAVE_ORDER[(records[a] as HistoryRecord).type] -
        SAVE_ORDER[(records[b] as HistoryRecord).type] || a - b,
  );
  return { problems, toRecord, alreadyRecorded };
}

/** The code a list of problems is refused with: the cut-over first, then conflicts. */
export function refusalCodeOf(problems: readonly HistoryProblem[]): ErrorCode {
  if (problems.some((p) => p.code === 'history_after_cut_over')) return 'history_after_cut_over';
  if (problems.some((p) => p.code === 'history_conflict')) return 'history_conflict';
  return 'history_invalid';
}

/**
 * The refusal of a list of records: its code ({@link refusalCodeOf}), the first problem in words
 * with how many more there are, and every problem in `problems` (records counted from 1).
 */
export function historyRefusal(problems: readonly HistoryProblem[]): AppError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${String(problems.length - 1)} more)` : '';
  return new AppError(
    refusalCodeOf(problems),
    first ? `Record ${String(first.index + 1)}: ${first.message}${more}` : undefined,
    {
      field: first ? `records[${String(first.index)}].${first.field}` : undefined,
      details: {
        problems: problems.map(({ index, field, code, message }) => ({
          record: index + 1,
          field,
          code,
          message,
        })),
      },
    },
  );
}

/** Reads a list of raw records; problems carry each record's index. */
export function readHistoryRecords(raws: readonly Record<string, unknown>[]): {
  records: HistoryRecord[];
  problems: HistoryProblem[];
} {
  const records: HistoryRecord[] = [];
  const problems: HistoryProblem[] = [];
  raws.forEach((raw, index) => {
    const read = readHistoryRecord(raw);
    problems.push(...read.problems.map((p) => ({ index, ...p })));
    if (read.record) records.push(read.record);
  });
  return { records, problems };
}

/** The release type of a past release from its go-live month, as the SEC names them. */
export function releaseTypeOfMonth(goLive: string): string {
  const month = Number(goLive.slice(5, 7));
  return (
    ({ 2: 'february', 6: 'june', 11: 'november' } as Record<number, string>)[month] ?? 'ad_hoc'
  );
}

/** What a list of records refers to: the references, names and ids to look up. */
export function referencesOf(records: readonly HistoryRecord[]): {
  modifications: string[];
  releases: string[];
  organisations: string[];
  documents: string[];
} {
  const modifications = new Set<string>();
  const releases = new Set<string>();
  const organisations = new Set<string>();
  const documents = new Set<string>();
  for (const record of records) {
    if (record.type === 'modification') {
      modifications.add(record.reference);
      record.dependsOn.forEach((r) => modifications.add(r));
      record.documents.forEach((d) => documents.add(d));
      if (record.proposer !== null) organisations.add(record.proposer);
    } else if (record.type === 'decision') modifications.add(record.modification);
    else if (record.type === 'release') {
      releases.add(record.name);
      record.modifications.forEach((p) => modifications.add(p.reference));
    } else releases.add(record.release);
  }
  return {
    modifications: [...modifications],
    releases: [...releases],
    organisations: [...organisations],
    documents: [...documents],
  };
}

import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, RidFreezeOverrideTable, RidVersionTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { parseContentSnapshot, type RidContentItem } from './rid-content.ts';
import type { RidSections } from './rid-sections.ts';
import { isRidStatus, type RidStatus } from './rid.ts';

export interface RidVersion {
  id: number;
  releaseId: number;
  number: number;
  status: RidStatus;
  sections: RidSections;
  /** D10.13(a) as the Panel saw it: set when the version was submitted. */
  contentSnapshot: RidContentItem[] | null;
  tadVersionId: number | null;
  basedOnId: number | null;
  freezeOverrideId: number | null;
  createdAt: Date;
  submittedAt: Date | null;
  approvalMeetingId: number | null;
  approvedOn: string | null;
  publishedAt: Date | null;
  version: number;
}

export type FreezeOverrideRow = Selectable<RidFreezeOverrideTable>;

/** A Panel override of the freeze, with the version that used it (if any). */
export interface FreezeOverride {
  id: number;
  releaseId: number;
  meetingId: number | null;
  decidedOn: string;
  reasons: string;
  recordedAt: Date;
  usedByNumber: number | null;
}

function parsedSections(value: unknown): RidSections {
  return (typeof value === 'string' ? JSON.parse(value) : value) as RidSections;
}

export function toRidVersion(row: Selectable<RidVersionTable>): RidVersion {
  if (!isRidStatus(row.status)) throw new Error(`RID version ${row.id} has an unknown status`);
  return {
    id: row.id,
    releaseId: row.release_id,
    number: row.number,
    status: row.status,
    sections: parsedSections(row.sections),
    contentSnapshot: parseContentSnapshot(row.content_snapshot),
    tadVersionId: row.tad_version_id,
    basedOnId: row.based_on_id,
    freezeOverrideId: row.freeze_override_id,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    approvalMeetingId: row.approval_meeting_id,
    approvedOn: row.approved_on,
    publishedAt: row.published_at,
    version: row.version,
  };
}

/** A-RID: every version of a release's RID, by number. */
export async function listRidVersions(db: Kysely<DB>, releaseId: number): Promise<RidVersion[]> {
  const rows = await db
    .selectFrom('rid_version')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('number')
    .execute();
  return rows.map(toRidVersion);
}

export async function findRidVersion(
  db: Kysely<DB>,
  releaseId: number,
  number: number,
): Promise<RidVersion | undefined> {
  const row = await db
    .selectFrom('rid_version')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row ? toRidVersion(row) : undefined;
}

/** Loads and locks a version in a use case; a stale `expectedVersion` is refused (409). */
export async function lockRidVersion(
  trx: Transaction<DB>,
  releaseId: number,
  number: number,
  expectedVersion?: number,
): Promise<RidVersion> {
  const row = await trx
    .selectFrom('rid_version')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('number', '=', number)
    .forUpdate()
    .executeTakeFirst();
  if (!row)
    throw new AppError('not_found', `The RID of release ${releaseId} has no version ${number}`);
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      `Version ${number} of the RID has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
  return toRidVersion(row);
}

/** D10.13(a): the release's live allocations, each with the SEC documents its modification changes. */
export async function ridContentOf(db: Kysely<DB>, releaseId: number): Promise<RidContentItem[]> {
  const parts = await db
    .selectFrom('allocation')
    .innerJoin('modification', 'modification.id', 'allocation.modification_id')
    .select([
      'allocation.modification_id',
      'allocation.part',
      'allocation.description',
      'allocation.dcc_impacting',
      'modification.reference',
      'modification.title',
    ])
    .where('allocation.release_id', '=', releaseId)
    .where('allocation.descoped_at', 'is', null)
    .orderBy('modification.reference')
    .orderBy('allocation.part')
    .execute();
  const ids = [...new Set(parts.map((p) => p.modification_id))];
  const documents =
    ids.length === 0
      ? []
      : await db
          .selectFrom('modification_document')
          .innerJoin('sec_document', 'sec_document.id', 'modification_document.document_id')
          .select([
            'modification_document.modification_id',
            'sec_document.id',
            'sec_document.code',
            'sec_document.title',
          ])
          .where('modification_document.modification_id', 'in', ids)
          .orderBy('sec_document.code')
          .orderBy('sec_document.title')
          .execute();
  return parts.map((p) => ({
    modificationId: p.modification_id,
    reference: p.reference,
    title: p.title,
    part: p.part,
    description: p.description,
    dccImpacting: p.dcc_impacting,
    documents: documents
      .filter((d) => d.modification_id === p.modification_id)
      .map((d) => ({ id: d.id, code: d.code, title: d.title })),
  }));
}

/** D10.15, ruling 5: the Panel's overrides of a release's freeze, oldest first. */
export async function freezeOverridesOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<FreezeOverride[]> {
  const rows = await db
    .selectFrom('rid_freeze_override as o')
    .leftJoin('rid_version as v', 'v.freeze_override_id', 'o.id')
    .select([
      'o.id',
      'o.release_id',
      'o.meeting_id',
      'o.decided_on',
      'o.reasons',
      'o.recorded_at',
      'v.number as used_by',
    ])
    .where('o.release_id', '=', releaseId)
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    releaseId: r.release_id,
    meetingId: r.meeting_id,
    decidedOn: r.decided_on,
    reasons: r.reasons,
    recordedAt: r.recorded_at,
    usedByNumber: r.used_by,
  }));
}

/** D10.15, ruling 5: the oldest override of the release that no version has used yet. */
export async function unusedOverrideOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<number | undefined> {
  const overrides = await freezeOverridesOf(db, releaseId);
  return overrides.find((o) => o.usedByNumber === null)?.id;
}

/** A TAD version as the RID shows it (D10.18, D10.19). */
export interface TadForRid {
  id: number;
  number: number;
  status: string;
  objectives: string;
  strategy: string;
  consequences: string;
  reviewedOn: string | null;
}

export async function findTadVersion(db: Kysely<DB>, id: number): Promise<TadForRid | undefined> {
  return db
    .selectFrom('tad_version')
    .select(['id', 'number', 'status', 'objectives', 'strategy', 'consequences'])
    .select('reviewed_on as reviewedOn')
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Ruling 8: the latest TAD version of a release in `status` ('reviewed' or 'effective'). */
export async function latestTadVersion(
  db: Kysely<DB>,
  releaseId: number,
  status: 'reviewed' | 'effective',
): Promise<TadForRid | undefined> {
  return db
    .selectFrom('tad_version')
    .select(['id', 'number', 'status', 'objectives', 'strategy', 'consequences'])
    .select('reviewed_on as reviewedOn')
    .where('release_id', '=', releaseId)
    .where('status', '=', status)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

import type { Selectable, Updateable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { RidVersionTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { parseContentSnapshot, type RidContentItem } from './rid-content.ts';
import type { RidSections } from './rid-sections.ts';
import {
  isRidStatus,
  type ApprovedRid,
  type FreezeOverride,
  type RidStatus,
  type RidVersion,
  type TadForRid,
} from './rid.ts';

function parsedSections(value: unknown): RidSections {
  return (typeof value === 'string' ? JSON.parse(value) : value) as RidSections;
}

function toRidVersion(row: Selectable<RidVersionTable>): RidVersion {
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
    appealDeadline: row.appeal_deadline,
    version: row.version,
  };
}

/** A-RID: every version of a release's RID, by number. */
export async function listRidVersions(db: Db, releaseId: number): Promise<RidVersion[]> {
  const rows = await db
    .selectFrom('rid_version')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('number')
    .execute();
  return rows.map(toRidVersion);
}

export async function findRidVersion(
  db: Db,
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
  trx: Tx,
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

/**
 * D10.13(a): the release's live allocations, each with the SEC documents its modification
 * changes. Ruling 15: a pending addition is included (the amendment carries it) and a pending
 * removal left out (the amendment drops it).
 */
export async function ridContentOf(db: Db, releaseId: number): Promise<RidContentItem[]> {
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
    .where((eb) =>
      eb.or([
        eb('allocation.pending_change', 'is', null),
        eb('allocation.pending_change', '<>', 'removal'),
      ]),
    )
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
export async function freezeOverridesOf(db: Db, releaseId: number): Promise<FreezeOverride[]> {
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
export async function unusedOverrideOf(db: Db, releaseId: number): Promise<number | undefined> {
  const overrides = await freezeOverridesOf(db, releaseId);
  return overrides.find((o) => o.usedByNumber === null)?.id;
}

export async function findTadVersion(db: Db, id: number): Promise<TadForRid | undefined> {
  return db
    .selectFrom('tad_version')
    .select(['id', 'number', 'status', 'objectives', 'strategy', 'consequences'])
    .select('reviewed_on as reviewedOn')
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Ruling 8: the latest TAD version of a release in `status` ('reviewed' or 'effective'). */
export async function latestTadVersion(
  db: Db,
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

/**
 * D10.13(b): the sections of each release's approved RID in force (its latest approved version),
 * by release, for every one of `releaseIds` that has one: one query for a whole list (issue 12).
 */
export async function approvedRidSectionsOf(
  db: Db,
  releaseIds: readonly number[],
): Promise<Map<number, RidSections>> {
  if (releaseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('rid_version')
    .distinctOn('release_id')
    .select(['release_id', 'sections'])
    .where('release_id', 'in', releaseIds)
    .where('status', '=', 'approved')
    .orderBy('release_id')
    .orderBy('number', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.release_id, parsedSections(row.sections)]));
}

/**
 * D10.16: the RID version in force for a release: the latest the Panel approved (superseded
 * versions are history). Undefined while no version has been approved.
 */
export async function approvedRidOf(db: Db, releaseId: number): Promise<ApprovedRid | undefined> {
  const row = await db
    .selectFrom('rid_version')
    .select([
      'id',
      'release_id',
      'number',
      'sections',
      'content_snapshot',
      'approved_on',
      'published_at',
      'tad_version_id',
    ])
    .where('release_id', '=', releaseId)
    .where('status', '=', 'approved')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    releaseId: row.release_id,
    number: row.number,
    sections: parsedSections(row.sections),
    content: parseContentSnapshot(row.content_snapshot),
    approvedOn: row.approved_on,
    publishedAt: row.published_at,
    tadVersionId: row.tad_version_id,
  };
}

/** Ruling 8: the RID version each TAD version took effect in, by TAD version id. */
export async function ridVersionsTaking(
  db: Db,
  tadVersionIds: readonly number[],
): Promise<Map<number, { id: number; number: number; approvedOn: string | null }>> {
  if (tadVersionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('rid_version')
    .select(['id', 'number', 'approved_on', 'tad_version_id'])
    .where('tad_version_id', 'in', [...tadVersionIds])
    .where('status', 'in', ['approved', 'superseded'])
    .orderBy('number')
    .execute();
  const result = new Map<number, { id: number; number: number; approvedOn: string | null }>();
  for (const row of rows)
    if (row.tad_version_id !== null && !result.has(row.tad_version_id))
      result.set(row.tad_version_id, {
        id: row.id,
        number: row.number,
        approvedOn: row.approved_on,
      });
  return result;
}

/** A new version of a release's RID, as drafted. */
export interface NewRidVersion {
  releaseId: number;
  number: number;
  sections: RidSections;
  basedOnId: number | null;
  freezeOverrideId: number | null;
  createdBy: number | null;
  createdAt: Date;
}

export async function insertRidVersion(trx: Tx, v: NewRidVersion): Promise<RidVersion> {
  const row = await trx
    .insertInto('rid_version')
    .values({
      release_id: v.releaseId,
      number: v.number,
      sections: JSON.stringify(v.sections),
      based_on_id: v.basedOnId,
      freeze_override_id: v.freezeOverrideId,
      created_by: v.createdBy,
      created_at: v.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRidVersion(row);
}

/** What a use case changes of a version: each field given (null included) is written. */
export interface RidVersionChanges {
  status?: RidStatus;
  sections?: RidSections;
  contentSnapshot?: RidContentItem[];
  freezeOverrideId?: number;
  submittedAt?: Date;
  submittedBy?: number | null;
  approvalMeetingId?: number;
  approvedOn?: string;
  approvedBy?: number | null;
  tadVersionId?: number | null;
  publishedAt?: Date;
  publishedBy?: number | null;
  appealDeadline?: Date;
}

function columnsOf(c: RidVersionChanges): Updateable<RidVersionTable> {
  const columns: Updateable<RidVersionTable> = {};
  if (c.status !== undefined) columns.status = c.status;
  if (c.sections !== undefined) columns.sections = JSON.stringify(c.sections);
  if (c.contentSnapshot !== undefined) columns.content_snapshot = JSON.stringify(c.contentSnapshot);
  if (c.freezeOverrideId !== undefined) columns.freeze_override_id = c.freezeOverrideId;
  if (c.submittedAt !== undefined) columns.submitted_at = c.submittedAt;
  if (c.submittedBy !== undefined) columns.submitted_by = c.submittedBy;
  if (c.approvalMeetingId !== undefined) columns.approval_meeting_id = c.approvalMeetingId;
  if (c.approvedOn !== undefined) columns.approved_on = c.approvedOn;
  if (c.approvedBy !== undefined) columns.approved_by = c.approvedBy;
  if (c.tadVersionId !== undefined) columns.tad_version_id = c.tadVersionId;
  if (c.publishedAt !== undefined) columns.published_at = c.publishedAt;
  if (c.publishedBy !== undefined) columns.published_by = c.publishedBy;
  if (c.appealDeadline !== undefined) columns.appeal_deadline = c.appealDeadline;
  return columns;
}

/** Saves changes to a version, bumping its row version. */
export async function updateRidVersion(
  trx: Tx,
  id: number,
  changes: RidVersionChanges,
): Promise<RidVersion> {
  const row = await trx
    .updateTable('rid_version')
    .set((eb) => ({ ...columnsOf(changes), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRidVersion(row);
}

/** D10.15: the version approved before is superseded; returns the versions superseded. */
export async function supersedeApprovedRid(
  trx: Tx,
  releaseId: number,
): Promise<{ id: number; number: number }[]> {
  return trx
    .updateTable('rid_version')
    .set((eb) => ({ status: 'superseded', version: eb('version', '+', 1) }))
    .where('release_id', '=', releaseId)
    .where('status', '=', 'approved')
    .returning(['id', 'number'])
    .execute();
}

/**
 * Ruling 8: TAD version `tadVersionId` becomes effective with the RID version the Panel approves;
 * the TAD version effective before is superseded. Returns the versions superseded.
 */
export async function makeTadEffective(
  trx: Tx,
  releaseId: number,
  tadVersionId: number,
): Promise<{ id: number; number: number }[]> {
  const superseded = await trx
    .updateTable('tad_version')
    .set((eb) => ({ status: 'superseded', version: eb('version', '+', 1) }))
    .where('release_id', '=', releaseId)
    .where('status', '=', 'effective')
    .returning(['id', 'number'])
    .execute();
  await trx
    .updateTable('tad_version')
    .set((eb) => ({ status: 'effective', version: eb('version', '+', 1) }))
    .where('id', '=', tadVersionId)
    .execute();
  return superseded;
}

/** D10.15, ruling 5: records the Panel's override of a release's freeze (not yet used). */
export async function insertFreezeOverride(
  trx: Tx,
  o: {
    releaseId: number;
    meetingId: number;
    decidedOn: string;
    reasons: string;
    recordedBy: number | null;
    recordedAt: Date;
  },
): Promise<FreezeOverride> {
  const row = await trx
    .insertInto('rid_freeze_override')
    .values({
      release_id: o.releaseId,
      meeting_id: o.meetingId,
      decided_on: o.decidedOn,
      reasons: o.reasons,
      recorded_by: o.recordedBy,
      recorded_at: o.recordedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    releaseId: o.releaseId,
    meetingId: row.meeting_id,
    decidedOn: row.decided_on,
    reasons: row.reasons,
    recordedAt: row.recorded_at,
    usedByNumber: null,
  };
}

/** A RID version awaiting the Panel's approval, or an approval awaiting publication. */
export interface RidAwaiting {
  releaseId: number;
  releaseName: string;
  number: number;
  status: RidStatus;
}

/**
 * D10.15, D10.17: the versions submitted to the Panel and the approvals not yet published, by
 * go-live, at most `limit`.
 */
export async function ridVersionsAwaiting(db: Db, limit: number): Promise<RidAwaiting[]> {
  const rows = await db
    .selectFrom('rid_version as v')
    .innerJoin('release as r', 'r.id', 'v.release_id')
    .select(['v.release_id', 'v.number', 'v.status', 'v.published_at', 'r.name'])
    .where((eb) =>
      eb.or([
        eb('v.status', '=', 'submitted'),
        // Ruling 1: every approval is published, even one superseded before it was.
        eb.and([
          eb('v.status', 'in', ['approved', 'superseded']),
          eb('v.approved_on', 'is not', null),
          eb('v.published_at', 'is', null),
        ]),
      ]),
    )
    .orderBy('r.go_live')
    .orderBy('v.number')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    releaseId: row.release_id,
    releaseName: row.name,
    number: row.number,
    status: row.status,
  }));
}

import { sql } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import {
  isAppealStatus,
  isFurtherAppealOutcome,
  type Appeal,
  type AppealableVersion,
  type AppealedVersion,
  type AppealStatus,
  type Determination,
  type FurtherAppeal,
  type FurtherAppealOutcome,
} from './appeal.ts';

function toVersion(row: {
  id: number;
  release_id: number;
  number: number;
  status: AppealableVersion['status'];
  approved_on: string | null;
  published_at: Date | null;
  appeal_deadline: Date | null;
}): AppealedVersion {
  return {
    id: row.id,
    releaseId: row.release_id,
    number: row.number,
    status: row.status,
    approvedOn: row.approved_on,
    publishedAt: row.published_at === null ? null : new Date(row.published_at).toISOString(),
    appealDeadline:
      row.appeal_deadline === null ? null : new Date(row.appeal_deadline).toISOString(),
  };
}

const VERSION_COLUMNS = [
  'id',
  'release_id',
  'number',
  'status',
  'approved_on',
  'published_at',
  'appeal_deadline',
] as const;

/** Version `number` of a release's RID, or undefined. */
export async function findRidVersion(
  db: Db,
  releaseId: number,
  number: number,
): Promise<AppealedVersion | undefined> {
  const row = await db
    .selectFrom('rid_version')
    .select(VERSION_COLUMNS)
    .where('release_id', '=', releaseId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

/** D10.17, ruling 1: a release's approved RID versions (current and superseded), by number. */
export async function approvalsOf(db: Db, releaseId: number): Promise<AppealedVersion[]> {
  const rows = await db
    .selectFrom('rid_version')
    .select(VERSION_COLUMNS)
    .where('release_id', '=', releaseId)
    .where('status', 'in', ['approved', 'superseded'])
    .orderBy('number')
    .execute();
  return rows.map(toVersion);
}

/** Approvals published at or after `since`, newest first, with their release's name. */
export async function approvalsPublishedSince(db: Db, since: Date) {
  const rows = await db
    .selectFrom('rid_version as v')
    .innerJoin('release as r', 'r.id', 'v.release_id')
    .select([
      'v.id',
      'v.release_id',
      'v.number',
      'v.status',
      'v.approved_on',
      'v.published_at',
      'v.appeal_deadline',
      'r.name as release_name',
    ])
    .where('v.status', 'in', ['approved', 'superseded'])
    .where('v.published_at', '>=', since)
    .orderBy('v.published_at', 'desc')
    .orderBy('v.id', 'desc')
    .execute();
  return rows.map((row) => ({ ...toVersion(row), releaseName: row.release_name }));
}

function appealQuery(db: Db) {
  return db
    .selectFrom('rid_appeal as a')
    .innerJoin('rid_version as v', 'v.id', 'a.rid_version_id')
    .innerJoin('release as r', 'r.id', 'v.release_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .leftJoin('rid_further_appeal as f', 'f.rid_appeal_id', 'a.id')
    .select([
      'a.id',
      'r.id as release_id',
      'r.name as release_name',
      'v.id as rid_version_id',
      'v.number as rid_version_number',
      'a.organisation_id',
      'o.name as organisation_name',
      'a.lodged_by',
      'a.lodged_at',
      'a.reasons',
      'a.status',
      'a.determination',
      'a.determined_on',
      'a.determined_at',
      'a.version',
      'f.id as further_id',
      'f.appellant as further_appellant',
      'f.brought_on as further_brought_on',
      'f.details as further_details',
      'f.recorded_at as further_recorded_at',
      'f.outcome as further_outcome',
      'f.outcome_text as further_outcome_text',
      'f.decided_on as further_decided_on',
    ]);
}

type AppealRow = Awaited<ReturnType<ReturnType<typeof appealQuery>['executeTakeFirstOrThrow']>>;

function toFurtherAppeal(row: AppealRow): FurtherAppeal | null {
  if (
    row.further_id === null ||
    row.further_appellant === null ||
    row.further_brought_on === null ||
    row.further_details === null ||
    row.further_recorded_at === null
  )
    return null;
  const outcome = row.further_outcome;
  if (outcome !== null && !isFurtherAppealOutcome(outcome))
    throw new Error(`further appeal ${row.further_id} has unknown outcome ${String(outcome)}`);
  return {
    appellant: row.further_appellant,
    broughtOn: row.further_brought_on,
    details: row.further_details,
    recordedAt: row.further_recorded_at,
    outcome,
    outcomeText: row.further_outcome_text,
    decidedOn: row.further_decided_on,
  };
}

function toAppeal(row: AppealRow): Appeal {
  if (!isAppealStatus(row.status))
    throw new Error(`appeal ${row.id} has unknown status ${String(row.status)}`);
  return {
    id: row.id,
    releaseId: row.release_id,
    releaseName: row.release_name,
    ridVersionId: row.rid_version_id,
    ridVersionNumber: row.rid_version_number,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    lodgedBy: row.lodged_by,
    lodgedAt: row.lodged_at,
    reasons: row.reasons,
    status: row.status,
    determination: row.determination,
    determinedOn: row.determined_on,
    determinedAt: row.determined_at,
    furtherAppeal: toFurtherAppeal(row),
    version: row.version,
  };
}

/** Open appeals first (awaiting the Authority), then the newest. */
const OPEN_FIRST = sql<number>`case when a.status = 'referred' then 0 else 1 end`;

export async function findAppeal(db: Db, id: number): Promise<Appeal | undefined> {
  const row = await appealQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? toAppeal(row) : undefined;
}

/**
 * D10.17: the appeals against the RID approvals of a release, open ones first, each with its RID
 * version number, the appellant organisation's name, when it was lodged, its status and the
 * Authority's determination. The reasons are in the appeals: hide them with `visibleReasons`.
 */
export async function appealsOfRelease(db: Db, releaseId: number): Promise<Appeal[]> {
  const rows = await appealQuery(db)
    .where('v.release_id', '=', releaseId)
    .orderBy(OPEN_FIRST)
    .orderBy('a.lodged_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map(toAppeal);
}

/** Issue 13: an organisation's own appeals (its home page), open ones first, then the newest. */
export async function appealsOfOrganisation(
  db: Db,
  organisationId: number,
  limit: number,
): Promise<Appeal[]> {
  const rows = await appealQuery(db)
    .where('a.organisation_id', '=', organisationId)
    .orderBy(OPEN_FIRST)
    .orderBy('a.lodged_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAppeal);
}

export type AppealFilter = 'open' | 'determined' | AppealStatus;

/** D10.17: a page of every appeal, open ones first, and how many match. */
export async function listAppeals(
  db: Db,
  options: { status?: AppealFilter | undefined; page: number; limit: number },
): Promise<{ items: Appeal[]; total: number }> {
  let items = appealQuery(db);
  let count = db
    .selectFrom('rid_appeal as a')
    .select((eb) => eb.fn.countAll<string | number>().as('n'));
  const status = options.status;
  if (status === 'open') {
    items = items.where('a.status', '=', 'referred');
    count = count.where('a.status', '=', 'referred');
  } else if (status === 'determined') {
    items = items.where('a.status', '<>', 'referred');
    count = count.where('a.status', '<>', 'referred');
  } else if (status !== undefined) {
    items = items.where('a.status', '=', status);
    count = count.where('a.status', '=', status);
  }
  const [rows, total] = await Promise.all([
    items
      .orderBy(OPEN_FIRST)
      .orderBy('a.lodged_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(options.limit)
      .offset((options.page - 1) * options.limit)
      .execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toAppeal), total: Number(total.n) };
}

/** D10.17: appeals awaiting the Authority's determination, oldest first (home pages). */
export async function openAppeals(db: Db): Promise<Appeal[]> {
  const rows = await appealQuery(db)
    .where('a.status', '=', 'referred')
    .orderBy('a.lodged_at')
    .orderBy('a.id')
    .execute();
  return rows.map(toAppeal);
}

/** Loads and locks an appeal in a use case; a stale `expectedVersion` is refused (409). */
export async function lockAppeal(trx: Tx, id: number, expectedVersion?: number): Promise<Appeal> {
  const locked = await trx
    .selectFrom('rid_appeal')
    .select(['id', 'version'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw new AppError('not_found', `There is no appeal ${id}`);
  if (expectedVersion !== undefined && locked.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      `Appeal ${id} has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
  const appeal = await findAppeal(trx, id);
  if (!appeal) throw new AppError('not_found', `There is no appeal ${id}`);
  return appeal;
}

/** D10.17: a Party's appeal against version `ridVersionId`, lodged now; returns its id. */
export async function insertAppeal(
  trx: Tx,
  appeal: {
    ridVersionId: number;
    organisationId: number;
    lodgedBy: number;
    lodgedAt: Date;
    reasons: string;
  },
): Promise<number> {
  const row = await trx
    .insertInto('rid_appeal')
    .values({
      rid_version_id: appeal.ridVersionId,
      organisation_id: appeal.organisationId,
      lodged_by: appeal.lodgedBy,
      lodged_at: appeal.lodgedAt,
      reasons: appeal.reasons,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** D10.17: the Authority's determination of an appeal, bumping its row version. */
export async function saveDetermination(
  trx: Tx,
  id: number,
  determination: {
    outcome: Determination;
    text: string;
    determinedOn: string;
    determinedBy: number | null;
    determinedAt: Date;
  },
): Promise<void> {
  await trx
    .updateTable('rid_appeal')
    .set((eb) => ({
      status: determination.outcome,
      determination: determination.text,
      determined_on: determination.determinedOn,
      determined_by: determination.determinedBy,
      determined_at: determination.determinedAt,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Bumps an appeal's row version (a change to its further appeal changes the appeal). */
async function touchAppeal(trx: Tx, id: number): Promise<void> {
  await trx
    .updateTable('rid_appeal')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** D10.17, s.173 Energy Act 2004: SECAS records a further appeal to the CMA on an appeal. */
export async function insertFurtherAppeal(
  trx: Tx,
  appealId: number,
  further: {
    appellant: string;
    broughtOn: string;
    details: string;
    recordedBy: number | null;
    recordedAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('rid_further_appeal')
    .values({
      rid_appeal_id: appealId,
      appellant: further.appellant,
      brought_on: further.broughtOn,
      details: further.details,
      recorded_by: further.recordedBy,
      recorded_at: further.recordedAt,
    })
    .execute();
  await touchAppeal(trx, appealId);
}

/** D10.17, s.173 Energy Act 2004: the CMA's outcome of the further appeal on an appeal. */
export async function saveFurtherAppealOutcome(
  trx: Tx,
  appealId: number,
  outcome: {
    outcome: FurtherAppealOutcome;
    text: string;
    decidedOn: string;
    recordedBy: number | null;
    recordedAt: Date;
  },
): Promise<void> {
  await trx
    .updateTable('rid_further_appeal')
    .set({
      outcome: outcome.outcome,
      outcome_text: outcome.text,
      decided_on: outcome.decidedOn,
      outcome_recorded_by: outcome.recordedBy,
      outcome_recorded_at: outcome.recordedAt,
    })
    .where('rid_appeal_id', '=', appealId)
    .execute();
  await touchAppeal(trx, appealId);
}

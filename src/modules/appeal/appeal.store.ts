import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { isAppealStatus, type AppealStatus, type AppealableVersion } from './appeal.ts';

/** A RID version as the appeal rules read it, with its ids. */
export interface AppealedVersion extends AppealableVersion {
  id: number;
  releaseId: number;
}

/**
 * An appeal with its RID version number, its release and the appellant's name: what the RID and
 * release pages show (see `appealTable` in appeal-macros.njk).
 */
export interface AppealView {
  id: number;
  release_id: number;
  release_name: string;
  rid_version_id: number;
  rid_version_number: number;
  organisation_id: number;
  organisation_name: string;
  lodged_by: number;
  lodged_at: Date;
  /** Everyone's store row carries them; pages and the API hide them (canSeeAppealReasons). */
  reasons: string;
  status: AppealStatus;
  determination: string | null;
  determined_on: string | null;
  determined_at: Date | null;
  version: number;
}

function toVersion(row: {
  id: number;
  release_id: number;
  number: number;
  status: AppealableVersion['status'];
  approved_on: string | null;
  published_at: Date | null;
}): AppealedVersion {
  return {
    id: row.id,
    releaseId: row.release_id,
    number: row.number,
    status: row.status,
    approvedOn: row.approved_on,
    publishedAt: row.published_at === null ? null : new Date(row.published_at).toISOString(),
  };
}

const VERSION_COLUMNS = [
  'id',
  'release_id',
  'number',
  'status',
  'approved_on',
  'published_at',
] as const;

/** Version `number` of a release's RID, or undefined. */
export async function findRidVersion(
  db: Kysely<DB>,
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
export async function approvalsOf(db: Kysely<DB>, releaseId: number): Promise<AppealedVersion[]> {
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
export async function approvalsPublishedSince(db: Kysely<DB>, since: Date) {
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
      'r.name as release_name',
    ])
    .where('v.status', 'in', ['approved', 'superseded'])
    .where('v.published_at', '>=', since)
    .orderBy('v.published_at', 'desc')
    .orderBy('v.id', 'desc')
    .execute();
  return rows.map((row) => ({ ...toVersion(row), releaseName: row.release_name }));
}

function appealQuery(db: Kysely<DB>) {
  return db
    .selectFrom('rid_appeal as a')
    .innerJoin('rid_version as v', 'v.id', 'a.rid_version_id')
    .innerJoin('release as r', 'r.id', 'v.release_id')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
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
    ]);
}

type AppealRow = Awaited<ReturnType<ReturnType<typeof appealQuery>['executeTakeFirstOrThrow']>>;

function toView(row: AppealRow): AppealView {
  if (!isAppealStatus(row.status))
    throw new Error(`appeal ${row.id} has unknown status ${String(row.status)}`);
  return { ...row, status: row.status };
}

/** Open appeals first (awaiting the Authority), then the newest. */
const OPEN_FIRST = sql<number>`case when a.status = 'referred' then 0 else 1 end`;

export async function findAppeal(db: Kysely<DB>, id: number): Promise<AppealView | undefined> {
  const row = await appealQuery(db).where('a.id', '=', id).executeTakeFirst();
  return row ? toView(row) : undefined;
}

/**
 * D10.17: the appeals against the RID approvals of a release, open ones first, each with its RID
 * version number, the appellant organisation's name, when it was lodged, its status and the
 * Authority's determination. The reasons are in the rows: hide them with `visibleReasons`.
 */
export async function appealsOfRelease(db: Kysely<DB>, releaseId: number): Promise<AppealView[]> {
  const rows = await appealQuery(db)
    .where('v.release_id', '=', releaseId)
    .orderBy(OPEN_FIRST)
    .orderBy('a.lodged_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map(toView);
}

export type AppealFilter = 'open' | 'determined' | AppealStatus;

/** D10.17: a page of every appeal, open ones first, and how many match. */
export async function listAppeals(
  db: Kysely<DB>,
  options: { status?: AppealFilter | undefined; page: number; limit: number },
): Promise<{ items: AppealView[]; total: number }> {
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
  return { items: rows.map(toView), total: Number(total.n) };
}

/** D10.17: appeals awaiting the Authority's determination, oldest first (home pages). */
export async function openAppeals(db: Kysely<DB>): Promise<AppealView[]> {
  const rows = await appealQuery(db)
    .where('a.status', '=', 'referred')
    .orderBy('a.lodged_at')
    .orderBy('a.id')
    .execute();
  return rows.map(toView);
}

/** Loads and locks an appeal in a use case; a stale `expectedVersion` is refused (409). */
export async function lockAppeal(
  trx: Transaction<DB>,
  id: number,
  expectedVersion?: number,
): Promise<AppealView> {
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

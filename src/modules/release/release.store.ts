import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type {
  DB,
  ReleaseDecisionTable,
  ReleasePanelDecisionTable,
  ReleaseTable,
} from '../../db/schema.ts';
import { memoRead } from '../../db/read-memo.ts';
import { AppError } from '../../errors.ts';
import { isReleaseStatus, type ReleaseStatus } from './release.ts';

export interface Release extends Omit<Selectable<ReleaseTable>, 'status'> {
  status: ReleaseStatus;
}
/** D10.8(a): a Panel decision on a release's scope: a late addition or a de-scoping. */
export interface ReleaseDecision {
  id: number;
  releaseId: number;
  kind: 'late_addition' | 'descope';
  modificationId: number;
  /** Ruling 13: the Panel meeting that took it (null for one recorded before meetings were named). */
  meetingId: number | null;
  decidedOn: string;
  reasons: string;
  recordedBy: number | null;
  recordedAt: Date;
}

function toDecision(row: Selectable<ReleaseDecisionTable>): ReleaseDecision {
  return {
    id: row.id,
    releaseId: row.release_id,
    kind: row.kind,
    modificationId: row.modification_id,
    meetingId: row.meeting_id,
    decidedOn: row.decided_on,
    reasons: row.reasons,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export function toRelease(row: Selectable<ReleaseTable>): Release {
  if (!isReleaseStatus(row.status))
    throw new Error(`release ${row.id} has unknown status ${row.status}`);
  return { ...row, status: row.status };
}

export async function findRelease(db: Kysely<DB>, id: number): Promise<Release | undefined> {
  // Issue 12: a release page reads its release in several modules; once per request.
  const row = await memoRead(db, `release:${id}`, () =>
    db.selectFrom('release').selectAll().where('id', '=', id).executeTakeFirst(),
  );
  return row ? toRelease(row) : undefined;
}

/** Releases going live between `from` and `to` (inclusive, either optional), by go-live date. */
export async function listReleases(
  db: Kysely<DB>,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<Release[]> {
  let query = db.selectFrom('release').selectAll();
  if (range.from) query = query.where('go_live', '>=', range.from);
  if (range.to) query = query.where('go_live', '<=', range.to);
  const rows = await query.orderBy('go_live').orderBy('id').execute();
  return rows.map(toRelease);
}

/** The names every release goes by (names are unique). */
export async function releaseNames(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('release').select('name').execute();
  return new Set(rows.map((row) => row.name));
}

/** True when a release of that name exists. */
export async function releaseNamed(db: Kysely<DB>, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('release')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

export type NewReleaseRow = Omit<Insertable<ReleaseTable>, 'id' | 'status' | 'version'>;

export async function insertRelease(trx: Transaction<DB>, values: NewReleaseRow): Promise<Release> {
  const row = await trx
    .insertInto('release')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRelease(row);
}

/** Loads and locks a release in a use case; a stale `expectedVersion` is refused (409). */
export async function lockRelease(
  trx: Transaction<DB>,
  id: number,
  expectedVersion?: number,
): Promise<Release> {
  const row = await trx
    .selectFrom('release')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no release ${id}`);
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      `${row.name} has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
  return toRelease(row);
}

/** Bumps a release's version after a change to it or its scope. */
export async function touchRelease(trx: Transaction<DB>, id: number): Promise<void> {
  await trx
    .updateTable('release')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Saves a release's new status and go-live date, bumping its version. */
export async function saveReleaseState(
  trx: Transaction<DB>,
  id: number,
  change: { status?: ReleaseStatus; goLive?: string },
): Promise<Release> {
  const row = await trx
    .updateTable('release')
    .set((eb) => ({
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.goLive === undefined ? {} : { go_live: change.goLive }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRelease(row);
}

/**
 * How many parts a release holds that are not de-scoped: the size of its scope, which its
 * lifecycle rule needs (the allocations themselves belong to the allocation module).
 */
export async function liveAllocationCount(db: Kysely<DB>, releaseId: number): Promise<number> {
  const row = await db
    .selectFrom('allocation')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('release_id', '=', releaseId)
    .where('descoped_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type NewReleaseDecisionRow = Omit<Insertable<ReleaseDecisionTable>, 'id'>;

/** Records a Panel decision on a release's scope (a late addition or a de-scoping). */
export async function insertReleaseDecision(
  trx: Transaction<DB>,
  values: NewReleaseDecisionRow,
): Promise<ReleaseDecision> {
  const row = await trx
    .insertInto('release_decision')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDecision(row);
}

export async function findReleaseDecision(
  db: Kysely<DB>,
  id: number,
): Promise<ReleaseDecision | undefined> {
  const row = await db
    .selectFrom('release_decision')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toDecision(row) : undefined;
}

/** A release's Panel decisions, in the order they were recorded, with the modification's reference. */
export async function decisionsOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<(ReleaseDecision & { reference: string })[]> {
  const rows = await db
    .selectFrom('release_decision')
    .innerJoin('modification', 'modification.id', 'release_decision.modification_id')
    .selectAll('release_decision')
    .select(['modification.reference'])
    .where('release_decision.release_id', '=', releaseId)
    .orderBy('release_decision.id')
    .execute();
  return rows.map((row) => ({ ...toDecision(row), reference: row.reference }));
}

/**
 * Ruling 16, D10.8(c): a Panel decision on a release recorded against the meeting that took it: a
 * cancellation, a deferral (a new go-live date), or the exception letting it go live without the
 * notice the Policy requires.
 */
export interface ReleasePanelDecision {
  id: number;
  releaseId: number;
  kind: 'cancellation' | 'deferral' | 'notice_exception';
  meetingId: number;
  decidedOn: string;
  reasons: string;
  statusBefore: string;
  statusAfter: string;
  goLiveBefore: string;
  goLiveAfter: string;
  recordedBy: number | null;
  recordedAt: Date;
}

function toPanelDecision(row: Selectable<ReleasePanelDecisionTable>): ReleasePanelDecision {
  return {
    id: row.id,
    releaseId: row.release_id,
    kind: row.kind,
    meetingId: row.meeting_id,
    decidedOn: row.decided_on,
    reasons: row.reasons,
    statusBefore: row.status_before,
    statusAfter: row.status_after,
    goLiveBefore: row.go_live_before,
    goLiveAfter: row.go_live_after,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export type NewReleasePanelDecision = Omit<ReleasePanelDecision, 'id'>;

/** Records a Panel decision on a release (cancellation, deferral or notice exception). */
export async function insertReleasePanelDecision(
  trx: Transaction<DB>,
  decision: NewReleasePanelDecision,
): Promise<ReleasePanelDecision> {
  const row = await trx
    .insertInto('release_panel_decision')
    .values({
      release_id: decision.releaseId,
      kind: decision.kind,
      meeting_id: decision.meetingId,
      decided_on: decision.decidedOn,
      reasons: decision.reasons,
      status_before: decision.statusBefore,
      status_after: decision.statusAfter,
      go_live_before: decision.goLiveBefore,
      go_live_after: decision.goLiveAfter,
      recorded_by: decision.recordedBy,
      recorded_at: decision.recordedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPanelDecision(row);
}

/** A release's cancellation, deferrals and notice exceptions, in the order they were recorded. */
export async function panelDecisionsOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<ReleasePanelDecision[]> {
  const rows = await db
    .selectFrom('release_panel_decision')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
  return rows.map(toPanelDecision);
}

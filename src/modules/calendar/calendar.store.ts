import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../app-context.ts';
import type { HolidayOverride } from '../../calendar/index.ts';
import type { DB } from '../../db/schema.ts';
import type { StoredOverride } from './calendar.ts';

export type { StoredOverride } from './calendar.ts';

/** Rows per INSERT when importing, well under PostgreSQL's 65 535 parameters per statement. */
const IMPORT_BATCH = 500;

/** A row of the overrides table as the calendar page and API show it. */
export interface OverrideListing extends StoredOverride {
  createdById: number | null;
  /** The name of the user who added it; null for the system (CLI import). */
  createdByName: string | null;
  createdAt: Date;
}

/** Every stored override with its id, oldest first. */
export async function loadStoredOverrides(db: Kysely<DB>): Promise<StoredOverride[]> {
  const rows = await db
    .selectFrom('calendar_override')
    .select(['id', 'date', 'region', 'kind', 'reason'])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row }));
}

/** Every stored override, as the pure calendar takes them. */
export async function loadOverrides(db: Kysely<DB>): Promise<HolidayOverride[]> {
  const rows = await loadStoredOverrides(db);
  return rows.map(({ date, region, kind, reason }) => ({ date, region, kind, reason }));
}

/** The overrides for the calendar page and API, newest first, with who added each. */
export async function listOverrides(db: Kysely<DB>): Promise<OverrideListing[]> {
  const rows = await db
    .selectFrom('calendar_override')
    .leftJoin('app_user', 'app_user.id', 'calendar_override.created_by')
    .select([
      'calendar_override.id',
      'calendar_override.date',
      'calendar_override.region',
      'calendar_override.kind',
      'calendar_override.reason',
      'calendar_override.created_by',
      'calendar_override.created_at',
      'app_user.name as created_by_name',
    ])
    .orderBy('calendar_override.created_at', 'desc')
    .orderBy('calendar_override.id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    date: row.date,
    region: row.region,
    kind: row.kind,
    reason: row.reason,
    createdById: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  }));
}

/** One override by id, or undefined. */
export async function findOverride(
  db: Kysely<DB>,
  id: number,
): Promise<StoredOverride | undefined> {
  return db
    .selectFrom('calendar_override')
    .select(['id', 'date', 'region', 'kind', 'reason'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * A fingerprint of the override table's contents: `count:max(id):sum(id)`. Rows are only ever
 * inserted (with ids from an identity, never reused) or deleted, never updated, so any committed
 * change alters it. {@link stampOf} computes the same text from loaded rows.
 */
export async function overridesStamp(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('calendar_override')
    .select(
      sql<string>`count(*)::text || ':' || coalesce(max(id), 0)::text || ':' || coalesce(sum(id), 0)::text`.as(
        'stamp',
      ),
    )
    .executeTakeFirstOrThrow();
  return row.stamp;
}

/**
 * Stores an override added by `createdBy` (null: the system); undefined when the same date,
 * region and kind is already stored.
 */
export async function insertOverride(
  trx: Tx,
  override: Omit<StoredOverride, 'id'>,
  createdBy: number | null,
  now: Date,
): Promise<StoredOverride | undefined> {
  return trx
    .insertInto('calendar_override')
    .values({ ...override, created_by: createdBy, created_at: now })
    .onConflict((oc) => oc.columns(['date', 'region', 'kind']).doNothing())
    .returning(['id', 'date', 'region', 'kind', 'reason'])
    .executeTakeFirst();
}

/** Deletes an override; returns it, or undefined when there is none with this id. */
export async function deleteOverride(trx: Tx, id: number): Promise<StoredOverride | undefined> {
  return trx
    .deleteFrom('calendar_override')
    .where('id', '=', id)
    .returning(['id', 'date', 'region', 'kind', 'reason'])
    .executeTakeFirst();
}

/**
 * Stores many overrides in batches, skipping any date, region and kind already stored
 * (`on conflict do nothing`); returns how many were inserted.
 */
export async function insertOverrides(
  trx: Tx,
  overrides: readonly Omit<StoredOverride, 'id'>[],
  createdBy: number | null,
  now: Date,
): Promise<number> {
  let added = 0;
  for (let start = 0; start < overrides.length; start += IMPORT_BATCH) {
    const batch = overrides
      .slice(start, start + IMPORT_BATCH)
      .map((o) => ({ ...o, created_by: createdBy, created_at: now }));
    const inserted = await trx
      .insertInto('calendar_override')
      .values(batch)
      .onConflict((oc) => oc.columns(['date', 'region', 'kind']).doNothing())
      .returning('id')
      .execute();
    added += inserted.length;
  }
  return added;
}

/** The {@link overridesStamp} of a set of rows already loaded. */
export function stampOf(ids: readonly number[]): string {
  const max = ids.reduce((a, b) => Math.max(a, b), 0);
  const sum = ids.reduce((a, b) => a + b, 0);
  return `${ids.length}:${max}:${sum}`;
}

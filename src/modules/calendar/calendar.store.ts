import { sql, type Kysely } from 'kysely';
import type { HolidayOverride } from '../../calendar/index.ts';
import type { CalendarOverrideTable, DB } from '../../db/schema.ts';

/** The regions a `calendar_override` row may name (the table's check constraint). */
export const OVERRIDE_REGIONS = [
  'england-and-wales',
  'scotland',
  'northern-ireland',
  'all',
] as const;

export type OverrideRegion = CalendarOverrideTable['region'];

/** An override as stored: the rule's fields plus the row id. */
export interface StoredOverride extends HolidayOverride {
  id: number;
  region: OverrideRegion;
}

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

/** The {@link overridesStamp} of a set of rows already loaded. */
export function stampOf(ids: readonly number[]): string {
  const max = ids.reduce((a, b) => Math.max(a, b), 0);
  const sum = ids.reduce((a, b) => a + b, 0);
  return `${ids.length}:${max}:${sum}`;
}

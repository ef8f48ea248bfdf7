import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import { createCalendar, type Region, type WorkingDayCalendar } from '../../calendar/index.ts';
import { memoRead } from '../../db/read-memo.ts';
import type { DB } from '../../db/schema.ts';
import {
  loadStoredOverrides,
  overridesStamp,
  stampOf,
  type StoredOverride,
} from './calendar.store.ts';

/** The calendars built from one version of the override table, one per region on demand. */
interface CacheEntry {
  readonly stamp: string;
  readonly overrides: readonly StoredOverride[];
  readonly calendars: Map<Region, WorkingDayCalendar>;
}

/** Keyed by the database handle, so tests (and tools) with several databases never mix them. */
const cache = new WeakMap<Kysely<DB>, CacheEntry>();

/**
 * The Working Day calendar of `region` (default: the configured HOLIDAY_REGION) with the stored
 * one-off overrides applied.
 *
 * Caching: several app servers share one database, so an override added on one server must be
 * seen by the next request on any other. Each call therefore asks the database for the
 * override table's fingerprint (`count:max(id):sum(id)`, one aggregate over a table of a few
 * hundred rows, see `overridesStamp`) and reloads the rows only when it has changed; a calendar
 * per region is kept for each fingerprint, and it caches each year's holidays itself. We chose
 * this over a time-to-live (e.g. 30 s) because a deadline shown moments after SECAS adds a
 * holiday must already reflect it, and the check costs one small query per call — so call this
 * once per request or use case, not once per date.
 *
 * Inside a transaction pass `unit.trx` as `db` (on PGlite the one connection is held by the
 * transaction, so `ctx.db` would wait for it): reads then see the transaction's own changes,
 * and a calendar built from uncommitted rows is never put in the shared cache.
 */
export async function calendarFor(
  ctx: Pick<AppContext, 'db' | 'config'>,
  region: Region = ctx.config.holidayRegion,
  db: Kysely<DB> = ctx.db,
): Promise<WorkingDayCalendar> {
  const stamp = await memoRead(db, 'calendar_override:stamp', () => overridesStamp(db));
  let entry = cache.get(ctx.db);
  if (entry?.stamp !== stamp) {
    const overrides = await loadStoredOverrides(db);
    // The stamp of the rows actually loaded: if a change committed between the two queries,
    // the next call sees a different stamp and reloads.
    entry = { stamp: stampOf(overrides.map((o) => o.id)), overrides, calendars: new Map() };
    if (db === ctx.db) cache.set(ctx.db, entry);
  }
  let calendar = entry.calendars.get(region);
  if (calendar === undefined) {
    calendar = createCalendar(region, entry.overrides);
    entry.calendars.set(region, calendar);
  }
  return calendar;
}

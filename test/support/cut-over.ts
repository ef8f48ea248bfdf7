import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { DB } from '../../src/db/schema.ts';

/**
 * The cut-over (ruling 13) every test database starts with: after every fixture date, so
 * fixtures may record meetings, consultations and decisions on any date, as history recorded
 * from outside secrel. Tests of the live rules of ruling 13 move it with `givenCutOver`.
 */
export const FIXTURE_CUT_OVER = '2100-01-01';

/**
 * Ruling 13: the published source a fixture gives with a decision, a RID approval or a go-live
 * decision dated before {@link FIXTURE_CUT_OVER}: such a record is history, and its live route
 * refuses it without one (`history_source_required`).
 */
export const FIXTURE_SOURCE = {
  sourceSummary: 'Published on the SEC website (test fixture)',
} as const;

/**
 * The source a fixture's record dated `on` needs (ruling 13): {@link FIXTURE_SOURCE} before the
 * installation's cut-over, none from it (a live record takes no outside source).
 */
export async function fixtureSourceFor(
  db: Kysely<DB>,
  on: string,
): Promise<typeof FIXTURE_SOURCE | Record<string, never>> {
  const row = await db
    .selectFrom('installation')
    .select('cut_over_on')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return on < row.cut_over_on ? FIXTURE_SOURCE : {};
}

/** Sets the installation's cut-over date directly (a fixture: no audit event). */
export async function givenCutOver(db: Kysely<DB>, cutOverOn: string): Promise<void> {
  await db
    .updateTable('installation')
    .set({ cut_over_on: cutOverOn, updated_at: new Date() })
    .where('id', '=', 1)
    .execute();
}

/** Migrates a test database to the latest schema, at the fixtures' cut-over. */
export async function migrateForTests(db: Kysely<DB>): Promise<void> {
  await migrateToLatest(db);
  await givenCutOver(db, FIXTURE_CUT_OVER);
}

import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { generateHistory, type HistoryScale } from '../bench/history/generate.ts';
import { createTestDatabase, ENGINES, testContext, type TestDatabase } from '../support/test-db.ts';

/** One year at a small size: every kind of record, quickly. */
const SMALL: HistoryScale = { years: 1, modificationsPerYear: 16, users: 40, seed: 12 };

const TABLES = [
  'app_user',
  'release',
  'modification',
  'decision',
  'allocation',
  'rid_version',
  'release_notice',
  'test_phase',
  'readiness_report',
  'consultation',
  'consultation_response',
  'panel_meeting',
] as const;

/** What two histories must share to be the same: the audit chain's head and every table's size. */
async function fingerprint(database: TestDatabase) {
  const head = await database.db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await database.db
      // One table at a time: Kysely cannot type a select from a union of tables.
      .selectFrom(table as 'release')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const statuses = await database.db
    .selectFrom('release')
    .select('status')
    .distinct()
    .orderBy('status')
    .execute();
  return { head, counts, releaseStatuses: statuses.map((row) => row.status) };
}

describe.each(ENGINES)('the bench history generator (issue 12) on %s', (engine) => {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of opened) await database.close();
  });

  async function generated(scale: HistoryScale) {
    const database = await createTestDatabase(engine);
    opened.push(database);
    const made = await generateHistory(testContext(database), scale, () => undefined);
    return { database, made, print: await fingerprint(database) };
  }

  it('makes valid data through the use cases, the same each time for the same seed', async () => {
    const first = await generated(SMALL);
    const second = await generated(SMALL);
    expect(second.print).toEqual(first.print);
    expect(second.made).toEqual(first.made);

    // Valid: the audit chain of every act verifies, and the history reaches every stage.
    const verified = await verifyAuditChain(first.database.db);
    expect(verified.ok).toBe(true);
    expect(first.print.head.seq).toBeGreaterThan(500);
    expect(first.print.counts.app_user).toBe(SMALL.users);
    expect(first.print.releaseStatuses).toEqual(expect.arrayContaining(['live', 'planned']));
    for (const table of TABLES) expect(first.print.counts[table], table).toBeGreaterThan(0);
    const statuses = await first.database.db
      .selectFrom('modification')
      .select('status')
      .distinct()
      .execute();
    expect(statuses.map((row) => row.status)).toEqual(
      expect.arrayContaining(['implemented', 'allocated', 'withdrawn']),
    );
  }, 300_000);

  it('makes other data from another seed', async () => {
    const other = await generated({ ...SMALL, seed: 13 });
    const same = opened[0];
    if (!same) throw new Error('the first test made no history');
    expect(other.print.head.hash).not.toBe((await fingerprint(same)).head.hash);
  }, 300_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { checkExportTables, exportDatabase } from '../../src/cli/database-export.ts';
import { importDatabase } from '../../src/cli/database-import.ts';
import { EXPORT_TABLES, MIGRATION_TABLES } from '../../src/cli/export-tables.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import type { DB } from '../../src/db/schema.ts';
import { DEMO_PASSWORD, loadDemoData, type DemoSignIn } from '../../src/demo/demo-data.ts';
import { enqueueJob } from '../../src/jobs/jobs.store.ts';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { importGovUkHolidays } from '../../src/modules/calendar/calendar.actions.ts';
import { createOrganisation } from '../../src/modules/identity/identity.actions.ts';
import { signIn } from '../../src/modules/identity/session.actions.ts';
import { createApiToken } from '../../src/modules/identity/token.actions.ts';
import { PARTY_CATEGORIES, ROLES } from '../../src/modules/identity/identity.ts';
import { inTransaction } from '../../src/app-context.ts';
import {
  ENGINES,
  TestClock,
  createTestDatabase,
  testConfig,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

/** Every row of a table, ordered by its key, as JSON text: what "equal contents" means here. */
async function tableContents(db: Kysely<DB>, table: string, key: string): Promise<string> {
  const result = await sql<Record<string, unknown>>`
    select * from ${sql.table(table)} order by ${sql.ref(key)}`.execute(db);
  // Binary columns come back as Uint8Array from PGlite and as Buffer from pg: compare the bytes.
  const rows = result.rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [
        column,
        value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
      ]),
    ),
  );
  // A table without a key is a set of rows: its physical order (ctid) says nothing of its
  // content (an update in the source moves a row; the import writes them in export order).
  if (key === 'ctid') return JSON.stringify(rows.map((row) => JSON.stringify(row)).sort());
  return JSON.stringify(rows);
}

async function rowCount(db: Kysely<DB>, table: string): Promise<number> {
  const result = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return result.rows[0]?.n ?? -1;
}

let source: TestDatabase;
let ctx: AppContext;
let signIns: DemoSignIn[];
let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-export-'));
  file = path.join(dir, 'export.jsonl');
  source = await createTestDatabase('pglite');
  ctx = testContext(source, new TestClock('2026-11-27T10:00:00Z'), testConfig());
  signIns = await loadDemoData(ctx);
  // Rows in the tables demo data leaves empty, so every column type makes the round trip.
  const chair = signIns.find((s) => s.role === 'panel_chair');
  await signIn(ctx, {
    email: chair?.email ?? '',
    password: DEMO_PASSWORD,
    userAgent: 'test',
    ip: '127.0.0.1',
  });
  const user = await ctx.db
    .selectFrom('app_user')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  await createApiToken(ctx, SYSTEM_ACTOR, user.id, 'export test');
  await importGovUkHolidays(
    ctx,
    null,
    {
      scotland: {
        events: [{ title: 'St Andrew’s Day (substitute) — “quoted”', date: '2026-11-30' }],
      },
    },
    SYSTEM_ACTOR,
  );
  await enqueueJob(
    ctx.db,
    {
      kind: 'reminder',
      runAt: new Date('2026-12-01T09:00:00Z'),
      payload: { ids: [1, 2], note: 'é ✓' },
      dedupeKey: 'k1',
    },
    ctx.now(),
  );
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    await unit.notify({
      to: 'eleanor.hartley@example.org',
      toName: 'Eleanor',
      subject: 'Line\nbreak',
      text: 'Body with "quotes" and \\ backslash',
    });
  });
});

afterAll(async () => {
  await source.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('loadDemoData', () => {
  it('gives exactly one sign-in per role, each with the demo password', async () => {
    expect(signIns.map((s) => s.role).sort()).toEqual([...ROLES].sort());
    expect(signIns.find((s) => s.role === 'sub_committee_member')?.scope).toBe(
      'security_sub_committee',
    );
    for (const demo of signIns) {
      const result = await signIn(ctx, {
        email: demo.email,
        password: demo.password,
        userAgent: 'test',
        ip: '127.0.0.1',
      });
      expect(result.principal.roles).toEqual([{ role: demo.role, scope: demo.scope }]);
      expect(result.principal.organisationName).toBe(demo.organisation);
    }
  });

  it('has Parties in every Party Category, and the DCC in none', async () => {
    const organisations = await ctx.db.selectFrom('organisation').selectAll().execute();
    for (const category of PARTY_CATEGORIES) {
      const parties = organisations.filter((o) => o.party_category === category);
      expect(parties.length, category).toBeGreaterThan(0);
      expect(parties.every((o) => o.kind === 'party')).toBe(true);
    }
    const dcc = organisations.filter((o) => o.kind === 'dcc');
    expect(dcc).toMatchObject([{ name: 'Smart DCC Ltd', party_category: null }]);
    expect(organisations.some((o) => o.kind === 'party' && !o.is_user)).toBe(true);
    for (const kind of ['code_administrator', 'authority', 'consumer_body'] as const) {
      expect(
        organisations.some((o) => o.kind === kind),
        kind,
      ).toBe(true);
    }
  });

  it('seats the Panel as Section C composes it, every seat held', async () => {
    const seats = await ctx.db.selectFrom('panel_seat').selectAll().execute();
    const bySeat: Record<string, number> = {};
    for (const seat of seats) bySeat[seat.seat] = (bySeat[seat.seat] ?? 0) + 1;
    expect(bySeat).toEqual({
      chair: 1,
      large_supplier: 2,
      small_supplier: 2,
      electricity_network: 1,
      gas_network: 1,
      other_sec_party: 2,
      dcc_nominee: 1,
      consumer: 2,
    });
    expect(
      seats.every(
        (seat) =>
          seat.holder_user_id !== null &&
          (seat.term_start ?? '9999') <= '2026-11-27' &&
          (seat.term_end ?? '0000') >= '2026-11-27',
      ),
    ).toBe(true);
  });

  it('has the Panel and its Sub-Committees from the migrations (reference data)', async () => {
    const bodies = await ctx.db.selectFrom('body').select('id').orderBy('id').execute();
    expect(bodies.map((b) => b.id)).toEqual([
      'alt_han_forum',
      'change_board',
      'change_sub_committee',
      'panel',
      'security_sub_committee',
      'smki_pma',
      'tabasc',
    ]);
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
  });
});

describe('export-tables.ts', () => {
  it('lists every table of the schema, each after the tables it references', async () => {
    await expect(checkExportTables(source.db)).resolves.toBeUndefined();
    const references = await sql<{ child: string; parent: string }>`
      select tc.table_name as child, ccu.table_name as parent
      from information_schema.table_constraints tc
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name
      where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(
      source.db,
    );
    const order = EXPORT_TABLES.map((table) => table.name);
    expect(references.rows.length).toBeGreaterThan(0);
    for (const { child, parent } of references.rows) {
      if (child === parent || MIGRATION_TABLES.includes(child)) continue;
      expect(order.indexOf(parent), `${child} → ${parent}`).toBeLessThan(order.indexOf(child));
    }
  });
});

describe.each(ENGINES)('export from PGlite, import into a fresh %s database', (engine) => {
  let target: TestDatabase;

  beforeAll(async () => {
    await exportDatabase(source, file);
    target = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await target.close();
  });

  it('writes a header, one line per row in dependency order, and a trailer', () => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(header).toEqual({
      format: 'secrel-export',
      version: 1,
      migrations: Object.keys(migrations),
      tables: EXPORT_TABLES.map((table) => table.name),
    });
    const tables = lines.slice(1, -1).map((line) => (JSON.parse(line) as { table: string }).table);
    const positions = tables.map((table) => EXPORT_TABLES.findIndex((t) => t.name === table));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const audit = lines.find((line) => line.startsWith('{"table":"audit_event"'));
    expect(audit).toMatch(/"at": "2026-11-27T10:00:00\+00:00"/);
    expect(JSON.parse(lines.at(-1) ?? '')).toMatchObject({ end: 'secrel-export' });
  });

  it('refuses an incomplete file and leaves the target empty', async () => {
    const truncated = path.join(dir, `truncated-${engine}.jsonl`);
    fs.writeFileSync(
      truncated,
      fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(0, -3).join('\n'),
    );
    await expect(importDatabase(target, truncated)).rejects.toThrow(
      /incomplete; nothing was imported/,
    );
    expect(await rowCount(target.db, 'organisation')).toBe(0);
  });

  it('copies every table row for row, and the audit chain verifies on the target', async () => {
    const progress: string[] = [];
    const counts = await importDatabase(target, file, (table, rows, done) => {
      if (done) progress.push(`${table}:${rows}`);
    });
    for (const { name, key } of EXPORT_TABLES) {
      const expected = await rowCount(source.db, name);
      expect(await rowCount(target.db, name), name).toBe(expected);
      expect(counts[name] ?? 0, name).toBe(expected);
      expect(await tableContents(target.db, name, key), name).toBe(
        await tableContents(source.db, name, key),
      );
    }
    expect(progress).toContain(`audit_event:${await rowCount(source.db, 'audit_event')}`);
    const verified = await verifyAuditChain(target.db);
    expect(verified).toEqual(await verifyAuditChain(source.db));
    expect(verified.ok).toBe(true);
  });

  it('resets the identity sequences, so new rows follow the imported ones and the chain goes on', async () => {
    const targetCtx = testContext(target, new TestClock('2026-11-28T10:00:00Z'), testConfig());
    const maxId = (
      await ctx.db
        .selectFrom('organisation')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m;
    const id = await createOrganisation(
      targetCtx,
      null,
      { name: 'Newcomer Energy Ltd', kind: 'party', partyCategory: 'small_supplier', isUser: true },
      SYSTEM_ACTOR,
    );
    expect(id).toBe(maxId + 1);
    const verified = await verifyAuditChain(target.db);
    expect(verified).toMatchObject({ ok: true });
  });

  it('refuses a second import into the now non-empty database', async () => {
    const before = await rowCount(target.db, 'organisation');
    await expect(importDatabase(target, file)).rejects.toThrow(
      /the target database is not empty \(organisation/,
    );
    expect(await rowCount(target.db, 'organisation')).toBe(before);
  });
});

describe('export refuses a table it does not know', () => {
  let extra: TestDatabase;

  beforeAll(async () => {
    extra = await createTestDatabase('pglite');
    await sql`create table forgotten (id bigint primary key)`.execute(extra.db);
  });
  afterAll(async () => {
    await extra.close();
  });

  it('names the table and where to add it, and writes no file', async () => {
    const target = path.join(dir, 'never.jsonl');
    await expect(exportDatabase(extra, target)).rejects.toThrow(
      /forgotten are not in src\/cli\/export-tables\.ts/,
    );
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(`${target}.partial`)).toBe(false);
  });
});

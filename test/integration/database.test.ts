import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, isReachable, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/test-db.ts';

describe.each(ENGINES)('database on %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });

  it('hands rows back in the same shapes on both engines', async () => {
    const result = await sql<{
      big: unknown;
      day: unknown;
      amount: unknown;
      at: unknown;
      doc: unknown;
    }>`
      select 9007199254740::int8 as big, date '2021-06-23' as day, 12.50::numeric as amount,
             timestamptz '2021-06-23T22:59:59Z' as at, '{"b":1,"a":[1,2]}'::jsonb as doc`.execute(
      database.db,
    );
    const row = result.rows[0];
    expect(row?.big).toBe(9007199254740);
    expect(row?.day).toBe('2021-06-23');
    expect(row?.amount).toBe('12.50');
    expect(row?.at).toEqual(new Date('2021-06-23T22:59:59Z'));
    expect(row?.doc).toEqual({ a: [1, 2], b: 1 });
  });

  it('migrations are idempotent: applying again changes nothing', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('answers the reachability check', async () => {
    expect(await isReachable(database.db)).toBe(true);
  });
});

describe.each(ENGINES)('/ready on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports the engine and that the database answers (more in operations.test.ts)', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      database: { engine, reachable: true },
    });
  });
});

describe('the embedded database is single-process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-lock-'));
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a data directory held by another live process, and takes over a dead one', async () => {
    fs.writeFileSync(path.join(dataDir, 'secrel.lock'), String(process.ppid));
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DatabaseInUseError);
    const finished = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]);
    fs.writeFileSync(path.join(dataDir, 'secrel.lock'), finished.stdout.toString());
    const database = await openDatabase({ dataDir });
    expect(fs.readFileSync(path.join(dataDir, 'secrel.lock'), 'utf8')).toBe(String(process.pid));
    await database.close();
    expect(fs.existsSync(path.join(dataDir, 'secrel.lock'))).toBe(false);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { createUser } from '../../src/modules/identity/identity.actions.ts';
import { createApiToken } from '../../src/modules/identity/token.actions.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { startServer } from '../support/server-process.ts';
import { createTestDatabase, ENGINES, testContext, TestClock } from '../support/test-db.ts';

const ROUNDS = 3;

/**
 * Crash safety (the "nothing is lost" target): a server is killed with SIGKILL while clients
 * make audited changes; after a restart every acknowledged change is there with its audit
 * event, and the audit chain verifies end to end.
 */
describe.each(ENGINES)('a killed server loses no acknowledged change on %s', (engine) => {
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  let closeDatabase: () => Promise<void> = () => Promise.resolve();
  let token = '';

  async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase({ dataDir, databaseUrl });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    if (engine === 'pglite') {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-crash-'));
      await withDatabase(async (database) => {
        await migrateToLatest(database.db);
      });
    } else {
      const database = await createTestDatabase('postgres');
      databaseUrl = database.url;
      closeDatabase = () => database.close();
    }
    token = await withDatabase(async (database) => {
      const ctx = testContext(database, new TestClock(new Date().toISOString()));
      const id = await createUser(
        ctx,
        null,
        {
          email: 'crash@example.org',
          name: 'Crash Test',
          password: null,
          organisationId: null,
          roles: [{ role: 'panel_member' }],
        },
        SYSTEM_ACTOR,
      );
      return (await createApiToken(ctx, SYSTEM_ACTOR, id, 'crash test')).token;
    });
  });

  afterAll(async () => {
    await closeDatabase();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write and a verifiable audit chain over ${ROUNDS} SIGKILL rounds`, async () => {
    const acknowledged: number[] = [];
    const serverArgs = dataDir ? ['--data-dir', dataDir] : ['--database-url', databaseUrl ?? ''];
    for (let round = 0; round < ROUNDS; round += 1) {
      const server = await startServer(serverArgs);
      const killAfter = 15 + Math.floor(Math.random() * 25);
      const state = { stop: false };
      const writer = async (lane: number) => {
        for (let index = 0; !state.stop; index += 1) {
          try {
            const response = await fetch(`${server.url}/api/v1/me/tokens`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ name: `round ${round} lane ${lane} #${index}` }),
            });
            if (response.status === 201)
              acknowledged.push(((await response.json()) as { id: number }).id);
          } catch {
            return; // the server died mid-request: that write was never acknowledged
          }
          if (acknowledged.length >= killAfter * (round + 1)) state.stop = true;
        }
      };
      const writers = [writer(1), writer(2), writer(3)];
      while (!state.stop) await new Promise((resolve) => setTimeout(resolve, 5));
      await server.kill();
      await Promise.all(writers);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(ROUNDS * 15);
    // The restart itself must open the database with no repair and verify the chain.
    const server = await startServer(
      dataDir ? ['--data-dir', dataDir] : ['--database-url', databaseUrl ?? ''],
    );
    // Ready: the database answers and every migration is applied.
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await server.stop()).toBe(0);
    await withDatabase(async (database) => {
      const stored = await database.db
        .selectFrom('api_token')
        .select('id')
        .where('id', 'in', acknowledged)
        .execute();
      expect(stored.map((row) => row.id).sort((a, b) => a - b)).toEqual(
        [...acknowledged].sort((a, b) => a - b),
      );
      const audited = await database.db
        .selectFrom('audit_event')
        .select('after')
        .where('action', '=', 'token.created')
        .execute();
      const auditedIds = new Set(audited.map((row) => (row.after as { tokenId: number }).tokenId));
      for (const id of acknowledged) expect(auditedIds.has(id), `token ${id} audited`).toBe(true);
      const tokens = await database.db.selectFrom('api_token').select('id').execute();
      // No partial transaction: every stored token has its audit event and vice versa.
      expect(new Set(tokens.map((row) => row.id))).toEqual(auditedIds);
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    });
  }, 180_000);
});

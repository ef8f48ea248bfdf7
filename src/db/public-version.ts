import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Issue 12, the render cache's key: the public version, a count of the committed changes to what
 * anonymous readers can see (migration 0021). Every table is public unless it is named here: a
 * write to it, by any code path (a use case, a job, an import, plain SQL), bumps the version in
 * the same transaction. A private table holds nothing any cached page or API read shows, which
 * test/integration/render-cache.test.ts checks by recording the tables every cached route reads.
 */
export const PRIVATE_TABLES: Readonly<Record<string, string>> = {
  session: 'who is signed in, read only to resolve a signed-in request',
  api_token: 'API tokens, read only to resolve a request with a token',
  sign_in_throttle: 'password guesses counted per address',
  oidc_sign_in: 'single sign-ons in progress',
  outbox_message: 'e-mail waiting for or sent by the worker',
  job: "the worker's job list",
  audit_event: 'the audit trail, shown only to those signed in who may read it',
  audit_head: 'the head of the audit chain',
  public_version: 'the version itself',
  kysely_migration: 'the migrations applied',
  kysely_migration_lock: "the migrator's lock",
};

const TRIGGER = 'public_version_bump';

/**
 * Attaches the bump trigger to every table that is neither private nor already watched; run after
 * the migrations (migrateToLatest), so the tables of later migrations are covered with no step of
 * their own. Idempotent; several app servers starting together are serialised by an advisory lock.
 */
export async function watchPublicTables(db: Kysely<DB>): Promise<string[]> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('secrel public_version triggers'))`.execute(
      connection,
    );
    try {
      const unwatched = await sql<{ name: string }>`
        select c.relname as name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p')
          and not exists (
            select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = ${TRIGGER})
        order by c.relname`.execute(connection);
      const tables = unwatched.rows.map((row) => row.name).filter((name) => !isPrivate(name));
      for (const table of tables) {
        await sql`create constraint trigger ${sql.id(TRIGGER)}
          after insert or update or delete on ${sql.id(table)}
          deferrable initially deferred
          for each row execute function public_version_bump()`.execute(connection);
      }
      return tables;
    } finally {
      await sql`select pg_advisory_unlock(hashtext('secrel public_version triggers'))`.execute(
        connection,
      );
    }
  });
}

function isPrivate(table: string): boolean {
  return Object.hasOwn(PRIVATE_TABLES, table);
}

/** The public version and when it last changed (a whole second, strictly later each time). */
export interface PublicVersion {
  version: number;
  changedAt: Date;
}

/** Compiled once: one primary-key read per cached request, with no query building. */
const READ = CompiledQuery.raw('select version, changed_at from public_version where id = 1');

export async function readPublicVersion(db: Kysely<DB>): Promise<PublicVersion> {
  const result = await db.executeQuery<{ version: number | string; changed_at: Date }>(READ);
  const row = result.rows[0];
  if (!row) throw new Error('public_version has no row: run the migrations');
  return { version: Number(row.version), changedAt: row.changed_at };
}

/**
 * Reads the public version for many concurrent requests with as few queries as stay correct: a
 * request joins a read that has not started yet, never one already under way (which might have
 * begun before a write this request must see). So each request's version comes from a query that
 * began after the request asked, and a burst of requests shares two queries at most.
 */
export function freshPublicVersion(db: Kysely<DB>): () => Promise<PublicVersion> {
  let running: Promise<PublicVersion> | undefined;
  let queued: Promise<PublicVersion> | undefined;
  const start = (): Promise<PublicVersion> => {
    const read = readPublicVersion(db);
    running = read;
    const done = (): void => {
      if (running === read) running = undefined;
    };
    read.then(done, done);
    return read;
  };
  return () => {
    if (queued !== undefined) return queued;
    if (running === undefined) return start();
    const next = running.then(
      () => undefined,
      () => undefined,
    );
    queued = next.then(() => {
      queued = undefined;
      return start();
    });
    return queued;
  };
}

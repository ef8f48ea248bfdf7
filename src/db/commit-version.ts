import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Issue 12: a commit version, a one-row count of the committed transactions that wrote to the
 * tables it watches (migrations 0021 and 0032). A deferred constraint trigger on each watched
 * table bumps it once per writing transaction, at its commit, so a new version becomes visible in
 * the same instant as the data it stands for. The render caches key pages on it.
 */
export interface CommitVersionKind {
  /** The one-row table holding the version. */
  table: 'public_version' | 'data_version';
  /** The trigger's name on each watched table, and the function it runs. */
  trigger: string;
  bump: string;
  /** Tables whose writes do not move the version, each with why. */
  unwatched: Readonly<Record<string, string>>;
}

/**
 * Attaches the bump trigger to every table that is neither unwatched nor already watched; run
 * after the migrations (migrateToLatest), so the tables of later migrations are covered with no
 * step of their own. Idempotent; several app servers starting together are serialised by an
 * advisory lock.
 */
export async function watchTables(db: Kysely<DB>, kind: CommitVersionKind): Promise<string[]> {
  const lock = `secrel ${kind.table} triggers`;
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${lock}))`.execute(connection);
    try {
      const unwatched = await sql<{ name: string }>`
        select c.relname as name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p')
          and not exists (
            select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = ${kind.trigger})
        order by c.relname`.execute(connection);
      const tables = unwatched.rows
        .map((row) => row.name)
        .filter((name) => !Object.hasOwn(kind.unwatched, name));
      for (const table of tables) {
        await sql`create constraint trigger ${sql.id(kind.trigger)}
          after insert or update or delete on ${sql.id(table)}
          deferrable initially deferred
          for each row execute function ${sql.id(kind.bump)}()`.execute(connection);
      }
      return tables;
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${lock}))`.execute(connection);
    }
  });
}

/** A version and when it last changed (a whole second, strictly later each time). */
export interface CommitVersion {
  version: number;
  changedAt: Date;
}

const READS = {
  public_version: CompiledQuery.raw('select version, changed_at from public_version where id = 1'),
  data_version: CompiledQuery.raw('select version, changed_at from data_version where id = 1'),
} as const;

/** One primary-key read, compiled once. */
export async function readVersion(db: Kysely<DB>, kind: CommitVersionKind): Promise<CommitVersion> {
  const result = await db.executeQuery<{ version: number | string; changed_at: Date }>(
    READS[kind.table],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`${kind.table} has no row: run the migrations`);
  return { version: Number(row.version), changedAt: row.changed_at };
}

/**
 * Reads the version for many concurrent requests with as few queries as stay correct: a request
 * joins a read that has not started yet, never one already under way (which might have begun
 * before a write this request must see). So each request's version comes from a query that began
 * after the request asked, and a burst of requests shares two queries at most.
 */
export function freshVersion(
  db: Kysely<DB>,
  kind: CommitVersionKind,
): () => Promise<CommitVersion> {
  let running: Promise<CommitVersion> | undefined;
  let queued: Promise<CommitVersion> | undefined;
  const start = (): Promise<CommitVersion> => {
    const read = readVersion(db, kind);
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

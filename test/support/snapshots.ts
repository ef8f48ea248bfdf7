import fs from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/**
 * The databases made once per test run by test/support/global-setup.ts, which each test file
 * copies instead of migrating (or loading the demo into) its own.
 */
export interface TestDatabaseSnapshots {
  /** A migrated PGlite data directory, as a `dumpDataDir` tarball on disk. */
  pgliteTarball: string;
  /** The directory of the run's snapshot files (removed at the end of the run). */
  snapshotDir: string;
  /**
   * A migrated PostgreSQL template database (undefined when PostgreSQL does not answer). The
   * run's other templates (the demo's) are named after it, `<template>_…`.
   */
  postgresTemplate: string | undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    secrelSnapshots: TestDatabaseSnapshots | undefined;
  }
}

/**
 * Writes a PGlite database's data directory to `file` (whole or not at all), after a checkpoint
 * so that a copy starts without replaying the write-ahead log.
 */
export async function saveDataDir(database: Database, file: string): Promise<Blob> {
  if (!database.dumpDataDir) throw new Error(`${database.engine} has no data directory to dump`);
  await sql`checkpoint`.execute(database.db);
  const tarball = await database.dumpDataDir();
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
  fs.renameSync(partial, file);
  return tarball;
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { PGliteDialect } from '../../src/db/pglite-dialect.ts';
import type { DB } from '../../src/db/schema.ts';
import {
  adminQuery,
  canReachPostgres,
  databaseUrl,
  withAdminClient,
  type TestDatabaseSnapshots,
} from './postgres-admin.ts';

/**
 * Once per test run: a migrated PGlite data directory (a tarball each test file loads instead of
 * running initdb and the migrations) and, when PostgreSQL answers, a migrated template database
 * each test file copies with `CREATE DATABASE … TEMPLATE`. Both go at the end of the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-test-'));
  const template = (await canReachPostgres())
    ? `secrel_template_${process.pid}_${randomBytes(4).toString('hex')}`
    : undefined;
  const teardown = async (): Promise<void> => {
    if (template) await dropRunDatabases(template);
    fs.rmSync(snapshotDir, { recursive: true, force: true });
  };
  try {
    const [pgliteTarball] = await Promise.all([
      migratedPGliteTarball(snapshotDir),
      template ? migratedPostgresTemplate(template) : undefined,
    ]);
    const snapshots: TestDatabaseSnapshots = {
      pgliteTarball,
      snapshotDir,
      postgresTemplate: template,
    };
    project.provide('secrelSnapshots', snapshots);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function migratedPGliteTarball(snapshotDir: string): Promise<string> {
  const pglite = await PGlite.create();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  try {
    await migrateToLatest(db);
    // A checkpoint first, so a copy starts without replaying the migrations' WAL.
    await pglite.exec('checkpoint');
    const tarball = await pglite.dumpDataDir('none');
    const file = path.join(snapshotDir, 'migrated.tar');
    fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
    return file;
  } finally {
    await db.destroy();
  }
}

async function migratedPostgresTemplate(name: string): Promise<void> {
  await adminQuery(`create database ${name}`);
  const database = await openDatabase({ databaseUrl: databaseUrl(name), poolSize: 1 });
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  // No one connects to the template again: a connection would make every copy of it fail.
  await adminQuery(`alter database ${name} with allow_connections false`);
}

/** Drops the template and the demo templates made from it (test/support/demo-db.ts): only ours. */
async function dropRunDatabases(template: string): Promise<void> {
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or starts_with(datname, $2)`,
      [template, `${template}_`],
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists ${datname} with (force)`);
    }
  });
}

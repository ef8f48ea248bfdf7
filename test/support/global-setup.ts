import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.ts';
import { migrateForTests } from './cut-over.ts';
import { adminQuery, canReachPostgres, databaseUrl, withAdminClient } from './postgres-admin.ts';
import { saveDataDir, type TestDatabaseSnapshots } from './snapshots.ts';

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
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrateForTests(database.db);
    const file = path.join(snapshotDir, 'migrated.tar');
    await saveDataDir(database, file);
    return file;
  } finally {
    await database.close();
  }
}

async function migratedPostgresTemplate(name: string): Promise<void> {
  await adminQuery(`create database ${name}`);
  const database = await openDatabase({ databaseUrl: databaseUrl(name), poolSize: 1 });
  try {
    await migrateForTests(database.db);
  } finally {
    await database.close();
  }
  // No one connects to the template again: a connection would make every copy of it fail.
  await adminQuery(`alter database ${name} with allow_connections false`);
}

/** Drops the template and the demo templates named after it (test/support/demo-db.ts): ours only. */
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

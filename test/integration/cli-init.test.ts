import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { todayOf } from '../../src/calendar/deadline.ts';
import { formatEpochDay, parseIsoDate } from '../../src/calendar/civil-date.ts';
import { main } from '../../src/cli/main.ts';
import { openDatabase, type Database, type Engine } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { createMeeting } from '../../src/modules/meeting/meeting.actions.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { ENGINES, createPostgresCopy, testContext, TestClock } from '../support/test-db.ts';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with exactly `env`; `stdin` is what is piped to it, if anything. */
async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'secrel', ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    cwd: os.tmpdir(),
    readStdin: () => Promise.resolve(stdin ?? null),
  });
  return { code, stdout, stderr };
}

/** An empty database of `engine` (no tables at all), as a new installation starts. */
async function emptyTarget(engine: Engine): Promise<{
  env: Record<string, string>;
  open: () => Promise<Database>;
  remove: () => Promise<void>;
}> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-init-'));
    return {
      env: { DATA_DIR: dir },
      open: () => openDatabase({ dataDir: dir }),
      remove: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const database = await createPostgresCopy(undefined);
  const url = database.url ?? '';
  return {
    env: { DATABASE_URL: url },
    open: () => openDatabase({ databaseUrl: url, poolSize: 2 }),
    remove: () => database.close(),
  };
}

async function withDatabase<T>(
  open: () => Promise<Database>,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The tables in the database's public schema (none before init has run). */
async function tableCount(database: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
    where table_schema = 'public'`.execute(database.db);
  return rows[0]?.n ?? 0;
}

async function counts(database: Database): Promise<{ audit: number; users: number }> {
  const audit = await database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const users = await database.db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { audit: audit.n, users: users.n };
}

/** Signs in through the API; resolves with the status and the roles of the principal. */
async function signIn(
  database: Database,
  email: string,
  password: string,
): Promise<{ status: number; roles: string[] }> {
  const app = await buildApp(testContext(database, new TestClock(new Date().toISOString())));
  try {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password },
    });
    const body = response.json<{ roles?: { role: string }[] }>();
    return { status: response.statusCode, roles: (body.roles ?? []).map((grant) => grant.role) };
  } finally {
    await app.close();
  }
}

const ADMIN = ['--admin-email', 'secas@example.org', '--admin-name', 'Sam Secas'];

describe.each(ENGINES)('Issue 11: secrel init on an empty %s database', (engine) => {
  const removals: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const remove of removals) await remove();
  });

  // On the embedded engine a new database is created, migrated and opened several times: on two
  // busy cores (CI runs two test files at once) that took more than the default 30 s.
  it('migrates, sets the cut-over, creates the administrator and loads the catalogue; run again it changes nothing and says so; the administrator signs in', async () => {
    const target = await emptyTarget(engine);
    removals.push(target.remove);
    const first = await runCli(['init', ...ADMIN, '--cut-over', '2026-11-02'], target.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/applied migration 0001-foundation/);
    expect(first.stdout).toMatch(/cut-over date set to 2026-11-02/);
    expect(first.stdout).toMatch(/created the administrator Sam Secas <secas@example.org>/);
    expect(first.stdout).toMatch(/loaded the SEC document catalogue: \d+ documents/);
    const password = /^password: (\S+)$/m.exec(first.stdout)?.[1] ?? '';
    // Generated: long and random, shown once.
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const after = await withDatabase(target.open, counts);
    expect(after.users).toBe(1);

    const second = await runCli(['init', ...ADMIN, '--cut-over', '2026-11-02'], target.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('already initialised: nothing changed\n');
    expect(second.stdout).not.toMatch(/password/);
    expect(second.stderr).toMatch(/cut-over date: 2026-11-02 \(already set; unchanged\)/);
    expect(second.stderr).toMatch(/administrator: secas@example.org \(already there; unchanged\)/);
    expect(second.stderr).toMatch(/catalogue: already holds documents \(unchanged\)/);
    expect(await withDatabase(target.open, counts)).toEqual(after);
    expect((await runCli(['cut-over', 'show'], target.env)).stdout).toBe('2026-11-02\n');

    await withDatabase(target.open, async (database) => {
      expect(await signIn(database, 'secas@example.org', password)).toEqual({
        status: 200,
        roles: ['code_administrator'],
      });
      expect((await signIn(database, 'secas@example.org', `${password}x`)).status).toBe(401);
    });
  }, 90_000);

  it('takes the password piped to standard input, and prints none', async () => {
    const target = await emptyTarget(engine);
    removals.push(target.remove);
    const piped = 'correct horse battery staple';
    const result = await runCli(['init', ...ADMIN], target.env, `${piped}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/password/);
    await withDatabase(target.open, async (database) => {
      expect((await signIn(database, 'secas@example.org', piped)).status).toBe(200);
    });
    // Without --cut-over, the cut-over is the day init ran (ruling 13's default).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(),
    );
    expect((await runCli(['cut-over', 'show'], target.env)).stdout).toBe(`${today}\n`);
    // A short piped password is refused before init changes anything (migrations aside).
    const other = await emptyTarget(engine);
    removals.push(other.remove);
    const short = await runCli(['init', ...ADMIN], other.env, 'too short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/the password on standard input: .*at least 12 characters/);
    expect(await withDatabase(other.open, counts)).toEqual({ audit: 0, users: 0 });
  }, 90_000);

  it('refuses to move a chosen cut-over on a later run, before changing anything', async () => {
    const target = await emptyTarget(engine);
    removals.push(target.remove);
    expect((await runCli(['init', ...ADMIN, '--cut-over', '2026-11-02'], target.env)).code).toBe(0);
    const before = await withDatabase(target.open, counts);
    const moved = await runCli(['init', ...ADMIN, '--cut-over', '2026-12-01'], target.env);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(
      /the cut-over date is already 2026-11-02; init does not move it: use "secrel cut-over set 2026-12-01"/,
    );
    expect(await withDatabase(target.open, counts)).toEqual(before);
  });

  it('ruling 13: cut-over set refuses to pass an act recorded live, and changes nothing', async () => {
    const target = await emptyTarget(engine);
    removals.push(target.remove);
    expect((await runCli(['init', ...ADMIN, '--cut-over', '2026-11-02'], target.env)).code).toBe(0);
    // Scheduled live on 3 November for 20 November, a day before today (the CLI's real clock).
    await withDatabase(target.open, async (database) => {
      const ctx = testContext(database, new TestClock('2026-11-03T10:00:00Z'));
      await createMeeting(ctx, null, { heldOn: '2026-11-20', kind: 'ordinary' }, SYSTEM_ACTOR);
    });
    const before = await withDatabase(target.open, counts);
    const refused = await runCli(['cut-over', 'set', '2026-11-21'], target.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /cannot move to 2026-11-21: a Panel meeting on 2026-11-20 is already recorded live/,
    );
    expect((await runCli(['cut-over', 'show'], target.env)).stdout).toBe('2026-11-02\n');
    expect(await withDatabase(target.open, counts)).toEqual(before);
    const allowed = await runCli(['cut-over', 'set', '2026-11-20'], target.env);
    expect(allowed).toMatchObject({ code: 0, stdout: 'cut-over date set to 2026-11-20\n' });
  });

  it('ruling 13: the cut-over cannot be set after today, by init or by cut-over set; nothing changes', async () => {
    const today = todayOf(new Date());
    const tomorrow = formatEpochDay(parseIsoDate(today) + 1);
    const target = await emptyTarget(engine);
    removals.push(target.remove);
    const early = await runCli(['init', ...ADMIN, '--cut-over', tomorrow], target.env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      new RegExp(
        `--cut-over: The cut-over cannot be ${tomorrow}: it may not be later than today \\(${today}\\)`,
      ),
    );
    // Refused before init touched the database: no tables at all.
    expect(await withDatabase(target.open, tableCount)).toBe(0);

    expect((await runCli(['init', ...ADMIN, '--cut-over', '2026-11-02'], target.env)).code).toBe(0);
    const before = await withDatabase(target.open, counts);
    for (const date of [tomorrow, '2027-01-04']) {
      const refused = await runCli(['cut-over', 'set', date], target.env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(`cannot be ${date}: it may not be later than today \\(${today}\\)`),
      );
      expect((await runCli(['cut-over', 'show'], target.env)).stdout).toBe('2026-11-02\n');
      expect(await withDatabase(target.open, counts)).toEqual(before);
    }
    const help = await runCli(['cut-over', 'set', '--help'], target.env);
    expect(help.stdout).toMatch(/today or\s+earlier, e\.g\. 2026-11-02/);
    const allowed = await runCli(['cut-over', 'set', today], target.env);
    expect(allowed).toMatchObject({ code: 0, stdout: `cut-over date set to ${today}\n` });
  }, 90_000);

  it('ruling 13: record-window show and set (audited; a change applies to meetings created after it); a bad window changes nothing', async () => {
    const target = await emptyTarget(engine);
    removals.push(target.remove);
    expect((await runCli(['init', ...ADMIN, '--cut-over', '2026-11-02'], target.env)).code).toBe(0);
    expect((await runCli(['record-window', 'show'], target.env)).stdout).toBe('5\n');
    const before = await withDatabase(target.open, counts);
    for (const bad of ['0', '31', 'five', '2.5']) {
      const refused = await runCli(['record-window', 'set', bad], target.env);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/record window must be a whole number of Working Days/);
    }
    expect(await withDatabase(target.open, counts)).toEqual(before);
    const set = await runCli(['record-window', 'set', '7'], target.env);
    expect(set).toMatchObject({
      code: 0,
      stdout:
        'record window set to 7 Working Days (was 5): it applies to meetings created from now on\n',
    });
    expect((await runCli(['record-window', 'show'], target.env)).stdout).toBe('7\n');
    expect((await withDatabase(target.open, counts)).audit).toBe(before.audit + 1);
    const again = await runCli(['record-window', 'set', '7'], target.env);
    expect(again.stdout).toBe('record window already 7 Working Days: unchanged\n');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { importHistoryFile } from '../../src/cli/commands/history.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import type { Principal } from '../../src/modules/identity/identity.ts';
import { givenPolicy } from '../support/release-fixtures.ts';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES, givenCutOver } from '../support/test-db.ts';

const examples = path.resolve(import.meta.dirname, '..', '..', 'examples', 'history');
const CSV = fs.readFileSync(path.join(examples, 'sec-history.csv'), 'utf8');
const JSON_FILE = fs.readFileSync(path.join(examples, 'sec-history.json'), 'utf8');

function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    env: {},
    cwd: examples,
  };
  return io;
}

const SOURCE = 'https://smartenergycodecompany.co.uk/tag/sec-release/';

describe.each(ENGINES)('Ruling 13: history held outside secrel on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;
  let party: TestUser;
  let principal: Principal;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await givenCutOver(t.ctx.db, '2026-01-01');
    await givenPolicy(t);
    secas = await givenUser(t.ctx, 'code_administrator');
    party = await givenUser(t.ctx, 'party');
    const loaded = await loadPrincipal(t.ctx.db, secas.id, 'token', null);
    if (!loaded) throw new Error('no principal');
    principal = loaded;
  });
  afterAll(async () => {
    await t.close();
  });

  const counts = async () => ({
    modifications: (await t.ctx.db.selectFrom('modification').select('id').execute()).length,
    decisions: (await t.ctx.db.selectFrom('decision').select('id').execute()).length,
    releases: (await t.ctx.db.selectFrom('release').select('id').execute()).length,
    ridVersions: (await t.ctx.db.selectFrom('rid_version').select('id').execute()).length,
    sources: (await t.ctx.db.selectFrom('history_source').select('subject_id').execute()).length,
    audit: (await t.ctx.db.selectFrom('audit_event').select('seq').execute()).length,
  });
  const idOf = async (reference: string) =>
    (
      await t.ctx.db
        .selectFrom('modification')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow()
    ).id;
  const releaseId = async (name: string) =>
    (
      await t.ctx.db
        .selectFrom('release')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
  const post = (user: TestUser, records: object[]) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/history',
      headers: bearer(user),
      payload: { records },
    });

  it('Ruling 13: secrel history import loads a CSV file, each record flagged, audited per record', async () => {
    const before = await counts();
    const io = captureIo();
    expect(await importHistoryFile(t.ctx, io, principal, CSV, 'csv')).toBe(0);
    expect(io.out).toMatch(/8 record\(s\) recorded as held outside secrel/);
    const after = await counts();
    expect(after).toEqual({
      modifications: before.modifications + 4,
      decisions: before.decisions + 1,
      releases: before.releases + 2,
      ridVersions: before.ridVersions + 1,
      sources: before.sources + 8,
      audit: before.audit + 8,
    });
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'after'])
      .where('action', '=', 'history.recorded')
      .execute();
    expect(events.map((e) => e.subject_type).sort()).toEqual([
      'decision',
      'modification',
      'modification',
      'modification',
      'modification',
      'release',
      'release',
      'rid_version',
    ]);
    const mp117 = await t.ctx.db
      .selectFrom('modification')
      .selectAll()
      .where('reference', '=', 'MP117')
      .executeTakeFirstOrThrow();
    expect(mp117).toMatchObject({ status: 'withdrawn', status_before_withdrawal: 'refinement' });
    expect(mp117.adoption_deadline?.toISOString()).toBe('2021-06-23T22:59:59.000Z');
    const parts = await t.ctx.db
      .selectFrom('allocation')
      .select(['modification_id', 'implemented_at'])
      .where('release_id', '=', await releaseId('November 2020 SEC Release'))
      .execute();
    expect(parts.map((p) => p.modification_id).sort()).toEqual(
      [await idOf('MP102A'), await idOf('MP142')].sort(),
    );
    expect(parts.every((p) => p.implemented_at !== null)).toBe(true);
  });

  it('Ruling 13: importing the same file twice adds nothing, and says so', async () => {
    const before = await counts();
    const io = captureIo();
    expect(await importHistoryFile(t.ctx, io, principal, CSV, 'csv')).toBe(0);
    expect(io.out).toMatch(/nothing new: all 8 record\(s\) are already recorded as history/);
    expect(io.err).toMatch(/skipped modification MP102A: already recorded as history/);
    expect(await counts()).toEqual(before);
  });

  it('Ruling 13: secrel history import loads a JSON file (releases, their modifications, a RID approval)', async () => {
    const before = await counts();
    const io = captureIo();
    expect(await importHistoryFile(t.ctx, io, principal, JSON_FILE, 'json')).toBe(0);
    const after = await counts();
    expect(after.modifications - before.modifications).toBe(4);
    expect(after.releases - before.releases).toBe(3);
    expect(after.ridVersions - before.ridVersions).toBe(1);
    expect(after.audit - before.audit).toBe(8);
    expect(
      await t.ctx.db
        .selectFrom('modification')
        .select(['status', 'path'])
        .where('reference', '=', 'MP200')
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'implemented', path: 'alv' });
  });

  it('Ruling 13: a file with problems is refused line by line (exit 2) and nothing is imported', async () => {
    const before = await counts();
    const bad = [
      'type,reference,title,status,raisedOn,modification,kind,outcome,decidedOn,sourceUrl',
      `modification,MP301,A new one,approved,2021-02-30,,,,,${SOURCE}`,
      `modification,CP12,Not a reference,approved,2021-02-01,,,,,${SOURCE}`,
      `decision,,,,,MP301,change_board_decision,approve,2026-01-05,${SOURCE}`,
      'modification,MP302,No source,approved,2021-02-01,,,,,',
    ].join('\n');
    const io = captureIo();
    expect(await importHistoryFile(t.ctx, io, principal, bad, 'csv')).toBe(2);
    expect(io.err).toMatch(/line 2: raisedOn: raisedOn must be a date/);
    expect(io.err).toMatch(/line 3: reference: reference "CP12" is not a modification reference/);
    expect(io.err).toMatch(/line 5: sourceUrl: Give the published source/);
    expect(io.err).toMatch(/nothing imported/);
    expect(await counts()).toEqual(before);

    const late = [
      'type,modification,kind,outcome,decidedOn,sourceUrl',
      `decision,MP142,change_board_decision,approve,2026-01-01,${SOURCE}`,
    ].join('\n');
    const lateIo = captureIo();
    expect(await importHistoryFile(t.ctx, lateIo, principal, late, 'csv')).toBe(2);
    expect(lateIo.err).toMatch(
      /line 2: decidedOn: decidedOn 2026-01-01 is on or after the cut-over \(2026-01-01\)/,
    );
    expect(await counts()).toEqual(before);

    const broken = captureIo();
    expect(await importHistoryFile(t.ctx, broken, principal, '{"records": [', 'json')).toBe(2);
    expect(broken.err).toMatch(/nothing imported: the file is not JSON/);
    expect(await counts()).toEqual(before);
  });

  it('Ruling 13: the history route refuses anything dated on or after the cut-over (history_after_cut_over), nothing changed', async () => {
    const before = await counts();
    const response = await post(secas, [
      {
        type: 'modification',
        reference: 'MP310',
        title: 'Raised before, decided after the cut-over',
        status: 'approved',
        raisedOn: '2025-11-01',
        approvedOn: '2026-01-01',
        approvedBy: 'change_board',
        sourceUrl: SOURCE,
      },
    ]);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'history_after_cut_over',
      field: 'records[0].approvedOn',
      problems: [{ record: 1, field: 'approvedOn', code: 'history_after_cut_over' }],
    });
    expect(await counts()).toEqual(before);
    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, { post?: { responses: Record<string, { description?: string }> } }>;
    }>();
    const responses = openapi.paths['/api/v1/history']?.post?.responses ?? {};
    expect(responses['409']?.description).toContain('history_after_cut_over');
    expect(responses['409']?.description).toContain('history_conflict');
    expect(responses['400']?.description).toContain('history_invalid');
  });

  it('Ruling 13: a reference already live in secrel cannot also be history (history_conflict); only SECAS records history', async () => {
    await t.ctx.db
      .insertInto('modification')
      .values({
        reference: 'MP320',
        title: 'Raised live',
        proposer_org_id: null,
        path: 'path3',
        status: 'modification_proposal',
        status_before_withdrawal: null,
        raised_on: '2026-02-01',
        withdrawn_at: null,
        adoption_deadline: null,
        dcc_testing_required: null,
        testing_solution: null,
        approved_on: null,
        approved_by: null,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .execute();
    const before = await counts();
    const record = {
      type: 'modification',
      reference: 'MP320',
      title: 'Raised live',
      status: 'approved',
      raisedOn: '2025-02-01',
      sourceUrl: SOURCE,
    };
    const conflict = await post(secas, [record]);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'history_conflict' });
    const forbidden = await post(party, [{ ...record, reference: 'MP321' }]);
    expect(forbidden.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('Ruling 13: the API flags a record held outside secrel with its source; a live one is not flagged', async () => {
    const mp109 = await idOf('MP109');
    const modification = await t.app.inject({
      url: `/api/v1/modifications/${String(mp109)}`,
      headers: bearer(party),
    });
    expect(modification.json()).toMatchObject({
      reference: 'MP109',
      heldOutsideSecrel: true,
      historySource: {
        url: null,
        summary: expect.stringContaining(
          'Change Board approved it under Self-Governance',
        ) as string,
      },
    });
    const live = await t.app.inject({
      url: `/api/v1/modifications/${String(await idOf('MP320'))}`,
      headers: bearer(party),
    });
    expect(live.json()).toMatchObject({ heldOutsideSecrel: false, historySource: null });
    const decisions = await t.app.inject({
      url: `/api/v1/modifications/${String(mp109)}/decisions`,
      headers: bearer(party),
    });
    expect(decisions.json()).toMatchObject([
      { kind: 'change_board_decision', decidedOn: '2022-06-22', heldOutsideSecrel: true },
    ]);
    const november2020 = await releaseId('November 2020 SEC Release');
    const release = await t.app.inject({ url: `/api/v1/releases/${String(november2020)}` });
    expect(release.json()).toMatchObject({
      release: {
        name: 'November 2020 SEC Release',
        status: 'live',
        heldOutsideSecrel: true,
        historySource: { url: 'https://smartenergycodecompany.co.uk/tag/sec-release/page/2/' },
      },
    });
    const rid = await t.app.inject({
      url: `/api/v1/releases/${String(november2020)}/rid/versions/1`,
      headers: bearer(secas),
    });
    expect(rid.json()).toMatchObject({
      number: 1,
      status: 'approved',
      approvedOn: '2020-10-16',
      heldOutsideSecrel: true,
      historySource: { summary: expect.stringContaining('16 October 2020') as string },
    });
    const list = await t.app.inject({ url: '/api/v1/history', headers: bearer(party) });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(16);
  });

  it('Ruling 13: pages show "Held outside secrel" with a link to the published source', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(party.email);
    const modification = await browser.get(`/modifications/${String(await idOf('MP102A'))}`);
    expect(modification.statusCode).toBe(200);
    expect(modification.body).toContain('Held outside secrel');
    expect(modification.body).toContain(
      'href="https://smartenergycodecompany.co.uk/tag/sec-release/page/2/"',
    );
    const live = await browser.get(`/modifications/${String(await idOf('MP320'))}`);
    expect(live.body).not.toContain('Held outside secrel');
    const november2020 = await releaseId('November 2020 SEC Release');
    const release = await browser.get(`/releases/${String(november2020)}`);
    expect(release.body).toContain('Held outside secrel');
    const rid = await browser.get(`/releases/${String(november2020)}/rid/versions/1`);
    expect(rid.statusCode).toBe(200);
    expect(rid.body).toContain('Held outside secrel');
    const implementation = await browser.get(
      `/modifications/${String(await idOf('MP109'))}/implementation`,
    );
    expect(implementation.body).toContain('Held outside secrel');
  });
});

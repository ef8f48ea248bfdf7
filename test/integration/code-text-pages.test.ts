/**
 * Issue 14 on pages, both engines: the Code's versions (the live one first, public), a version by
 * section with its search box and findings, a release's consolidated redline (a draft only for
 * SECAS and the Panel; public once the go-live produced the version), a conflict, a provision's
 * history across versions, and a finding's suggestion accepted by SECAS as an editorial
 * amendment — a new live version, audited in the same transaction, never a silent edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app-context.ts';
import { draftAmendments } from '../../src/modules/code-text/code-drafting.ts';
import { produceNextVersion } from '../../src/modules/code-text/code-text.actions.ts';
import {
  liveVersion,
  loadVersion,
  versionByName,
} from '../../src/modules/code-text/code-text.store.ts';
import { indexVersion, type CodeVersion } from '../../src/modules/code-text/code-tree.ts';
import {
  SECMP0061_BEFORE,
  SECMP0061_DRAFTING,
  SECMP0061_SCOPE,
} from '../../src/modules/code-text/secmp0061-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
  givenRidVersion,
  givenSectionsAAndD,
} from '../support/release-fixtures.ts';
import { signedInCookies } from './consultation-fixtures.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';

interface FindingJson {
  check: string;
  where: string;
  suggestion?: string;
  key: string;
  fixable: boolean;
}

/** The value, which the test has just made sure exists. */
function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(ENGINES)('issue 14: the Code as data on pages, on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let base: CodeVersion;
  let february: number;
  let june: number;

  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    february = await givenRelease(
      t,
      policyId,
      'February 2027 SEC Release',
      'planned',
      '2027-02-25',
      'february',
    );
    june = await givenRelease(
      t,
      policyId,
      'June 2027 SEC Release',
      'planned',
      '2027-06-24',
      'june',
    );
    expect(
      (
        await call(t, c.secas, 'POST', '/api/v1/code/versions', {
          name: 'SEC 5.21',
          text: SECMP0061_BEFORE,
          scope: SECMP0061_SCOPE,
        })
      ).statusCode,
    ).toBe(201);
    base = await loadVersion(t.ctx.db, present(await versionByName(t.ctx.db, 'SEC 5.21')));
    const mp201 = await givenAllocatedModification(t, 'MP201', '2027-02-25');
    // D6.8(e): its documents list the Sections its legal text changes.
    await givenSectionsAAndD(t, mp201);
    await givenAllocation(t, february, mp201, 'all');
    expect(
      (
        await call(t, c.secas, 'PUT', `/api/v1/modifications/${mp201}/legal-text`, {
          baseVersion: 'SEC 5.21',
          ops: draftAmendments(base, SECMP0061_DRAFTING),
        })
      ).statusCode,
    ).toBe(204);
    const d109 = base.root.children
      .find((p) => p.label === 'D10')
      ?.children.find((p) => p.label === '9');
    const text = d109?.text ?? '';
    for (const [reference, edited] of [
      ['MP210', text.replace('available to the DCC', 'available to the DCC and the Authority')],
      ['MP211', text.replace('available to the DCC and Users', 'available to Users')],
    ] as const) {
      const id = await givenAllocatedModification(t, reference, '2027-06-24');
      await givenSectionsAAndD(t, id);
      await givenAllocation(t, june, id, 'all');
      expect(
        (
          await call(t, c.secas, 'PUT', `/api/v1/modifications/${id}/legal-text`, {
            baseVersion: 'SEC 5.21',
            ops: draftAmendments(base, [{ amend: 'D10.9', text: edited }]),
          })
        ).statusCode,
      ).toBe(204);
    }
  }, 180_000);
  afterAll(async () => t.close());

  it('lists the versions publicly, and shows one by section with a search box that finds a label', async () => {
    const list = await get('/code');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('SEC 5.21 Live');
    const id = present(await versionByName(t.ctx.db, 'SEC 5.21')).id;
    const page = await get(`/code/versions/${id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('D10 Implementation');
    expect(page.body).toContain('Search this version');
    const d108c = [...indexVersion(base.root).values()].find((l) => l.fullLabel === 'D10.8(c)');
    const search = await get(`/code/versions/${id}?q=${encodeURIComponent('D10.8(c)')}`);
    expect(search.body).toContain(`href="#provision-${d108c?.provision.id ?? 'x'}"`);
    expect(textOf(search.body)).toContain('1 provision matches “D10.8(c)”');
    const words = await get(`/code/versions/${id}?q=change-freeze`);
    expect(textOf(words.body)).toContain('D10.8(c)');
  });

  it('shows the February release’s consolidated redline only to SECAS and the Panel while it is a draft', async () => {
    const anonymous = await get(`/releases/${february}/code`);
    expect([302, 303, 401]).toContain(anonymous.statusCode);
    const party = await signedInCookies(t.app, c.albion.email);
    expect((await get(`/releases/${february}/code`, party.cookie)).statusCode).toBe(403);
    const secas = await signedInCookies(t.app, c.secas.email);
    const page = await get(`/releases/${february}/code`, secas.cookie);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<del class="redline-delete">.*?10<\/del>/);
    expect(page.body).toMatch(/<ins class="redline-insert">.*?12<\/ins>/);
    const text = textOf(page.body);
    expect(text).toContain('A draft: the release has not gone live');
    expect(text).toContain('D10.15: Reference now points at a different provision');
    expect(text).toContain('Suggested: “Section D10.8(c)”');
    expect(text).toMatch(/D10\.10\s+D10\.12/);
    // The RID's section (a) shows the consolidated redline in brief, to those who may open it.
    await givenRidVersion(t, february, 1, { status: 'draft', approvedOn: null, publishedAt: null });
    const rid = await get(`/releases/${february}/rid/versions/1`, secas.cookie);
    expect(rid.statusCode).toBe(200);
    expect(rid.body).toContain(`href="/releases/${february}/code"`);
    expect(textOf(rid.body)).toContain('The Code after this release (a draft until it goes live)');
  });

  it('shows the June release’s two modifications changing one provision as a conflict', async () => {
    const member = await signedInCookies(t.app, c.member.email);
    const page = await get(`/releases/${june}/code`, member.cookie);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('It cannot be consolidated');
    expect(text).toContain('Conflict in D10.9 between MP210 and MP211: MP211: the words');
  });

  it('D10.1: once live, the release’s redline is public and a provision’s history names the release', async () => {
    await inTransaction(t.ctx, { id: c.chair.id, label: 'chair' }, (unit) =>
      produceNextVersion(unit, february),
    );
    const page = await get(`/releases/${february}/code`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('were consolidated into SEC 5.22 from SEC 5.21');
    const oldD1010 = [...indexVersion(base.root).values()].find((l) => l.fullLabel === 'D10.10');
    const history = await get(`/code/provisions/${oldD1010?.provision.id ?? ''}`);
    expect(history.statusCode).toBe(200);
    const text = textOf(history.body);
    expect(text).toContain('SEC 5.22 : D10.12');
    expect(text).toContain('(was D10.10)');
    expect(text).toContain(
      'Produced when the February 2027 SEC Release went live, consolidating MP201',
    );
    const produced = present(await versionByName(t.ctx.db, 'SEC 5.22'));
    expect(history.body).toContain(
      `/code/versions/${produced.id}/redline#provision-${oldD1010?.provision.id ?? ''}`,
    );
    const redline = await get(`/code/versions/${produced.id}/redline`);
    expect(redline.statusCode).toBe(200);
    expect(redline.body).toContain(`id="provision-${oldD1010?.provision.id ?? ''}"`);
  });

  it('SECAS accepts a suggested fix as an editorial amendment: a new live version and its audit event in one transaction', async () => {
    const live = present(await liveVersion(t.ctx.db));
    const findings = (await get(`/api/v1/code/versions/${live.id}/findings`)).json<FindingJson[]>();
    const drift = findings.find((f) => f.check === 'drifted-reference' && f.where === 'D10.15');
    expect(drift).toMatchObject({ suggestion: 'Section D10.8(c)', fixable: true });
    const url = `/api/v1/code/versions/${live.id}/findings/${drift?.key ?? ''}/editorial-amendment`;
    expect((await call(t, c.albion, 'POST', url)).statusCode).toBe(403);
    expect((await liveVersion(t.ctx.db))?.id).toBe(live.id);

    const accepted = await call(t, c.secas, 'POST', url);
    expect(accepted.statusCode).toBe(201);
    const now = present(await liveVersion(t.ctx.db));
    expect(now).toMatchObject({ name: 'SEC 5.23', parentId: live.id, releaseId: null });
    const d1015 = [...indexVersion((await loadVersion(t.ctx.db, now)).root).values()].find(
      (l) => l.fullLabel === 'D10.15',
    );
    expect(d1015?.provision.text).toContain('(in accordance with Section D10.8(c))');
    const before = [...indexVersion((await loadVersion(t.ctx.db, live)).root).values()].find(
      (l) => l.fullLabel === 'D10.15',
    );
    expect(before?.provision.text).toContain('(in accordance with Section D10.8(d))');
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'subject_id'])
      .where('action', '=', 'code.editorial_accepted')
      .execute();
    expect(events).toEqual([{ action: 'code.editorial_accepted', subject_id: String(now.id) }]);
    const rows = await t.ctx.db.selectFrom('code_editorial').selectAll().execute();
    expect(rows.map((r) => [r.version_id, r.check_id, r.suggestion])).toEqual([
      [now.id, 'drifted-reference', 'Section D10.8(c)'],
    ]);
    expect(
      (await get(`/api/v1/code/versions/${now.id}/findings`))
        .json<FindingJson[]>()
        .some((f) => f.check === 'drifted-reference'),
    ).toBe(false);
    // The old version is no longer live: accepting on it again is refused, nothing written.
    expect((await call(t, c.secas, 'POST', url)).statusCode).toBe(409);
    expect(await t.ctx.db.selectFrom('code_editorial').select('id').execute()).toHaveLength(1);
  });

  it('offers SECAS the action on the page, and the form accepts a label fix', async () => {
    const live = present(await liveVersion(t.ctx.db));
    const party = await signedInCookies(t.app, c.albion.email);
    const asParty = await get(`/code/versions/${live.id}`, party.cookie);
    expect(asParty.body).not.toContain('Accept as editorial amendment');
    const secas = await signedInCookies(t.app, c.secas.email);
    const page = await get(`/code/versions/${live.id}`, secas.cookie);
    expect(page.body).toContain('Accept as editorial amendment');
    const action =
      /action="(\/code\/versions\/\d+\/findings\/non-sequential-label-[0-9a-f]+\/editorial-amendment)"/.exec(
        page.body,
      )?.[1];
    expect(action).toBeDefined();
    const posted = await t.app.inject({
      method: 'POST',
      url: action ?? '',
      headers: { cookie: secas.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: secas.csrf(page.body) }).toString(),
    });
    expect(posted.statusCode).toBe(303);
    const now = present(await liveVersion(t.ctx.db));
    expect(now.name).toBe('SEC 5.24');
    expect(posted.headers.location).toBe(`/code/versions/${now.id}`);
    const labels = [...indexVersion((await loadVersion(t.ctx.db, now)).root).values()].map(
      (l) => l.fullLabel,
    );
    expect(labels).toContain('D10.2(a)');
    expect(labels).not.toContain('D10.2(m)');
  });

  it('the public /rules page links each drafting point to its finding on the SECMP0061 draft page', async () => {
    const rules = await get('/rules');
    const links = [
      ...rules.body.matchAll(/href="(\/code\/drafts\/secmp0061#finding-[a-z-]+-[0-9a-f]{8})"/g),
    ].map((m) => m[1] ?? '');
    expect(links).toHaveLength(4);
    const draft = await get('/code/drafts/secmp0061');
    expect(draft.statusCode).toBe(200);
    for (const link of links) expect(draft.body).toContain(`id="${link.split('#')[1] ?? ''}"`);
    const drift = links[0]?.split('#')[1] ?? '';
    const item = draft.body.slice(draft.body.indexOf(`id="${drift}"`)).split('</li>')[0] ?? '';
    expect(textOf(item)).toContain('D10.15: Reference now points at a different provision');
  });
});

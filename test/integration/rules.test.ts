import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFTING_POINTS, RULINGS } from '../../src/modules/rules/rulings.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { givenPolicy, givenRelease, givenRidVersion } from '../support/release-fixtures.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { givenMeeting } from './rid-fixtures.ts';

interface RulesJson {
  source: string;
  rulings: {
    number: number;
    anchor: string;
    href: string;
    title: string;
    clauses: string[];
    quotations: { clause: string; text: string }[];
    reading: string;
    otherReading: string;
  }[];
  draftingPoints: { anchor: string; title: string; point: string; reading: string }[];
}

interface OverviewJson {
  approvedVersion: number | null;
  versions: { id: number; number: number; basedOnId: number | null }[];
  overrides: { id: number; usedByVersion: number | null }[];
}

/** The text of a page as a person reads it: tags dropped, entities of quotes decoded. */
const textOf = (html: string) =>
  html
    .replace(/<\/?(a|strong|span|time)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(ENGINES)('Readings shown, not hidden (ruling 19) on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let release: number;
  let policy: number;
  const anonymous = (url: string) => t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-12-29T10:00:00Z'));
    c = await givenCast(t);
    // A February release going live on 25 February 2027: its RID froze on 25 December 2026.
    release = await givenRelease(
      t,
      (policy = await givenPolicy(t)),
      'February 2027 SEC Release',
      'rid_approved',
      '2027-02-25',
      'february',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 19: /rules is public and lists rulings 1–19, each with its anchor, the clause text, the reading applied and the other reading', async () => {
    const page = await anonymous('/rules');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    for (const r of RULINGS) {
      expect(page.body).toContain(`id="ruling-${r.number}"`);
      expect(text).toContain(`Ruling ${r.number}: ${r.title}`);
      expect(text).toContain(r.reading);
      expect(text).toContain(r.otherReading);
      for (const q of r.quotations) expect(text).toContain(q.text);
    }
    // Ruling 1's clause, quoted from the legal text.
    expect(text).toContain(
      'may do so within 10 Working Days following the publication of the decision to approve',
    );
    expect(page.body).toContain('href="#ruling-19"');
  });

  it('Ruling 19: /rules shows the drafting points: D10.15’s D10.8(d), D10.2’s (m)/(n), D10.13(d)(i) against D10.18, the Panel Release Management Policy left over', async () => {
    const page = await anonymous('/rules');
    const text = textOf(page.body);
    expect(page.body).toContain('id="drafting-points"');
    for (const d of DRAFTING_POINTS) {
      expect(page.body).toContain(`id="${d.anchor}"`);
      expect(text).toContain(d.point);
      expect(text).toContain(d.reading);
    }
    expect(text).toContain('(in accordance with Section D10.8(d))');
    expect(text).toContain('(m) determine what actions are required');
    expect(text).toContain('D10.13(d)(i)');
    expect(text).toContain('defined in the Panel Release Management Policy');
  });

  it('Ruling 19: GET /api/v1/rules is public and gives the same rulings and drafting points', async () => {
    const response = await anonymous('/api/v1/rules');
    expect(response.statusCode).toBe(200);
    const body = response.json<RulesJson>();
    expect(body.rulings.map((r) => r.number)).toEqual(RULINGS.map((r) => r.number));
    expect(body.rulings[0]).toMatchObject({
      number: 1,
      anchor: 'ruling-1',
      href: '/rules#ruling-1',
      clauses: ['D10.17'],
    });
    expect(body.rulings.find((r) => r.number === 5)?.quotations[0]?.text).toContain(
      'cannot be further updated after the periods of notice',
    );
    expect(body.draftingPoints.map((d) => d.anchor)).toEqual(DRAFTING_POINTS.map((d) => d.anchor));
    expect(body.source).toContain('SECMP0061');
  });

  it('Ruling 19: the rules route is in the OpenAPI document, public', async () => {
    const doc = (await anonymous('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { security?: unknown[]; responses?: object }>>;
    }>();
    expect(doc.paths['/api/v1/rules']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/rules']?.get?.responses).toHaveProperty('200');
  });

  it('Ruling 19: the public pages link to /rules: the landing page and every footer', async () => {
    const landing = await anonymous('/');
    expect(landing.body).toContain('href="/rules"');
    expect(landing.body).toContain('href="/rules#ruling-1"');
    const calendar = await anonymous('/calendar');
    expect(calendar.body).toContain('<a class="govuk-footer__link" href="/rules">');
  });

  it('Ruling 19, rulings 1 and 2: the appeal pages word the window and the appeal’s effect as secrel’s readings, linking to them', async () => {
    const page = await anonymous('/appeals');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(page.body).toContain('href="/rules#ruling-1"');
    expect(page.body).toContain('href="/rules#ruling-2"');
    expect(text).toContain(
      'within 10 Working Days following the publication of the decision to approve (secrel’s reading: ruling 1)',
    );
    expect(text).toContain(
      'An appeal does not by itself suspend the RID or the release (secrel’s reading: ruling 2)',
    );
    expect(text).not.toContain('Working Days after the approval is published');
  });

  it('Ruling 19, ruling 5: the RID pages give the freeze as secrel’s reading of D10.15, with a link', async () => {
    await givenRidVersion(t, release, 1, { publishedAt: '2026-12-01T10:00:00Z' });
    const page = await anonymous(`/releases/${release}/rid`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(
      'Friday 25 December 2026 (frozen): no update from this date without a Panel override (D10.15; secrel’s reading: ruling 5)',
    );
    expect(text).toContain(
      'The RID is frozen from Friday 25 December 2026, the start of the notice period before go-live (D10.15; secrel’s reading: ruling 5)',
    );
    expect(page.body).toContain('href="/rules#ruling-5"');
    expect(page.body).toContain('href="/rules#ruling-1"');
    const releasePage = await anonymous(`/releases/${release}`);
    expect(releasePage.body).toContain('href="/rules#ruling-5"');
  });

  it('Ruling 19, ruling 8: the TAD page gives its taking effect as secrel’s reading, with a link', async () => {
    const page = await anonymous(`/releases/${release}/tad`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(
      'A reviewed version takes effect as part of the next Release Implementation Document version the Panel approves (secrel’s reading: ruling 8)',
    );
  });

  it('D10.12, ruling 19: the public RID overview (page and API) names no version the public cannot see, not even as the user of a freeze override', async () => {
    const other = await givenRelease(
      t,
      policy,
      'June 2027 SEC Release',
      'rid_approved',
      '2027-06-24',
      'june',
    );
    const meeting = await givenMeeting(t, '2026-12-11');
    const override = async (reasons: string) =>
      (
        await t.ctx.db
          .insertInto('rid_freeze_override')
          .values({
            release_id: other,
            meeting_id: meeting,
            decided_on: '2026-12-11',
            reasons,
            recorded_at: t.clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const first = await override('A severity 1 defect fix must be added.');
    const second = await override('The go-live criteria need one more test.');
    // Version 1: approved then superseded, published (public). Version 2: approved under the first
    // override, not yet published. Version 3: a draft amending version 2 under the second.
    const v1 = await givenRidVersion(t, other, 1, {
      status: 'superseded',
      publishedAt: '2026-11-02T10:00:00Z',
    });
    const v2 = await givenRidVersion(t, other, 2, { status: 'approved' });
    const v3 = await givenRidVersion(t, other, 3, { status: 'draft' });
    await t.ctx.db
      .updateTable('rid_version')
      .set({ freeze_override_id: first, based_on_id: v1 })
      .where('id', '=', v2)
      .execute();
    await t.ctx.db
      .updateTable('rid_version')
      .set({ freeze_override_id: second, based_on_id: v2 })
      .where('id', '=', v3)
      .execute();

    const api = await anonymous(`/api/v1/releases/${other}/rid`);
    expect(api.statusCode).toBe(200);
    const seen = api.json<OverviewJson>();
    expect(seen.versions.map((v) => v.number)).toEqual([1]);
    expect(seen.approvedVersion).toBeNull();
    expect(seen.overrides).toEqual([
      expect.objectContaining({ id: first, usedByVersion: null }),
      expect.objectContaining({ id: second, usedByVersion: null }),
    ]);
    for (const hidden of [v2, v3]) expect(api.body).not.toMatch(new RegExp(`"id":${hidden}\\b`));

    const page = await anonymous(`/releases/${other}/rid`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('A severity 1 defect fix must be added.');
    expect(text).not.toMatch(/version 2|version 3/i);
    expect(text).not.toContain('not used yet');
    expect(page.body).not.toMatch(/rid\/versions\/[23]/);

    // Those who read drafts still see which version used each override.
    const secas = (
      await call(t, c.secas, 'GET', `/api/v1/releases/${other}/rid`)
    ).json<OverviewJson>();
    expect(secas.versions.map((v) => v.number)).toEqual([1, 2, 3]);
    expect(secas.overrides.map((o) => o.usedByVersion)).toEqual([2, 3]);
    expect(secas.versions.map((v) => v.basedOnId)).toEqual([null, v1, v2]);
    const secasPage = await call(t, c.secas, 'GET', `/releases/${other}/rid`);
    expect(textOf(secasPage.body)).toContain('(used by version 2)');
  });
});

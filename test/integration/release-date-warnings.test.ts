import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { givenPolicy } from '../support/release-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count as countOf, givenCast, type Cast } from './modification-fixtures.ts';

async function count(t: TestApp, table: 'release' | 'audit_event'): Promise<number> {
  if (table === 'audit_event') return countOf(t, table);
  const row = await t.ctx.db
    .selectFrom('release')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Nunjucks escapes apostrophes and quotes; compare pages with plain text. */
const text = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');

const OFF_WEEKDAY =
  'The go-live date, 2 July 2027, is a Friday. Under the Policy, Ad-hoc releases go live on a Thursday; SEC Releases have gone live on Thursdays since 2021.';

function dateFields(name: string, iso: string): Record<string, string> {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
}

describe.each(ENGINES)(
  'issue 13, D10.8(a): warnings on a release’s go-live date before it is committed on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenCast(t);
      await givenPolicy(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('D10.8(a): an ad-hoc go-live that is not a Thursday is shown with a warning and a confirm box; nothing is created until confirmed', async () => {
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.secas.email);
      await browser.get('/releases/new');
      const releases = await count(t, 'release');
      const events = await count(t, 'audit_event');
      const form = {
        name: 'July 2027 ad-hoc SEC Release (ALV)',
        releaseType: 'ad_hoc',
        ...dateFields('goLive', '2027-07-02'),
        notes: '',
      };
      const first = await browser.post('/releases', form);
      expect(first.statusCode).toBe(200);
      const page = text(first.body);
      expect(page).toContain('govuk-warning-text');
      expect(page).toContain(OFF_WEEKDAY);
      expect(page).toContain('name="confirmDate"');
      expect(page).toContain('value="July 2027 ad-hoc SEC Release (ALV)"');
      expect(await count(t, 'release')).toBe(releases);
      expect(await count(t, 'audit_event')).toBe(events);

      const confirmed = await browser.post('/releases', { ...form, confirmDate: 'yes' });
      expect(confirmed.statusCode, confirmed.body).toBe(303);
      expect(await count(t, 'release')).toBe(releases + 1);
    });

    it('D10.8(a): a Thursday go-live is created at once, with no warning', async () => {
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.secas.email);
      await browser.get('/releases/new');
      const releases = await count(t, 'release');
      const sent = await browser.post('/releases', {
        name: 'July 2027 second ad-hoc SEC Release',
        releaseType: 'ad_hoc',
        ...dateFields('goLive', '2027-07-01'),
      });
      expect(sent.statusCode, sent.body).toBe(303);
      expect(await count(t, 'release')).toBe(releases + 1);
    });

    it('D10.8(a): a refusal comes before a warning: a past go-live date is refused (not merely warned), and nothing is created', async () => {
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.secas.email);
      await browser.get('/releases/new');
      const releases = await count(t, 'release');
      const sent = await browser.post('/releases', {
        name: 'Past ad-hoc SEC Release',
        releaseType: 'ad_hoc',
        ...dateFields('goLive', '2026-11-20'),
      });
      expect(sent.statusCode).toBe(400);
      expect(text(sent.body)).toContain('The go-live date cannot be in the past');
      expect(sent.body).not.toContain('name="confirmDate"');
      expect(await count(t, 'release')).toBe(releases);
    });

    it('D10.8(a): the API creates the release and returns the warnings on its go-live date; a Thursday has none', async () => {
      const off = await call(t, c.secas, 'POST', '/api/v1/releases', {
        name: 'API ad-hoc Friday SEC Release',
        releaseType: 'ad_hoc',
        goLive: '2027-07-02',
      });
      expect(off.statusCode).toBe(201);
      expect(off.json()).toMatchObject({
        name: 'API ad-hoc Friday SEC Release',
        warnings: [
          { code: 'go_live_off_weekday', field: 'goLive', message: OFF_WEEKDAY.slice(0, -1) },
        ],
      });
      const thursday = await call(t, c.secas, 'POST', '/api/v1/releases', {
        name: 'API ad-hoc Thursday SEC Release',
        releaseType: 'ad_hoc',
        goLive: '2027-07-01',
      });
      expect(thursday.statusCode).toBe(201);
      expect(thursday.json()).toMatchObject({ warnings: [] });
    });

    it('issue 13: OpenAPI documents the warnings of POST /api/v1/releases', async () => {
      const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      const body = spec.json<{
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      }>();
      const created = JSON.stringify(body.paths['/api/v1/releases']?.post?.responses['201']);
      expect(created).toContain('warnings');
      expect(created).toContain('go_live_off_weekday');
    });
  },
);

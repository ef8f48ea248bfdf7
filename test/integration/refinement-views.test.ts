import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../support/test-app.ts';
import {
  SECTION_G_REASON,
  givenModification,
  setUpRefinement,
  type RefinementFixture,
} from '../support/refinement-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';

describe.each(ENGINES)(
  'refinement (D6.8(f)–(i)): sub-committee views and the pages on %s',
  (engine) => {
    let f: RefinementFixture;

    beforeAll(async () => {
      f = await setUpRefinement(engine);
    });
    afterAll(async () => {
      await f.t.close();
    });

    it('D6.8(g) a Security Sub-Committee member sees and answers its requests only; a TABASC member may not answer them', async () => {
      const {
        t,
        secas,
        party,
        sscMember,
        tabascMember,
        call,
        refinementOf,
        eventsOf,
        requestView,
      } = f;
      const ssc = await givenModification(t.ctx, ['section-g']);
      const tcs = await givenModification(t.ctx, ['appendix-ab']);
      const sscRequest = (await requestView(ssc.id, 'security_sub_committee', '2027-01-15')).json<{
        id: number;
      }>();
      expect((await requestView(tcs.id, 'tabasc')).statusCode).toBe(201);

      const listed = await call(sscMember, 'GET', '/api/v1/view-requests');
      expect(listed.statusCode).toBe(200);
      const requests =
        listed.json<{ id: number; body: string; reasons: string[]; respondBy: string }[]>();
      expect(requests.length).toBeGreaterThan(0);
      expect(new Set(requests.map((r) => r.body))).toEqual(new Set(['security_sub_committee']));
      expect(requests.find((r) => r.id === sscRequest.id)).toMatchObject({
        respondBy: '2027-01-15',
        reasons: [SECTION_G_REASON],
      });
      expect((await call(sscMember, 'GET', '/api/v1/view-requests?body=tabasc')).statusCode).toBe(
        403,
      );
      expect((await call(party, 'GET', '/api/v1/view-requests')).statusCode).toBe(403);
      const all = (await call(secas, 'GET', '/api/v1/view-requests?state=awaiting')).json<
        { body: string }[]
      >();
      expect(new Set(all.map((r) => r.body))).toEqual(
        new Set(['security_sub_committee', 'tabasc']),
      );

      const url = `/api/v1/view-requests/${sscRequest.id}/response`;
      const wrongBody = await call(tabascMember, 'POST', url, { view: 'TABASC has no concerns' });
      expect(wrongBody.statusCode).toBe(403);
      const unchanged = await t.ctx.db
        .selectFrom('view_request')
        .select('response')
        .where('id', '=', sscRequest.id)
        .executeTakeFirstOrThrow();
      expect(unchanged.response).toBeNull();

      const view = 'The SSC supports the change to G5 subject to the CPA evaluation wording.';
      const answered = await call(sscMember, 'POST', url, { view });
      expect(answered.statusCode).toBe(200);
      expect(answered.json()).toMatchObject({
        response: view,
        receivedAfterRefinement: false,
        overdue: false,
      });
      const stored = await t.ctx.db
        .selectFrom('view_request')
        .selectAll()
        .where('id', '=', sscRequest.id)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ response: view, responded_by: sscMember.id });
      const twice = await call(sscMember, 'POST', url, { view: 'Changed our mind' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'already_exists' });
      const received = (await eventsOf(ssc.id)).filter(
        (e) => e.action === 'refinement.view_received',
      );
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        actor_id: sscMember.id,
        after: { requestId: sscRequest.id, body: 'security_sub_committee', view },
      });
      const refinement = await refinementOf(ssc.id);
      expect(refinement.consultations).toContainEqual(
        expect.objectContaining({
          body: 'security_sub_committee',
          requested: true,
          viewReceived: true,
        }),
      );
    });

    it('D6.8(i) a Forum Sub-Group may notify for the Alt HAN Forum only; a notification makes the view mandatory', async () => {
      const { t, secas, sscMember, call, refinementOf, eventsOf } = f;
      const m = await givenModification(t.ctx, ['section-d']);
      const url = `/api/v1/modifications/${m.id}/refinement/notifications`;
      const notTabasc = await call(secas, 'POST', url, {
        body: 'tabasc',
        viaSubgroup: 'Technical Sub-Group',
      });
      expect(notTabasc.statusCode).toBe(400);
      expect(notTabasc.json()).toMatchObject({ code: 'validation_failed', field: 'viaSubgroup' });
      const otherBody = await call(sscMember, 'POST', url, { body: 'tabasc' });
      expect(otherBody.statusCode).toBe(403);
      expect(
        await t.ctx.db
          .selectFrom('view_notification')
          .selectAll()
          .where('modification_id', '=', m.id)
          .execute(),
      ).toEqual([]);

      const forum = await call(secas, 'POST', url, {
        body: 'alt_han_forum',
        viaSubgroup: 'Alt HAN Technical Sub-Group',
      });
      expect(forum.statusCode).toBe(201);
      expect(forum.json()).toMatchObject({
        body: 'alt_han_forum',
        viaSubgroup: 'Alt HAN Technical Sub-Group',
      });
      const own = await call(sscMember, 'POST', url, {
        body: 'security_sub_committee',
        note: 'G7 assurance',
      });
      expect(own.statusCode).toBe(201);
      const refinement = await refinementOf(m.id);
      expect(refinement.consultations).toContainEqual(
        expect.objectContaining({
          body: 'alt_han_forum',
          mandatory: true,
          reasons: [
            'an Alt HAN Forum Sub-Group (Alt HAN Technical Sub-Group) said the Forum wishes to give a view (recorded 27 November 2026)',
          ],
        }),
      );
      expect(refinement.consultations).toContainEqual(
        expect.objectContaining({
          body: 'security_sub_committee',
          mandatory: true,
          reasons: [
            'the Security Sub-Committee has said it wishes to give a view (recorded 27 November 2026)',
          ],
        }),
      );
      const notified = (await eventsOf(m.id)).filter(
        (e) => e.action === 'refinement.view_notified',
      );
      expect(notified.map((e) => e.actor_id)).toEqual([secas.id, sscMember.id]);
    });

    it('Pages: SECAS sees the checklist and the Security Sub-Committee with its reason; completing shows every refusal reason', async () => {
      const { t, secas } = f;
      const m = await givenModification(t.ctx, ['section-g']);
      const browser = new BrowserSession(t.app);
      await browser.signIn(secas.email);
      const page = await browser.get(`/modifications/${m.id}/refinement`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Security Sub-Committee');
      expect(page.body).toContain(SECTION_G_REASON);
      expect(page.body).toContain('(k) Greenhouse Gas Emissions');
      expect(page.body).toContain('Not yet started');

      const refused = await browser.post(`/modifications/${m.id}/refinement/complete`, {
        version: String(m.version),
        reason: '',
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('There is a problem');
      expect(refused.body).toContain('href="#purpose-a"');
      expect(refused.body).toContain('href="#view-security_sub_committee"');

      const saved = await browser.post(`/modifications/${m.id}/refinement/items/a`, {
        conclusion: 'Affects Suppliers',
        version: '1',
      });
      expect(saved.statusCode).toBe(303);
      const stale = await browser.post(`/modifications/${m.id}/refinement/items/a`, {
        conclusion: 'Again',
        version: '1',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('href="#conclusion"');

      const home = await browser.get('/home');
      expect(home.body).toContain(`Seek the views of the Security Sub-Committee on ${m.reference}`);
    });

    it('Pages: a Security Sub-Committee member sees the request on /views and answers it there', async () => {
      const { t, sscMember, tabascMember, requestView } = f;
      const m = await givenModification(t.ctx, ['section-g']);
      const created = (await requestView(m.id, 'security_sub_committee')).json<{ id: number }>();
      const browser = new BrowserSession(t.app);
      await browser.signIn(sscMember.email);
      const views = await browser.get('/views');
      expect(views.statusCode).toBe(200);
      expect(views.body).toContain(m.reference);
      expect(views.body).toContain(`action="/views/${created.id}/response"`);
      expect(views.body).toContain('Views requested');
      const home = await browser.get('/home');
      expect(home.body).toContain(`Give the view of the Security Sub-Committee on ${m.reference}`);

      const empty = await browser.post(`/views/${created.id}/response`, { view: '' });
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain(`href="#view-${created.id}"`);
      const answered = await browser.post(`/views/${created.id}/response`, {
        view: 'No security concerns.',
      });
      expect(answered.statusCode).toBe(303);
      const row = await t.ctx.db
        .selectFrom('view_request')
        .select(['response', 'responded_by'])
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ response: 'No security concerns.', responded_by: sscMember.id });

      const tabascBrowser = new BrowserSession(t.app);
      await tabascBrowser.signIn(tabascMember.email);
      const tabascViews = await tabascBrowser.get('/views');
      expect(tabascViews.body).not.toContain(m.reference);
    });
  },
);

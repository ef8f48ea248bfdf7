import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, bearer, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, givenCutOver } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { givenMeeting } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenNotice,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';

/*
 * Ruling 13: history recorded from before the cut-over ("held outside secrel") is flagged on the
 * list pages and list APIs as on the detail pages, and carries a gate only for acts that are
 * themselves before the cut-over: a RID approval held outside secrel carries no go-live decision
 * after it, a Change Board recommendation held outside secrel no Authority decision after it.
 */

const SOURCE = 'https://smartenergycodecompany.co.uk/tag/sec-release/';
const LABEL = 'Held outside secrel';

describe.each(ENGINES)(
  'Ruling 13: history flagged on lists, gating only history, on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;
    let policyId: number;
    let liveRelease: number;

    const idOf = async (table: 'modification' | 'release', key: string) => {
      const row =
        table === 'modification'
          ? await t.ctx.db
              .selectFrom('modification')
              .select('id')
              .where('reference', '=', key)
              .executeTakeFirstOrThrow()
          : await t.ctx.db
              .selectFrom('release')
              .select('id')
              .where('name', '=', key)
              .executeTakeFirstOrThrow();
      return row.id;
    };

    beforeAll(async () => {
      t = await createTestApp(engine);
      await givenCutOver(t.ctx.db, '2026-01-01');
      c = await givenCast(t);
      policyId = await givenPolicy(t);
      // A release in flight at the cut-over, created live, going live on 3 December 2026.
      liveRelease = await givenRelease(
        t,
        policyId,
        'December 2026 SEC Release',
        'in_test',
        '2026-12-03',
      );
      const part = await givenAllocatedModification(t, 'MP601', '2026-12-03');
      await givenAllocation(t, liveRelease, part, 'whole');
      await givenNotice(t, liveRelease, '2026-10-20T10:00:00Z');
      const recorded = await call(t, c.secas, 'POST', '/api/v1/history', {
        records: [
          {
            type: 'modification',
            reference: 'MP080',
            title: 'Past modification',
            status: 'implemented',
            raisedOn: '2019-05-01',
            implementedOn: '2020-11-29',
            sourceUrl: SOURCE,
          },
          {
            type: 'release',
            name: 'November 2020 SEC Release',
            goLive: '2020-11-29',
            releaseType: 'november',
            status: 'live',
            modifications: ['MP080'],
            sourceUrl: SOURCE,
          },
          {
            type: 'rid_approval',
            release: 'November 2020 SEC Release',
            version: 1,
            approvedOn: '2020-10-16',
            publishedOn: '2020-10-19',
            sourceUrl: SOURCE,
          },
          // The RID of the release in flight was approved before the cut-over.
          {
            type: 'rid_approval',
            release: 'December 2026 SEC Release',
            version: 1,
            approvedOn: '2025-11-20',
            publishedOn: '2025-11-21',
            sourceUrl: SOURCE,
          },
          // A Path 2 modification the Change Board recommended before the cut-over.
          {
            type: 'modification',
            reference: 'MP602',
            title: 'Awaiting the Authority at the cut-over',
            path: 'path2',
            status: 'authority_decision',
            raisedOn: '2025-03-01',
            sourceUrl: SOURCE,
          },
          {
            type: 'decision',
            modification: 'MP602',
            kind: 'change_board_recommendation',
            outcome: 'approve',
            decidedOn: '2025-11-10',
            sourceUrl: SOURCE,
          },
        ],
      });
      expect(recorded.statusCode).toBe(201);
    });
    afterAll(async () => {
      await t.close();
    });

    it('Ruling 13: GET /api/v1/releases and the /releases list flag the release held outside secrel, not the live one', async () => {
      const list = await t.app.inject({ url: '/api/v1/releases' });
      expect(list.statusCode).toBe(200);
      const byName = new Map(
        list
          .json<{ name: string; heldOutsideSecrel: boolean; historySource: unknown }[]>()
          .map((r) => [r.name, r]),
      );
      expect(byName.get('November 2020 SEC Release')).toMatchObject({
        heldOutsideSecrel: true,
        historySource: { url: SOURCE },
      });
      expect(byName.get('December 2026 SEC Release')).toMatchObject({
        heldOutsideSecrel: false,
        historySource: null,
      });
      const page = await new BrowserSession(t.app).get('/releases');
      const rowOf = (name: string) =>
        page.body.slice(page.body.lastIndexOf(`>${name}</a>`)).split('</tr>')[0] ?? '';
      expect(rowOf('November 2020 SEC Release')).toContain(LABEL);
      expect(rowOf('December 2026 SEC Release')).not.toContain(LABEL);
    });

    it('Ruling 13: GET /api/v1/modifications and the register flag the modifications held outside secrel', async () => {
      const list = await t.app.inject({ url: '/api/v1/modifications', headers: bearer(c.albion) });
      expect(list.statusCode).toBe(200);
      const items = new Map(
        list
          .json<{ items: { reference: string; heldOutsideSecrel: boolean }[] }>()
          .items.map((m) => [m.reference, m.heldOutsideSecrel]),
      );
      expect([items.get('MP080'), items.get('MP602'), items.get('MP601')]).toEqual([
        true,
        true,
        false,
      ]);
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.albion.email);
      const page = await browser.get('/modifications');
      expect(page.body).toContain(LABEL);
    });

    it('Ruling 13: the RID overview (page and API) flags a version approved before the cut-over', async () => {
      const november2020 = await idOf('release', 'November 2020 SEC Release');
      const overview = await t.app.inject({ url: `/api/v1/releases/${november2020}/rid` });
      expect(overview.statusCode).toBe(200);
      expect(overview.json()).toMatchObject({
        versions: [{ number: 1, heldOutsideSecrel: true, historySource: { url: SOURCE } }],
      });
      const page = await new BrowserSession(t.app).get(`/releases/${november2020}/rid`);
      expect(page.statusCode).toBe(200);
      const versions =
        page.body.slice(page.body.indexOf('id="versions"')).split('</table>')[0] ?? '';
      expect(versions).toContain(LABEL);
      expect(versions).not.toContain('href="/meetings/null"');
    });

    it('Ruling 13, D10.8(e): a RID approved before the cut-over does not carry a go-live decision after it (rid_approval_held_outside); nothing changes', async () => {
      const meeting = await givenMeeting(t, '2026-11-26');
      const before = await t.ctx.db
        .selectFrom('release')
        .selectAll()
        .where('id', '=', liveRelease)
        .executeTakeFirstOrThrow();
      const events = await count(t, 'audit_event');
      const refused = await call(
        t,
        c.chair,
        'POST',
        `/api/v1/releases/${liveRelease}/go-live-decision`,
        {
          meetingId: meeting,
          outcome: 'go_live',
          criteria: [{ id: 'GL1', met: true, evidence: 'SIT report' }],
        },
      );
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'rid_approval_held_outside',
        field: 'decidedOn',
      });
      expect(refused.json<{ message: string }>().message).toContain('approved on 20 November 2025');
      const after = await t.ctx.db
        .selectFrom('release')
        .selectAll()
        .where('id', '=', liveRelease)
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
      const decisions = await t.ctx.db.selectFrom('go_live_decision').select('id').execute();
      expect(decisions).toEqual([]);
      const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json<{
        paths: Record<string, { post?: { responses: Record<string, { description?: string }> } }>;
      }>();
      const responses = openapi.paths['/api/v1/releases/{id}/go-live-decision']?.post?.responses;
      expect(responses?.['409']?.description).toContain('rid_approval_held_outside');
    });

    it('Ruling 13, D9: a Change Board recommendation held outside secrel does not carry the Authority’s decision after the cut-over (recommendation_held_outside); nothing changes', async () => {
      const mp602 = await idOf('modification', 'MP602');
      const before = await t.ctx.db
        .selectFrom('modification')
        .selectAll()
        .where('id', '=', mp602)
        .executeTakeFirstOrThrow();
      const events = await count(t, 'audit_event');
      const refused = await call(
        t,
        c.authority,
        'POST',
        `/api/v1/modifications/${mp602}/decisions`,
        {
          kind: 'authority_decision',
          outcome: 'approve',
          decidedOn: '2026-11-20',
        },
      );
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'recommendation_held_outside',
        field: 'decidedOn',
      });
      const after = await t.ctx.db
        .selectFrom('modification')
        .selectAll()
        .where('id', '=', mp602)
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
      const decisions = await t.ctx.db
        .selectFrom('decision')
        .select('kind')
        .where('modification_id', '=', mp602)
        .execute();
      expect(decisions).toEqual([{ kind: 'change_board_recommendation' }]);
      const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json<{
        paths: Record<string, { post?: { responses: Record<string, { description?: string }> } }>;
      }>();
      const responses = openapi.paths['/api/v1/modifications/{id}/decisions']?.post?.responses;
      expect(responses?.['409']?.description).toContain('recommendation_held_outside');
    });
  },
);

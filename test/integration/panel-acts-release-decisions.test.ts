import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, givenCutOver } from '../support/test-db.ts';
import { meetingOn } from '../support/panel-meeting.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenApprovedRid,
  givenModification,
  givenNotice,
  givenPolicy,
  givenRelease,
  ridSections,
} from '../support/release-fixtures.ts';

/** How many rows `table` holds. */
async function rows(
  t: TestApp,
  table:
    | 'release_decision'
    | 'allocation'
    | 'go_live_decision'
    | 'release_panel_decision'
    | 'panel_meeting'
    | 'audit_event',
): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

const met = (id: string) => ({
  id,
  text: `Criterion ${id}`,
  met: true,
  evidence: `Evidence ${id}`,
});

// The clock stands at Friday 27 November 2026, 10:00 UTC; the cut-over is 1 January 2026, so the
// Panel's decisions are recorded live: from the day of the meeting that took them until 5
// Working Days after it (ruling 13). A meeting before the cut-over is history.
describe.each(ENGINES)(
  'Issue 9, ruling 13: a Panel decision on a release names the meeting that took it, on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;
    let policy: number;
    let june: number;
    let december: number;
    let heldLongAgo: number;
    let heldYesterday: number;
    let notYetHeld: number;
    let history: number;

    /** Everything a refused decision must leave as it was. */
    async function snapshot() {
      return {
        counts: await Promise.all(
          (
            [
              'release_decision',
              'allocation',
              'go_live_decision',
              'release_panel_decision',
              'panel_meeting',
              'audit_event',
            ] as const
          ).map((table) => rows(t, table)),
        ),
        releases: await t.ctx.db
          .selectFrom('release')
          .select(['id', 'status', 'go_live', 'version'])
          .orderBy('id')
          .execute(),
        allocations: await t.ctx.db
          .selectFrom('allocation')
          .select(['id', 'descoped_at', 'descope_decision_id', 'implemented_at'])
          .orderBy('id')
          .execute(),
      };
    }

    /** A refused API call: its code and field, and nothing changed. */
    async function refusedApi(
      send: () => ReturnType<typeof call>,
      status: number,
      code: string,
      field: string,
    ) {
      const before = await snapshot();
      const response = await send();
      expect(response.json()).toMatchObject({ code, field });
      expect(response.statusCode).toBe(status);
      expect(await snapshot()).toEqual(before);
    }

    /** A refused page form: shown again with the error linked to `anchor`, and nothing changed. */
    async function refusedPage(
      send: () => Promise<{ statusCode: number; body: string }>,
      status: number,
      anchor: string,
    ) {
      const before = await snapshot();
      const response = await send();
      expect(response.statusCode).toBe(status);
      expect(response.body).toContain(`href="#${anchor}"`);
      expect(await snapshot()).toEqual(before);
    }

    beforeAll(async () => {
      t = await createTestApp(engine);
      await givenCutOver(t.ctx.db, '2026-01-01');
      c = await givenCast(t);
      policy = await givenPolicy(t);
      june = await givenRelease(t, policy, 'June 2027 SEC Release', 'planned', '2027-06-24');
      history = await meetingOn(t.ctx, '2025-12-12');
      heldLongAgo = await meetingOn(t.ctx, '2026-11-13');
      heldYesterday = await meetingOn(t.ctx, '2026-11-26');
      notYetHeld = await meetingOn(t.ctx, '2026-12-11');
    });
    afterAll(async () => {
      await t.close();
    });

    describe('D10.8(a), ruling 13: a late addition', () => {
      const add = (meetingId: number | undefined, modificationId: number, extra: object = {}) =>
        call(t, c.secas, 'POST', `/api/v1/releases/${june}/decisions`, {
          kind: 'late_addition',
          modificationId,
          ...(meetingId === undefined ? {} : { meetingId }),
          reasons: 'A security fix the Panel adds by exception',
          ...extra,
        });

      it('D10.8(a), ruling 13: a late addition names the Panel meeting that took it: without one, or with none such, it is refused (validation_failed on meetingId) and nothing changes', async () => {
        const m = await givenModification(t, 'MP411', 'approved');
        await refusedApi(() => add(undefined, m), 400, 'validation_failed', 'meetingId');
        await refusedApi(() => add(99999, m), 400, 'validation_failed', 'meetingId');
        // The old way, a date alone, is no Panel decision.
        await refusedApi(
          () => add(undefined, m, { decidedOn: '2026-11-26' }),
          400,
          'validation_failed',
          'meetingId',
        );
      });

      it('D10.8(a), ruling 13: a late addition at a meeting not yet held is refused (meeting_not_held); one held more than 5 Working Days ago is refused (panel_record_late); nothing changes', async () => {
        const m = await givenModification(t, 'MP412', 'approved');
        await refusedApi(() => add(notYetHeld, m), 409, 'meeting_not_held', 'meetingId');
        await refusedApi(() => add(heldLongAgo, m), 409, 'panel_record_late', 'meetingId');
      });

      it('D10.8(a), ruling 13: a late addition is dated the day of its meeting; another date is refused', async () => {
        const m = await givenModification(t, 'MP413', 'approved');
        await refusedApi(
          () => add(heldYesterday, m, { decidedOn: '2026-11-27' }),
          400,
          'validation_failed',
          'decidedOn',
        );
        const events = await rows(t, 'audit_event');
        const done = await add(heldYesterday, m);
        expect(done.statusCode).toBe(201);
        expect(done.json()).toMatchObject({
          kind: 'late_addition',
          meetingId: heldYesterday,
          decidedOn: '2026-11-26',
        });
        const id = done.json<{ id: number }>().id;
        expect(
          await t.ctx.db
            .selectFrom('release_decision')
            .select(['meeting_id', 'decided_on'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow(),
        ).toEqual({ meeting_id: heldYesterday, decided_on: '2026-11-26' });
        expect(await rows(t, 'audit_event')).toBe(events + 1);
      });

      it('Ruling 13: a late addition taken at a meeting before the cut-over is history, and is not gated by the record window', async () => {
        const m = await givenModification(t, 'MP414', 'approved');
        const done = await add(history, m);
        expect(done.statusCode).toBe(201);
        expect(done.json()).toMatchObject({ meetingId: history, decidedOn: '2025-12-12' });
      });

      it('D10.8(a), ruling 13: through the release page, the late-addition form chooses a held Panel meeting, and refuses none, one not yet held or one too long ago with nothing changed', async () => {
        const m = await givenModification(t, 'MP415', 'approved');
        const browser = new BrowserSession(t.app);
        await browser.signIn(c.chair.email);
        const page = await browser.get(`/releases/${june}`);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('id="exception-meetingId"');
        expect(page.body).not.toContain('id="exception-decidedOn"');
        const form = (meetingId: string) => ({
          modificationId: String(m),
          meetingId,
          reasons: 'A security fix the Panel adds by exception',
        });
        const post = (meetingId: string) =>
          browser.post(`/releases/${june}/decisions`, form(meetingId));
        await refusedPage(() => post(''), 400, 'exception-meetingId');
        await refusedPage(() => post(String(notYetHeld)), 409, 'exception-meetingId');
        await refusedPage(() => post(String(heldLongAgo)), 409, 'exception-meetingId');
        const done = await post(String(heldYesterday));
        expect(done.statusCode).toBe(303);
        const shown = await browser.get(`/releases/${june}`);
        expect(shown.body).toContain(`href="/meetings/${heldYesterday}"`);
      });
    });

    describe('D10.8(a), ruling 13: a de-scoping', () => {
      const descope = (allocation: number, meetingId: number | undefined, extra: object = {}) =>
        call(t, c.chair, 'POST', `/api/v1/allocations/${allocation}/descope`, {
          ...(meetingId === undefined ? {} : { meetingId }),
          reasons: 'The DCC cannot deliver it in time',
          ...extra,
        });
      const part = async (reference: string) =>
        givenAllocation(
          t,
          june,
          await givenAllocatedModification(t, reference, '2027-06-24'),
          'whole',
        );

      it('D10.8(a), ruling 13: a de-scoping names the Panel meeting that took it: without one, or with none such, it is refused (validation_failed on meetingId) and nothing changes', async () => {
        const allocation = await part('MP421');
        await refusedApi(
          () => descope(allocation, undefined),
          400,
          'validation_failed',
          'meetingId',
        );
        await refusedApi(() => descope(allocation, 99999), 400, 'validation_failed', 'meetingId');
        await refusedApi(
          () => descope(allocation, undefined, { decidedOn: '2026-11-26' }),
          400,
          'validation_failed',
          'meetingId',
        );
      });

      it('D10.8(a), ruling 13: a de-scoping at a meeting not yet held is refused (meeting_not_held); one held more than 5 Working Days ago is refused (panel_record_late); nothing changes', async () => {
        const allocation = await part('MP422');
        await refusedApi(
          () => descope(allocation, notYetHeld),
          409,
          'meeting_not_held',
          'meetingId',
        );
        await refusedApi(
          () => descope(allocation, heldLongAgo),
          409,
          'panel_record_late',
          'meetingId',
        );
      });

      it('D10.8(a), ruling 13: a de-scoping is recorded against its meeting and dated that day', async () => {
        const allocation = await part('MP423');
        const events = await rows(t, 'audit_event');
        const done = await descope(allocation, heldYesterday);
        expect(done.statusCode).toBe(200);
        const row = await t.ctx.db
          .selectFrom('allocation')
          .innerJoin('release_decision', 'release_decision.id', 'allocation.descope_decision_id')
          .select(['release_decision.meeting_id', 'release_decision.decided_on'])
          .where('allocation.id', '=', allocation)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ meeting_id: heldYesterday, decided_on: '2026-11-26' });
        expect(await rows(t, 'audit_event')).toBeGreaterThan(events);
      });

      it('D10.8(a), ruling 13: through the release page, the de-scoping form chooses a held Panel meeting, and refuses none, one not yet held or one too long ago with nothing changed', async () => {
        const allocation = await part('MP424');
        const browser = new BrowserSession(t.app);
        await browser.signIn(c.chair.email);
        const page = await browser.get(`/releases/${june}`);
        expect(page.body).toContain(`id="descope-${allocation}-meetingId"`);
        const post = (meetingId: string) =>
          browser.post(`/releases/${june}/allocations/${allocation}/descope`, {
            meetingId,
            reasons: 'The DCC cannot deliver it in time',
          });
        const anchor = `descope-${allocation}-meetingId`;
        await refusedPage(() => post(''), 400, anchor);
        await refusedPage(() => post(String(notYetHeld)), 409, anchor);
        await refusedPage(() => post(String(heldLongAgo)), 409, anchor);
        const done = await post(String(heldYesterday));
        expect(done.statusCode).toBe(303);
      });
    });

    describe('D10.8(e), ruling 13: the go-live decision', () => {
      beforeAll(async () => {
        // Going live 3 December 2026: the Policy's go-live decision window opened on 26 November.
        december = await givenRelease(
          t,
          policy,
          'December 2026 SEC Release',
          'in_test',
          '2026-12-03',
        );
        await givenAllocation(
          t,
          december,
          await givenAllocatedModification(t, 'MP431', '2026-12-03'),
          'whole',
        );
        await givenApprovedRid(
          t,
          december,
          ridSections({ goLiveCriteria: [{ id: 'GL1', text: 'Criterion GL1' }] }),
        );
        await givenNotice(t, december, '2026-10-20T10:00:00Z');
      });
      const goLive = (meetingId: number | undefined, extra: object = {}) =>
        call(t, c.chair, 'POST', `/api/v1/releases/${december}/go-live-decision`, {
          ...(meetingId === undefined ? {} : { meetingId }),
          outcome: 'go_live',
          criteria: [met('GL1')],
          reasons: 'Testing complete',
          ...extra,
        });

      it('D10.8(e), ruling 13: a go-live decision names the Panel meeting that took it: without one, or with none such, it is refused (validation_failed on meetingId) and nothing changes', async () => {
        await refusedApi(() => goLive(undefined), 400, 'validation_failed', 'meetingId');
        await refusedApi(() => goLive(99999), 400, 'validation_failed', 'meetingId');
        await refusedApi(
          () => goLive(undefined, { decidedOn: '2026-11-26' }),
          400,
          'validation_failed',
          'meetingId',
        );
      });

      it('D10.8(e), ruling 13: a go-live decision at a meeting not yet held is refused (meeting_not_held); one held more than 5 Working Days ago is refused (panel_record_late); nothing changes', async () => {
        await refusedApi(() => goLive(notYetHeld), 409, 'meeting_not_held', 'meetingId');
        await refusedApi(() => goLive(heldLongAgo), 409, 'panel_record_late', 'meetingId');
      });

      it('D10.8(e), ruling 13: through the go-live page, the decision chooses a held Panel meeting, and is refused with none, one not yet held or one too long ago, nothing changed; then recorded, dated the meeting’s day', async () => {
        const browser = new BrowserSession(t.app);
        await browser.signIn(c.chair.email);
        const page = await browser.get(`/releases/${december}/go-live`);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('id="golive-meetingId"');
        expect(page.body).not.toContain('id="golive-decidedOn"');
        const version = String(
          (
            await t.ctx.db
              .selectFrom('release')
              .select('version')
              .where('id', '=', december)
              .executeTakeFirstOrThrow()
          ).version,
        );
        const post = (meetingId: string) =>
          browser.post(`/releases/${december}/go-live`, {
            version,
            meetingId,
            criterion1Id: 'GL1',
            criterion1Text: 'Criterion GL1',
            criterion1Met: 'yes',
            criterion1Evidence: 'Evidence GL1',
            outcome: 'go_live',
            reasons: 'Testing complete',
          });
        await refusedPage(() => post(''), 400, 'golive-meetingId');
        await refusedPage(() => post(String(notYetHeld)), 409, 'golive-meetingId');
        await refusedPage(() => post(String(heldLongAgo)), 409, 'golive-meetingId');
        const done = await post(String(heldYesterday));
        expect(done.statusCode).toBe(303);
        expect(
          await t.ctx.db
            .selectFrom('go_live_decision')
            .select(['meeting_id', 'decided_on'])
            .where('release_id', '=', december)
            .executeTakeFirstOrThrow(),
        ).toEqual({ meeting_id: heldYesterday, decided_on: '2026-11-26' });
      });
    });
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  auditEvents,
  givenCast,
  givenMeetings,
  givenModification,
  homeOf,
  type Cast,
  type Placement,
} from '../support/implementation-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)(
  'Appeals and judicial review of the Authority’s approval (D10.6) on %s',
  (engine) => {
    let t: TestApp;
    let cast: Cast;
    let meetings: Record<string, number>;
    let mod: { id: number; reference: string };
    let challengeId: number;
    const outstanding = () => `Ask the Authority for a new timetable for ${mod.reference}`;

    const as = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(t)(...args);

    beforeAll(async () => {
      t = await createTestApp(engine);
      cast = await givenCast(t.ctx);
      meetings = await givenMeetings(t, cast.secas, ['2026-12-11']);
      mod = await givenModification(t.ctx, {
        path: 'path2',
        status: 'approved',
        approvedOn: '2026-11-10',
        approvedBy: 'authority',
        implementationDate: '2027-02-25',
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('D10.6: a challenge to a Change Board approval is refused: only the Authority’s approval is appealed here', async () => {
      const m = await givenModification(t.ctx, {
        path: 'path3',
        status: 'approved',
        approvedOn: '2026-11-02',
        approvedBy: 'change_board',
      });
      const response = await as(cast.secas, 'POST', `/api/v1/modifications/${m.id}/challenges`, {
        kind: 'appeal_s173',
        lodgedOn: '2026-11-20',
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'decision_not_allowed' });
      expect(await t.ctx.db.selectFrom('legal_challenge').select('id').execute()).toHaveLength(0);
    });

    it.each([
      [{ kind: 'appeal', lodgedOn: '2026-11-20' }, 'kind'],
      [{ kind: 'appeal_s173', lodgedOn: '2026-11-28' }, 'lodgedOn'],
      [{ kind: 'judicial_review', lodgedOn: '2026-11-09' }, 'lodgedOn'],
    ])('D10.6: a challenge %j is refused naming %s', async (body, field) => {
      const response = await as(
        cast.secas,
        'POST',
        `/api/v1/modifications/${mod.id}/challenges`,
        body,
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', field });
    });

    it('D10.6: recording an appeal opens the Panel’s decision on delay, on the next meeting’s agenda', async () => {
      const url = `/api/v1/modifications/${mod.id}/challenges`;
      expect(
        (await as(cast.party, 'POST', url, { kind: 'appeal_s173', lodgedOn: '2026-11-20' }))
          .statusCode,
      ).toBe(403);
      const recorded = await as(cast.authority, 'POST', url, {
        kind: 'appeal_s173',
        lodgedOn: '2026-11-20',
        details: 'Appeal to the CMA by a Large Supplier Party',
      });
      expect(recorded.statusCode).toBe(201);
      const body = recorded.json<{
        challenge: { id: number; delayAppropriate: boolean | null };
        placement: Placement;
      }>();
      challengeId = body.challenge.id;
      expect(body.challenge.delayAppropriate).toBeNull();
      expect(body.placement).toMatchObject({ meetingId: meetings['2026-12-11'], latePaper: false });
      const item = await t.ctx.db
        .selectFrom('agenda_item')
        .selectAll()
        .where('modification_id', '=', mod.id)
        .executeTakeFirstOrThrow();
      expect(item).toMatchObject({ kind: 'delay_decision', meeting_id: meetings['2026-12-11'] });
      expect(await auditEvents(t.ctx, 'legal_challenge.recorded')).toHaveLength(1);
    });

    it('D10.6: the Panel decides delay is appropriate → the request is outstanding on the home pages and the implementation record', async () => {
      const url = `/api/v1/challenges/${challengeId}/delay-decision`;
      expect((await as(cast.party, 'POST', url, { delayAppropriate: true })).statusCode).toBe(403);
      const decided = await as(cast.chair, 'POST', url, {
        delayAppropriate: true,
        reason: 'Implementation would be hard to reverse',
      });
      expect(decided.statusCode).toBe(200);
      expect(decided.json()).toMatchObject({
        delayAppropriate: true,
        requestMade: false,
        requestOutstanding: true,
      });
      const [event] = await auditEvents(t.ctx, 'legal_challenge.delay_decided');
      expect(event?.reason).toBe('Implementation would be hard to reverse');
      const again = await as(cast.chair, 'POST', url, { delayAppropriate: false });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'decision_not_allowed' });

      expect(await homeOf(t, cast.chair)).toContain(outstanding());
      expect(await homeOf(t, cast.secas)).toContain(outstanding());
      expect(await homeOf(t, cast.party)).not.toContain(outstanding());
      const record = await as(cast.party, 'GET', `/api/v1/modifications/${mod.id}/implementation`);
      expect(record.json()).toMatchObject({
        challenges: [{ id: challengeId, requestOutstanding: true }],
      });
    });

    it('D10.6: closing the meeting is refused with delay_request_required until the request linked to the challenge is made', async () => {
      t.clock.set('2026-12-11T16:00:00Z');
      const meeting = meetings['2026-12-11'] ?? 0;
      const refused = await as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/close`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'delay_request_required' });
      expect(refused.json<{ message: string }>().message).toContain(mod.reference);
      const detail = await as(cast.member, 'GET', `/api/v1/meetings/${meeting}`);
      expect(detail.json()).toMatchObject({
        closingProblems: [{ code: 'delay_request_required' }],
      });

      const request = await as(
        cast.chair,
        'POST',
        `/api/v1/modifications/${mod.id}/authority-requests`,
        {
          reason: 'The Panel considers delay appropriate while the appeal is heard',
          challengeId,
        },
      );
      expect(request.statusCode).toBe(201);
      expect(request.json()).toMatchObject({ challengeId, status: 'pending' });
      const closed = await as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/close`, {});
      expect(closed.statusCode).toBe(200);
      t.clock.set('2026-11-27T10:00:00Z');
      expect(await homeOf(t, cast.chair)).not.toContain(outstanding());
      expect(await homeOf(t, cast.authority)).toContain(
        `The Panel asks for a new implementation timetable for ${mod.reference}`,
      );
    });

    it('D10.6: a challenge recorded when no meeting is scheduled waits for the next one', async () => {
      const judicial = await as(cast.secas, 'POST', `/api/v1/modifications/${mod.id}/challenges`, {
        kind: 'judicial_review',
        lodgedOn: '2026-11-25',
      });
      expect(judicial.json()).toMatchObject({ placement: null });
      const created = await as(cast.secas, 'POST', '/api/v1/meetings', {
        heldOn: '2027-01-08',
        kind: 'ordinary',
      });
      // The challenge, and the two approvals this file's fixtures wrote directly (never placed).
      expect(created.json<{ placements: Placement[] }>().placements.map((p) => p.heldOn)).toEqual([
        '2027-01-08',
        '2027-01-08',
        '2027-01-08',
      ]);
      const items = await t.ctx.db
        .selectFrom('agenda_item')
        .selectAll()
        .where('modification_id', '=', mod.id)
        .where('kind', '=', 'delay_decision')
        .orderBy('id')
        .execute();
      expect(items.map((i) => [i.kind, i.meeting_id])).toEqual([
        ['delay_decision', meetings['2026-12-11']],
        ['delay_decision', created.json<{ meeting: { id: number } }>().meeting.id],
      ]);
    });
  },
);

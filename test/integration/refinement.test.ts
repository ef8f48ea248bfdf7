import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/calendar/index.ts';
import { calendarFor } from '../../src/modules/calendar/calendar.queries.ts';
import { PURPOSE_LETTERS } from '../../src/modules/refinement/refinement.ts';
import {
  SECTION_G_REASON,
  givenModification,
  setUpRefinement,
  type RefinementFixture,
} from '../support/refinement-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';

describe.each(ENGINES)(
  'refinement (D6.8): checklist, DCC testing and completion on %s',
  (engine) => {
    let f: RefinementFixture;

    beforeAll(async () => {
      f = await setUpRefinement(engine);
    });
    afterAll(async () => {
      await f.t.close();
    });

    it('D6.8(g) the API computes the Security Sub-Committee as mandatory for a change to Section G, with the reason', async () => {
      const { t, secas, party, call } = f;
      const m = await givenModification(t.ctx, ['section-g', 'section-d']);
      const response = await call(party, 'GET', `/api/v1/modifications/${m.id}/refinement`);
      expect(response.statusCode).toBe(200);
      const body = response.json<{
        items: { purpose: string; status: string; version: number }[];
        consultations: {
          body: string;
          mandatory: boolean;
          reasons: string[];
          requested: boolean;
        }[];
        documents: { label: string }[];
        blockers: { code: string }[];
      }>();
      expect(body.items.map((item) => [item.purpose, item.status, item.version])).toEqual(
        PURPOSE_LETTERS.map((letter) => [letter, 'not_started', 1]),
      );
      expect(body.documents.map((d) => d.label)).toEqual(['Section D', 'Section G']);
      expect(body.consultations).toEqual([
        expect.objectContaining({ body: 'tabasc', mandatory: false, reasons: [] }),
        expect.objectContaining({
          body: 'security_sub_committee',
          mandatory: true,
          reasons: [SECTION_G_REASON],
          requested: false,
        }),
        expect.objectContaining({ body: 'smki_pma', mandatory: false }),
        expect.objectContaining({ body: 'alt_han_forum', mandatory: false }),
      ]);
      expect(body.blockers.map((b) => b.code)).toEqual([
        'refinement_incomplete',
        'refinement_incomplete',
        'mandatory_view_not_sought',
      ]);
      // Reading creates nothing: the checklist rows appear when first needed.
      expect(
        await t.ctx.db
          .selectFrom('refinement_item')
          .selectAll()
          .where('modification_id', '=', m.id)
          .execute(),
      ).toEqual([]);
      expect((await call(null, 'GET', `/api/v1/modifications/${m.id}/refinement`)).statusCode).toBe(
        401,
      );
      expect((await call(secas, 'GET', '/api/v1/modifications/999999/refinement')).statusCode).toBe(
        404,
      );
    });

    it('D6.8(a)–(l) completion is refused while purposes are open, naming them, and nothing changes', async () => {
      const { t, secas, statusOf, eventsOf, concludeAll, setTesting, complete } = f;
      const m = await givenModification(t.ctx, ['section-d']);
      await concludeAll(m.id, ['e', 'k']);
      expect((await setTesting(secas, m.id, false)).statusCode).toBe(200);
      const before = await statusOf(m.id);
      const eventsBefore = (await eventsOf(m.id)).length;
      const response = await complete(secas, m.id);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({
        code: 'refinement_incomplete',
        message: 'Refinement cannot complete: purposes (e), (k) have no conclusion',
      });
      expect(await statusOf(m.id)).toEqual(before);
      expect((await eventsOf(m.id)).length).toBe(eventsBefore);
    });

    it('D6.8(g) completion is refused while the Security Sub-Committee view is not sought, and nothing changes', async () => {
      const { t, secas, chair, statusOf, eventsOf, concludeAll, setTesting, complete } = f;
      const m = await givenModification(t.ctx, ['section-g']);
      await concludeAll(m.id);
      expect((await setTesting(secas, m.id, false)).statusCode).toBe(200);
      const eventsBefore = (await eventsOf(m.id)).length;
      const response = await complete(chair, m.id);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'mandatory_view_not_sought' });
      expect(response.json<{ message: string }>().message).toContain(
        `the Security Sub-Committee must be sought under D6.8(g): ${SECTION_G_REASON}`,
      );
      expect((await statusOf(m.id)).status).toBe('refinement');
      expect((await eventsOf(m.id)).length).toBe(eventsBefore);
    });

    it('D6.8 after all twelve conclusions, the mandatory view requested and the testing solution recorded, refinement completes to the Report Phase', async () => {
      const {
        t,
        secas,
        dcc,
        sscMember,
        call,
        statusOf,
        eventsOf,
        concludeAll,
        setTesting,
        complete,
      } = f;
      const m = await givenModification(t.ctx, ['section-g']);
      await concludeAll(m.id);
      expect((await setTesting(secas, m.id, true)).statusCode).toBe(200);
      const noSolution = await complete(secas, m.id);
      expect(noSolution.statusCode).toBe(409);
      expect(noSolution.json()).toMatchObject({ code: 'testing_solution_required' });

      // D6.8(e): the DCC proposes the testing solution, but may not change whether testing is required.
      const refusedChange = await setTesting(dcc, m.id, false, 'none');
      expect(refusedChange.statusCode).toBe(403);
      const solution = 'DCC System Integration Testing and regression testing in the release';
      const recorded = await setTesting(dcc, m.id, true, solution);
      expect(recorded.statusCode).toBe(200);
      expect(recorded.json()).toMatchObject({ required: true, testingSolution: solution });

      const requested = await call(
        secas,
        'POST',
        `/api/v1/modifications/${m.id}/refinement/view-requests`,
        { body: 'security_sub_committee' },
      );
      expect(requested.statusCode).toBe(201);
      const calendar = await calendarFor(t.ctx);
      expect(requested.json()).toMatchObject({
        body: 'security_sub_committee',
        mandatory: true,
        reasons: [SECTION_G_REASON],
        respondBy: addWorkingDays(calendar, '2026-11-27', 15),
        response: null,
      });
      const again = await call(
        secas,
        'POST',
        `/api/v1/modifications/${m.id}/refinement/view-requests`,
        { body: 'security_sub_committee' },
      );
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'already_exists', field: 'body' });
      const mail = await t.ctx.db
        .selectFrom('outbox_message')
        .selectAll()
        .where('to_address', '=', sscMember.email)
        .execute();
      expect(mail.map((message) => message.subject)).toContain(
        `Views requested: ${m.reference} ${m.title}`,
      );

      const response = await complete(secas, m.id);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'report_phase' });
      expect((await statusOf(m.id)).status).toBe('report_phase');
      const actions = (await eventsOf(m.id)).map((event) => event.action);
      expect(actions.filter((a) => a === 'refinement.concluded')).toHaveLength(12);
      expect(actions).toContain('refinement.dcc_testing_set');
      expect(actions).toContain('refinement.view_requested');
      expect(actions.slice(-2)).toEqual(['refinement.completed', 'modification.status_changed']);
      const moved = (await eventsOf(m.id)).at(-1);
      expect(moved).toMatchObject({
        actor_id: secas.id,
        before: { status: 'refinement' },
        after: { status: 'report_phase', cause: 'progress' },
      });

      // Refinement has closed: conclusions and requests are refused and change nothing.
      const late = await call(secas, 'PUT', `/api/v1/modifications/${m.id}/refinement/items/a`, {
        conclusion: 'Too late',
        version: 2,
      });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'invalid_transition' });
    });

    it('D6.8(a)–(l) a Party may not record a conclusion (403) and nothing changes; a stale item version is refused (409)', async () => {
      const { t, secas, chair, party, call, eventsOf } = f;
      const m = await givenModification(t.ctx, ['section-d']);
      const url = `/api/v1/modifications/${m.id}/refinement/items/a`;
      const refused = await call(party, 'PUT', url, { conclusion: 'We like it', version: 1 });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden' });
      expect(
        await t.ctx.db
          .selectFrom('refinement_item')
          .selectAll()
          .where('modification_id', '=', m.id)
          .execute(),
      ).toEqual([]);
      expect(await eventsOf(m.id)).toEqual([]);

      const first = await call(secas, 'PUT', url, {
        conclusion: 'Affects Large and Small Suppliers',
        version: 1,
      });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ purpose: 'a', status: 'completed', version: 2 });
      const stale = await call(chair, 'PUT', url, { conclusion: 'Affects nobody', version: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ code: 'stale_version', field: 'version' });
      const item = await t.ctx.db
        .selectFrom('refinement_item')
        .selectAll()
        .where('modification_id', '=', m.id)
        .where('purpose', '=', 'a')
        .executeTakeFirstOrThrow();
      expect(item).toMatchObject({
        conclusion: 'Affects Large and Small Suppliers',
        concluded_by: secas.id,
        version: 2,
      });
      const concluded = (await eventsOf(m.id)).filter((e) => e.action === 'refinement.concluded');
      expect(concluded).toHaveLength(1);
      expect(concluded[0]).toMatchObject({
        before: { purpose: 'a', conclusion: null },
        after: { purpose: 'a', conclusion: 'Affects Large and Small Suppliers' },
      });
      expect(
        await t.ctx.db
          .selectFrom('refinement_item')
          .select('purpose')
          .where('modification_id', '=', m.id)
          .execute(),
      ).toHaveLength(12);
    });

    it('Bad input is refused with 400 naming the field, never a 500, and changes nothing', async () => {
      const { t, secas, call, eventsOf } = f;
      const m = await givenModification(t.ctx, ['section-d']);
      const base = `/api/v1/modifications/${m.id}/refinement`;
      for (const [method, url, payload, field] of [
        ['PUT', `${base}/items/z`, { conclusion: 'x', version: 1 }, 'purpose'],
        ['PUT', `${base}/items/a`, { conclusion: '   ', version: 1 }, 'conclusion'],
        ['PUT', `${base}/items/a`, { conclusion: 'x' }, 'version'],
        ['PUT', `${base}/dcc-testing`, { required: 'maybe', version: 1 }, 'required'],
        ['POST', `${base}/view-requests`, { body: 'change_board' }, 'body'],
        ['POST', `${base}/view-requests`, { body: 'tabasc', respondBy: '2027-02-30' }, 'respondBy'],
        ['POST', `${base}/view-requests`, { body: 'tabasc', respondBy: '2026-11-26' }, 'respondBy'],
        ['POST', `${base}/notifications`, { body: 'panel' }, 'body'],
      ] as const) {
        const response = await call(secas, method, url, payload);
        expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
        expect(response.json()).toMatchObject({ code: 'validation_failed', field });
      }
      expect(await eventsOf(m.id)).toEqual([]);
      expect(
        await t.ctx.db
          .selectFrom('view_request')
          .selectAll()
          .where('modification_id', '=', m.id)
          .execute(),
      ).toEqual([]);
    });
  },
);

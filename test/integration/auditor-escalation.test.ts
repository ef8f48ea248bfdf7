import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditorAccessAttention } from '../../src/modules/auditor/auditor.attention.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenAuditorCast, mailTo, releaseEvents, type AuditorCast } from './auditor-fixtures.ts';
import { call, count } from './modification-fixtures.ts';

const ESCALATED =
  'June 2027 SEC Release: the DCC has refused the external auditor’s request for access to a test laboratory';
const HOME_ITEM =
  'June 2027 SEC Release: the DCC refused the external auditor’s request for access to a test laboratory';

describe.each(ENGINES)(
  'D10.11: a refused access request is escalated to the Panel on %s',
  (engine) => {
    let t: TestApp;
    let c: AuditorCast;

    const requests = `/api/v1/auditor/releases/`;
    const outboxCount = async () =>
      (await t.ctx.db.selectFrom('outbox_message').select('id').execute()).length;
    const attentionOf = async (user: TestUser) => {
      const principal = await loadPrincipal(t.ctx.db, user.id, 'token', null);
      if (!principal) throw new Error('no principal');
      return (await auditorAccessAttention(t.ctx, principal)).map((i) => i.title);
    };

    /** The auditor asks for access of `kind`; returns the request's answer URL and version. */
    async function asked(kind: string, detail: string) {
      const made = await call(t, c.auditor, 'POST', `${requests}${c.audited}/access-requests`, {
        kind,
        detail,
        wantedOn: '2027-01-12',
      });
      expect(made.statusCode).toBe(201);
      const { id, version } = made.json<{ id: number; version: number }>();
      return {
        id,
        version,
        url: `/api/v1/releases/${c.audited}/auditor/access-requests/${id}/answer`,
      };
    }

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenAuditorCast(t);
      const appointed = await call(
        t,
        c.secas,
        'POST',
        `/api/v1/releases/${c.audited}/auditor/appointments`,
        {
          appointedBy: 'panel',
          organisationId: c.firm,
          termsOfReference: 'Monitor the DCC’s implementation plans, progress and testing.',
        },
      );
      const { id, version } = appointed.json<{ id: number; version: number }>();
      const approved = await call(
        t,
        c.chair,
        'POST',
        `/api/v1/releases/${c.audited}/auditor/appointments/${id}/approval`,
        { approvedOn: '2026-11-26', version },
      );
      expect(approved.statusCode).toBe(200);
    });
    afterAll(async () => {
      await t.close();
    });

    it('D10.11: a refusal without a reason is refused, and nothing is escalated: no e-mail, no event, no home item', async () => {
      const request = await asked('test_laboratory', 'Visit the Runcorn test laboratory');
      const events = await count(t, 'audit_event');
      const mails = await outboxCount();
      const refused = await call(t, c.dcc, 'POST', request.url, {
        outcome: 'refused',
        answer: '  ',
        version: request.version,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'answer' });
      expect(await count(t, 'audit_event')).toBe(events);
      expect(await outboxCount()).toBe(mails);
      expect(await attentionOf(c.chair)).toEqual([]);
      const row = await t.ctx.db
        .selectFrom('auditor_access_request')
        .select(['status', 'answer'])
        .where('id', '=', request.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'open', answer: null });
    });

    it('D10.11: the e-mails to the Panel are in the same transaction as the refusal: if they cannot be queued, the refusal is not recorded', async () => {
      const [open] = await t.ctx.db
        .selectFrom('auditor_access_request')
        .select(['id', 'version'])
        .where('status', '=', 'open')
        .execute();
      if (!open) throw new Error('no open request');
      const url = `/api/v1/releases/${c.audited}/auditor/access-requests/${open.id}/answer`;
      await sql`CREATE FUNCTION refuse_escalation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.subject LIKE '%has refused the external auditor%' THEN
          RAISE EXCEPTION 'the outbox is unavailable';
        END IF;
        RETURN NEW;
      END $$`.execute(t.ctx.db);
      await sql`CREATE TRIGGER refuse_escalation BEFORE INSERT ON outbox_message
      FOR EACH ROW EXECUTE FUNCTION refuse_escalation()`.execute(t.ctx.db);
      const events = await count(t, 'audit_event');
      const mails = await outboxCount();
      try {
        const failed = await call(t, c.dcc, 'POST', url, {
          outcome: 'refused',
          answer: 'The laboratory is closed for maintenance.',
          version: open.version,
        });
        expect(failed.statusCode).toBe(500);
      } finally {
        await sql`DROP TRIGGER refuse_escalation ON outbox_message`.execute(t.ctx.db);
        await sql`DROP FUNCTION refuse_escalation()`.execute(t.ctx.db);
      }
      expect(await count(t, 'audit_event')).toBe(events);
      expect(await outboxCount()).toBe(mails);
      const row = await t.ctx.db
        .selectFrom('auditor_access_request')
        .select(['status', 'version'])
        .where('id', '=', open.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'open', version: open.version });
    });

    it('D10.11: the DCC’s refusal is escalated to the Panel: the Panel Chair, the members and SECAS are e-mailed and see it on their home page; others are not', async () => {
      const [open] = await t.ctx.db
        .selectFrom('auditor_access_request')
        .select(['id', 'version'])
        .where('status', '=', 'open')
        .execute();
      if (!open) throw new Error('no open request');
      const url = `/api/v1/releases/${c.audited}/auditor/access-requests/${open.id}/answer`;
      const refused = await call(t, c.dcc, 'POST', url, {
        outcome: 'refused',
        answer: 'The laboratory is closed for maintenance.',
        version: open.version,
      });
      expect(refused.statusCode).toBe(200);
      expect(refused.json()).toMatchObject({ status: 'refused' });

      const answered = await releaseEvents(t, c.audited, 'auditor.access_answered');
      expect(answered.map((e) => e.after)).toEqual([
        expect.objectContaining({
          request_id: open.id,
          status: 'refused',
          escalated_to_panel: true,
        }),
      ]);
      for (const person of [c.chair, c.member, c.secas]) {
        const mail = await mailTo(t, person.email);
        expect(mail.map((m) => m.subject)).toEqual([ESCALATED]);
        expect(mail[0]?.body_text).toContain('Harbour & Finch LLP');
        expect(mail[0]?.body_text).toContain(
          "The DCC's reason: The laboratory is closed for maintenance.",
        );
        expect(mail[0]?.body_text).toContain(
          `/releases/${c.audited}/auditor#access-request-${open.id}`,
        );
      }
      for (const person of [c.albion, c.authority, c.dcc, c.auditor])
        expect((await mailTo(t, person.email)).map((m) => m.subject)).not.toContain(ESCALATED);
      // The auditor is told of the answer, as before.
      expect((await mailTo(t, c.auditor.email)).map((m) => m.subject)).toContain(
        'June 2027 SEC Release: the DCC has refused your request for access to a test laboratory',
      );

      for (const person of [c.chair, c.member, c.secas])
        expect(await attentionOf(person)).toEqual([HOME_ITEM]);
      for (const person of [c.albion, c.authority, c.dcc, c.auditor])
        expect(await attentionOf(person)).not.toContain(HOME_ITEM);
      const home = await call(t, c.chair, 'GET', '/home');
      expect(home.body).toContain(`/releases/${c.audited}/auditor#access-request-${open.id}`);
      const page = await call(t, c.chair, 'GET', `/releases/${c.audited}/auditor`);
      expect(page.body).toContain('A refusal is escalated to the Panel (D10.11).');
    });

    it('D10.11: a grant escalates nothing, and the escalation leaves the home pages once the DCC grants a later request of the same kind', async () => {
      const last = await t.ctx.db
        .selectFrom('outbox_message')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      const request = await asked(
        'test_laboratory',
        'Visit the Runcorn test laboratory after maintenance',
      );
      const granted = await call(t, c.dcc, 'POST', request.url, {
        outcome: 'granted',
        answer: 'Lab 2, Runcorn',
        arrangedOn: '2027-01-12',
        version: request.version,
      });
      expect(granted.statusCode).toBe(200);
      for (const person of [c.chair, c.member, c.secas])
        expect((await mailTo(t, person.email)).map((m) => m.subject)).toEqual([ESCALATED]);
      // The DCC is told of the request and the firm of the answer: the Panel is told nothing.
      const queued = await t.ctx.db
        .selectFrom('outbox_message')
        .select('to_address')
        .where('id', '>', last.id)
        .execute();
      expect(queued.map((m) => m.to_address).sort()).toEqual(
        [c.auditor.email, c.colleague.email, c.dcc.email].sort(),
      );
      const events = await releaseEvents(t, c.audited, 'auditor.access_answered');
      expect(events.at(-1)?.after).toMatchObject({ status: 'granted', escalated_to_panel: false });
      expect(await attentionOf(c.chair)).toEqual([]);
    });
  },
);

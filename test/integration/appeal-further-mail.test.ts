/**
 * D10.17 "without prejudice to section 173 of the Energy Act 2004": recording a further appeal
 * to the Competition and Markets Authority, and its outcome, e-mails the appellant's people,
 * SECAS and the Authority through the outbox, in the transaction that records it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';
import {
  countRows,
  givenAppealCast,
  givenAppealRelease,
  type AppealCast,
} from './appeal-fixtures.ts';
import { call } from './modification-fixtures.ts';

describe.each(ENGINES)('D10.17: the further appeal to the CMA is e-mailed on %s', (engine) => {
  let t: TestApp;
  let c: AppealCast;
  let appealId: number;

  const mailOf = (step: string) =>
    t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'body_text'])
      .where('dedupe_key', 'like', `appeal:${appealId}:further-${step}:%`)
      .orderBy('to_address')
      .execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAppealCast(t);
    const releaseId = await givenAppealRelease(t, 'CMA release');
    await givenRidVersion(t, releaseId, 1, { publishedAt: '2027-01-04T10:00:00Z' });
    t.clock.set('2027-01-05T10:00:00Z');
    const lodged = await call(
      t,
      c.albion,
      'POST',
      `/api/v1/releases/${releaseId}/rid/versions/1/appeals`,
      {
        reasons: 'Section (e) gives Users too little time for User testing.',
      },
    );
    expect(lodged.statusCode).toBe(201);
    appealId = lodged.json<{ id: number }>().id;
    t.clock.set('2027-01-20T10:00:00Z');
    const decided = await call(
      t,
      c.authority,
      'POST',
      `/api/v1/appeals/${appealId}/determination`,
      {
        outcome: 'dismissed',
        determination: 'The Panel consulted properly.',
      },
    );
    expect(decided.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.17, s.173 Energy Act 2004: recording a further appeal e-mails the appellant, SECAS and the Authority, once each', async () => {
    t.clock.set('2027-02-01T10:00:00Z');
    const outbox = await countRows(t, 'outbox_message');
    const recorded = await call(t, c.secas, 'POST', `/api/v1/appeals/${appealId}/further-appeal`, {
      appellant: 'Albion Power Ltd',
      details: 'Appeal to the CMA against the Authority’s determination, CMA reference ENA/1/2027.',
    });
    expect(recorded.statusCode).toBe(201);
    const mails = await mailOf('recorded');
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      [c.albion.email, c.secas.email, c.authority.email].sort(),
    );
    expect(await countRows(t, 'outbox_message')).toBe(outbox + 3);
    for (const m of mails) {
      expect(m.subject).toContain('Further appeal to the Competition and Markets Authority');
      expect(m.body_text).toContain('section 173 of the Energy Act 2004');
      expect(m.body_text).toContain('CMA reference ENA/1/2027');
      expect(m.body_text).toContain('1 February 2027');
      expect(m.body_text).toContain(`/appeals/${appealId}`);
      expect(m.body_text).not.toMatch(/\bfinal\b/i);
    }
  });

  it('D10.17: a refused further appeal (a second one) sends nothing and records nothing', async () => {
    const outbox = await countRows(t, 'outbox_message');
    const events = await countRows(t, 'audit_event');
    const again = await call(t, c.secas, 'POST', `/api/v1/appeals/${appealId}/further-appeal`, {
      appellant: 'Albion Power Ltd',
      details: 'A second try.',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('further_appeal_exists');
    expect(await countRows(t, 'outbox_message')).toBe(outbox);
    expect(await countRows(t, 'audit_event')).toBe(events);
  });

  it('D10.17, s.173 Energy Act 2004: the CMA’s outcome is e-mailed to the same people', async () => {
    t.clock.set('2027-06-01T10:00:00Z');
    const decided = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/appeals/${appealId}/further-appeal/outcome`,
      {
        outcome: 'dismissed',
        outcomeText: 'The CMA dismissed the appeal on all grounds.',
      },
    );
    expect(decided.statusCode).toBe(200);
    const mails = await mailOf('decided');
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      [c.albion.email, c.secas.email, c.authority.email].sort(),
    );
    for (const m of mails) {
      expect(m.subject).toMatch(/^The Competition and Markets Authority has decided/);
      expect(m.body_text).toContain('Dismissed: the Authority’s decision stands, on 1 June 2027');
      expect(m.body_text).toContain('The CMA dismissed the appeal on all grounds.');
    }
  });
});

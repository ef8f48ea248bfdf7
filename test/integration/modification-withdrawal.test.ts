import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  auditOf,
  call,
  count,
  givenCast,
  givenCatalogue,
  modificationRow,
  raised,
  type Cast,
} from './modification-fixtures.ts';

describe.each(ENGINES)('withdrawal and adoption of modifications on %s', (engine) => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    await givenCatalogue(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const progress = (id: number, body: Record<string, unknown>, user = c.secas) =>
    call(t, user, 'POST', `/api/v1/modifications/${id}/progress`, body);

  it('Withdrawal: withdrawn on Wed 9 Jun 2021, the adoption window closes at 2021-06-23T23:59:59+01:00 (the MP117 precedent)', async () => {
    t.clock.set('2021-06-09T10:00:00Z');
    const id = await raised(t, c.albion, {
      reference: 'MP304',
      title: 'Bulk CH returns (withdrawn)',
      path: 'path2',
    });
    await progress(id, { to: 'refinement', reason: 'Working Group', version: 1 });
    const byOther = await call(t, c.northwind, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'Not mine',
      version: 2,
    });
    expect(byOther.statusCode).toBe(403);
    const response = await call(t, c.albion, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'The proposer no longer needs it',
      version: 2,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'withdrawn',
      version: 3,
      adoptionDeadline: '2021-06-23T23:59:59+01:00',
    });
    const row = await modificationRow(t, id);
    expect(row).toMatchObject({ status: 'withdrawn', status_before_withdrawal: 'refinement' });
    expect(row.adoption_deadline?.toISOString()).toBe('2021-06-23T22:59:59.000Z');
    expect(row.withdrawn_at?.toISOString()).toBe('2021-06-09T10:00:00.000Z');
    const event = (await auditOf(t, id)).at(-1);
    expect(event).toMatchObject({
      action: 'modification.status_changed',
      actor_id: c.albion.id,
      reason: 'The proposer no longer needs it',
    });
    expect(event?.after).toMatchObject({
      status: 'withdrawn',
      cause: 'withdrawal',
      status_before_withdrawal: 'refinement',
    });

    t.clock.set('2021-06-23T15:00:00Z');
    const own = await call(t, c.albion, 'POST', `/api/v1/modifications/${id}/adopt`, {
      version: 3,
    });
    expect(own.statusCode).toBe(403);
    expect(await modificationRow(t, id)).toMatchObject({ status: 'withdrawn', version: 3 });
    const adopted = await call(t, c.northwind, 'POST', `/api/v1/modifications/${id}/adopt`, {
      reason: 'Northwind needs the change',
      version: 3,
    });
    expect(adopted.statusCode).toBe(200);
    expect(adopted.json()).toMatchObject({ status: 'refinement', version: 4 });
    expect(await modificationRow(t, id)).toMatchObject({
      status: 'refinement',
      proposer_org_id: c.northwindOrg,
      status_before_withdrawal: null,
      adoption_deadline: null,
      withdrawn_at: null,
    });
    const adoption = (await auditOf(t, id)).at(-1);
    expect(adoption).toMatchObject({
      action: 'modification.adopted',
      actor_id: c.northwind.id,
      reason: 'Northwind needs the change',
    });
    expect(adoption?.before).toMatchObject({ status: 'withdrawn', proposerOrgId: c.albionOrg });
    expect(adoption?.after).toEqual({
      status: 'refinement',
      proposerOrgId: c.northwindOrg,
      cause: 'adoption',
    });
  });

  it('Withdrawal: adoption on Thu 24 Jun 2021 is 409 adoption_window_closed, naming the deadline, and nothing changes', async () => {
    t.clock.set('2021-06-09T10:00:00Z');
    const id = await raised(t, c.albion, {
      reference: 'MP305',
      title: 'Late adoption',
      path: 'path3',
    });
    await call(t, c.secas, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'Withdrawn for the proposer',
      version: 1,
    });
    t.clock.set('2021-06-24T09:00:00Z');
    const events = await count(t, 'audit_event');
    const late = await call(t, c.northwind, 'POST', `/api/v1/modifications/${id}/adopt`, {
      version: 2,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'adoption_window_closed' });
    expect(late.json<{ message: string }>().message).toContain('2021-06-23T23:59:59+01:00');
    expect(await modificationRow(t, id)).toMatchObject({
      status: 'withdrawn',
      proposer_org_id: c.albionOrg,
      version: 2,
    });
    expect(await count(t, 'audit_event')).toBe(events);
    const again = await call(t, c.albion, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'Twice',
      version: 2,
    });
    expect(again.json()).toMatchObject({ code: 'invalid_transition' });
    t.clock.set('2026-11-27T10:00:00Z');
  });
});

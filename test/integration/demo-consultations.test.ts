import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { listConsultations } from '../../src/modules/consultation/consultation.store.ts';
import { listResponses } from '../../src/modules/consultation/consultation-response.store.ts';
import { statusAt } from '../../src/modules/consultation/consultation.ts';
import { demoStepsNamed, givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

describe.each(ENGINES)('the demo consultation on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    demo = await givenDemo(engine, demoStepsNamed(['organisations', 'people', 'consultations']));
    ctx = demo.ctx;
  });
  afterAll(() => demo.close());

  it('Consultations: the demo has an open consultation of all Parties with a public and a confidential response', async () => {
    const [consultation] = await listConsultations(ctx.db, ctx.now(), { subjectType: 'other' });
    expect(consultation).toMatchObject({
      title: 'Proposed SEC Release calendar 2028',
      audiences: ['all_parties'],
    });
    if (!consultation) return;
    expect(statusAt(consultation, ctx.now())).toBe('open');
    // 20 Working Days after Fri 27 Nov 2026: Christmas Day and the Boxing Day substitute (Mon 28) skipped.
    expect(consultation.closesAt.toISOString()).toBe('2026-12-29T23:59:59.000Z');
    const responses = await listResponses(ctx.db, consultation.id);
    expect(responses.map((r) => [r.organisationName, r.confidential])).toEqual([
      ['Albion Power Ltd', false],
      ['Smart DCC Ltd', true],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { DEMO_STEPS, loadDemoData } from '../../src/demo/demo-data.ts';
import { listConsultations } from '../../src/modules/consultation/consultation.store.ts';
import { listResponses } from '../../src/modules/consultation/consultation-response.store.ts';
import { statusAt } from '../../src/modules/consultation/consultation.ts';
import {
  ENGINES,
  TestClock,
  createTestDatabase,
  testConfig,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

describe.each(ENGINES)('the demo consultation on %s', (engine) => {
  let database: TestDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ctx = testContext(database, new TestClock('2026-11-27T10:00:00Z'), testConfig());
    const needed = ['organisations', 'people', 'consultations'];
    await loadDemoData(
      ctx,
      DEMO_STEPS.filter((step) => needed.includes(step.name)),
    );
  });
  afterAll(async () => {
    await database.close();
  });

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

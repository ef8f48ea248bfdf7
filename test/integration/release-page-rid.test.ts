import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STEPS, loadDemoData } from '../../src/demo/demo-data.ts';
import { TestClock, ENGINES } from '../support/test-db.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** The demo loaded on Friday 27 November 2026: next year's February release has its RID in force. */
describe.each(ENGINES)('the release page shows its RID, appeals and testing on %s', (engine) => {
  let t: TestApp;
  let body: string;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    await loadDemoData(t.ctx, DEMO_STEPS);
    const release = await t.ctx.db
      .selectFrom('release')
      .select('id')
      .where('name', '=', 'February 2027 SEC Release')
      .executeTakeFirstOrThrow();
    const page = await t.app.inject({ method: 'GET', url: `/releases/${release.id}` });
    expect(page.statusCode).toBe(200);
    body = page.body;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('D10.12, D10.17: the public page names the version in force and its open appeal window with the deadline', () => {
    expect(body).toContain('Version 2 is in force');
    expect(body).toContain('Appeal window open');
    expect(body).toMatch(/Appeals by 23:59:59 on \w+day \d+ \w+ 2026 \(UK time\)/);
    expect(body).toMatch(/frozen from [^<]*25 December 2026/);
  });

  it('D10.17: appeals and their outcomes are on the release page, reasons hidden from the public', () => {
    expect(body).toContain('Appeals to the Authority');
    expect(body).toContain('Dismissed');
    expect(body).not.toContain('<th scope="col" class="govuk-table__header">Reasons</th>');
  });

  it('D10.16, D10.13(b)(c): plan against actual, the RID testing windows and the missing readiness report', () => {
    expect(body).toContain('DCC testing: plan against actual');
    expect(body).toMatch(/412 \/ 9/);
    expect(body).toContain('Readiness report missing');
    expect(body).toContain('DCC testing (RID)');
    expect(body).toContain('User testing (RID)');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { AppError } from '../../src/errors.ts';
import { setCutOver } from '../../src/modules/installation/installation.actions.ts';
import { cutOverOf } from '../../src/modules/installation/installation.queries.ts';
import { createMeeting } from '../../src/modules/meeting/meeting.actions.ts';
import {
  ENGINES,
  TestClock,
  createTestDatabase,
  givenCutOver,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

async function auditCount(ctx: AppContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error: unknown = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe.each(ENGINES)('Ruling 13: moving the cut-over past live acts, on %s', (engine) => {
  let database: TestDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ctx = testContext(database, new TestClock('2026-11-27T10:00:00Z'));
  });
  afterAll(async () => {
    await database.close();
  });

  it('refuses a later cut-over that would make a Panel meeting scheduled live history; nothing changes', async () => {
    await givenCutOver(ctx.db, '2026-11-02');
    await createMeeting(ctx, null, { heldOn: '2027-01-14', kind: 'ordinary' }, SYSTEM_ACTOR);
    const before = await auditCount(ctx);

    const error = await refusal(setCutOver(ctx, SYSTEM_ACTOR, '2027-01-15'));
    expect(error.code).toBe('cut_over_after_live_act');
    expect(error.message).toMatch(
      /a Panel meeting on 2027-01-14 is already recorded live.*latest cut-over allowed is 2027-01-14/,
    );
    expect(await cutOverOf(ctx.db)).toBe('2026-11-02');
    expect(await auditCount(ctx)).toBe(before);

    // Up to the meeting's own day the meeting stays live, so the move is allowed and audited.
    await setCutOver(ctx, SYSTEM_ACTOR, '2027-01-14');
    expect(await cutOverOf(ctx.db)).toBe('2027-01-14');
    expect(await auditCount(ctx)).toBe(before + 1);
    // Earlier is always allowed (nothing live becomes history).
    await setCutOver(ctx, SYSTEM_ACTOR, '2026-11-02');
    expect(await cutOverOf(ctx.db)).toBe('2026-11-02');
    // The same date again changes nothing and records nothing.
    await setCutOver(ctx, SYSTEM_ACTOR, '2026-11-02');
    expect(await auditCount(ctx)).toBe(before + 2);
  });

  it('judges a consultation by the UK day it opens (23:30 UTC on 30 June is 1 July in London)', async () => {
    await ctx.db.deleteFrom('agenda_item').execute();
    await ctx.db.deleteFrom('panel_meeting').execute();
    await givenCutOver(ctx.db, '2026-06-01');
    await ctx.db
      .insertInto('consultation')
      .values({
        subject_type: 'other',
        subject_id: 'cut-over test',
        title: 'A consultation opened live',
        audiences: JSON.stringify(['all_parties']),
        questions: JSON.stringify([]),
        opens_at: new Date('2026-06-30T23:30:00Z'),
        closes_at: new Date('2026-07-31T16:00:00Z'),
        created_at: new Date('2026-06-29T09:00:00Z'),
      })
      .execute();
    const error = await refusal(setCutOver(ctx, SYSTEM_ACTOR, '2026-07-02'));
    expect(error.message).toMatch(/a consultation opening on 2026-07-01/);
    await setCutOver(ctx, SYSTEM_ACTOR, '2026-07-01');
    expect(await cutOverOf(ctx.db)).toBe('2026-07-01');
  });
});

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
  const clock = new TestClock('2026-11-27T10:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ctx = testContext(database, clock);
  });
  afterAll(async () => {
    await database.close();
  });

  it('refuses a later cut-over that would make a Panel meeting scheduled live history; nothing changes', async () => {
    // The meeting was scheduled live on 3 November for 20 November; today is 27 November.
    await givenCutOver(ctx.db, '2026-11-02');
    clock.set('2026-11-03T10:00:00Z');
    await createMeeting(ctx, null, { heldOn: '2026-11-20', kind: 'ordinary' }, SYSTEM_ACTOR);
    clock.set('2026-11-27T10:00:00Z');
    const before = await auditCount(ctx);

    const error = await refusal(setCutOver(ctx, SYSTEM_ACTOR, '2026-11-21'));
    expect(error.code).toBe('cut_over_after_live_act');
    expect(error.message).toMatch(
      /a Panel meeting on 2026-11-20 is already recorded live.*latest cut-over allowed is 2026-11-20/,
    );
    expect(await cutOverOf(ctx.db)).toBe('2026-11-02');
    expect(await auditCount(ctx)).toBe(before);

    // Up to the meeting's own day the meeting stays live, so the move is allowed and audited.
    await setCutOver(ctx, SYSTEM_ACTOR, '2026-11-20');
    expect(await cutOverOf(ctx.db)).toBe('2026-11-20');
    expect(await auditCount(ctx)).toBe(before + 1);
    // Earlier is always allowed (nothing live becomes history).
    await setCutOver(ctx, SYSTEM_ACTOR, '2026-11-02');
    expect(await cutOverOf(ctx.db)).toBe('2026-11-02');
    // The same date again changes nothing and records nothing.
    await setCutOver(ctx, SYSTEM_ACTOR, '2026-11-02');
    expect(await auditCount(ctx)).toBe(before + 2);
  });

  it('ruling 13: the cut-over cannot be set after today (London date); nothing changes', async () => {
    await givenCutOver(ctx.db, '2026-11-02');
    const before = await auditCount(ctx);
    // 23:30 UTC on 27 June is already 28 June in London: the 28th is today, the 29th is not.
    clock.set('2026-06-27T23:30:00Z');
    const error = await refusal(setCutOver(ctx, SYSTEM_ACTOR, '2026-06-29'));
    expect(error.code).toBe('cut_over_after_today');
    expect(error.message).toMatch(
      /cannot be 2026-06-29: it may not be later than today \(2026-06-28\)/,
    );
    expect(await cutOverOf(ctx.db)).toBe('2026-11-02');
    expect(await auditCount(ctx)).toBe(before);
    // With nothing live in the way, a date after today is refused all the same.
    clock.set('2026-11-27T10:00:00Z');
    const later = await refusal(setCutOver(ctx, SYSTEM_ACTOR, '2027-01-04'));
    expect(later.code).toBe('cut_over_after_today');
    expect(await cutOverOf(ctx.db)).toBe('2026-11-02');
    expect(await auditCount(ctx)).toBe(before);
    // Today itself is allowed.
    clock.set('2026-06-27T23:30:00Z');
    await setCutOver(ctx, SYSTEM_ACTOR, '2026-06-28');
    expect(await cutOverOf(ctx.db)).toBe('2026-06-28');
    expect(await auditCount(ctx)).toBe(before + 1);
    clock.set('2026-11-27T10:00:00Z');
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

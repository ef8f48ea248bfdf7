import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as migration0035 } from '../../src/db/migrations/0035-panel-record-window.ts';
import { inTransaction, type AppContext } from '../../src/app-context.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { AppError } from '../../src/errors.ts';
import { addHolidayOverride } from '../../src/modules/calendar/calendar.actions.ts';
import { setPanelRecordWindow } from '../../src/modules/installation/installation.actions.ts';
import { recordWindowOf } from '../../src/modules/installation/installation.queries.ts';
import { checkPanelRecord, createMeeting } from '../../src/modules/meeting/meeting.actions.ts';
import { presentRules } from '../../src/modules/rules/rules.present.ts';
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

async function storedWindow(ctx: AppContext, heldOn: string) {
  return ctx.db
    .selectFrom('panel_meeting')
    .select(['record_working_days', 'record_until'])
    .where('held_on', '=', heldOn)
    .executeTakeFirstOrThrow();
}

/** The refusal of recording a decision of the meeting held on `heldOn` today, or null. */
async function recordRefusal(ctx: AppContext, heldOn: string): Promise<AppError | null> {
  return inTransaction(ctx, SYSTEM_ACTOR, (unit) => checkPanelRecord(ctx, unit, heldOn)).then(
    () => null,
    (error: unknown) => {
      if (error instanceof AppError) return error;
      throw error;
    },
  );
}

describe.each(ENGINES)('Ruling 13, ruling 18: the Panel record window, on %s', (engine) => {
  let database: TestDatabase;
  let ctx: AppContext;
  const clock = new TestClock('2026-11-27T10:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ctx = testContext(database, clock);
    await givenCutOver(ctx.db, '2026-11-02');
  });
  afterAll(async () => {
    await database.close();
  });

  it('ruling 18: a meeting stores its last record day when it is created, and a bank holiday added (or removed) later does not move it', async () => {
    clock.set('2026-11-27T10:00:00Z');
    expect(await recordWindowOf(ctx.db)).toBe(5);
    // 23 December 2026: 24 Dec, 29, 30, 31 Dec and 4 Jan are its 5 Working Days (25, 28 Dec and
    // 1 Jan are bank holidays in England and Wales).
    await createMeeting(ctx, null, { heldOn: '2026-12-23', kind: 'ordinary' }, SYSTEM_ACTOR);
    expect(await storedWindow(ctx, '2026-12-23')).toEqual({
      record_working_days: 5,
      record_until: '2027-01-04',
    });
    // Later, 28 December is made a Working Day (which would end the window on 31 December) and
    // Christmas Eve a holiday: the stored day does not move.
    await addHolidayOverride(
      ctx,
      null,
      { date: '2026-12-28', region: 'all', kind: 'remove', reason: 'Working day after all' },
      SYSTEM_ACTOR,
    );
    await addHolidayOverride(
      ctx,
      null,
      { date: '2026-12-24', region: 'all', kind: 'add', reason: 'Christmas Eve given' },
      SYSTEM_ACTOR,
    );
    expect((await storedWindow(ctx, '2026-12-23')).record_until).toBe('2027-01-04');
    clock.set('2027-01-04T20:00:00Z');
    expect(await recordRefusal(ctx, '2026-12-23')).toBeNull();
    clock.set('2027-01-05T09:00:00Z');
    const late = await recordRefusal(ctx, '2026-12-23');
    expect(late?.code).toBe('panel_record_late');
    expect(late?.message).toMatch(/until 4 January 2027, 5 Working Days after it/);
  });

  it('ruling 13: a changed record window is audited and applies to meetings created after it; an open window keeps its day', async () => {
    clock.set('2027-01-06T10:00:00Z');
    await createMeeting(ctx, null, { heldOn: '2027-02-03', kind: 'ordinary' }, SYSTEM_ACTOR);
    const before = await auditCount(ctx);

    // Out of range: refused, nothing changed.
    for (const bad of [0, 31, 2.5]) {
      const error: unknown = await setPanelRecordWindow(ctx, SYSTEM_ACTOR, bad).catch(
        (thrown: unknown) => thrown,
      );
      expect((error as AppError).code).toBe('validation_failed');
    }
    expect(await recordWindowOf(ctx.db)).toBe(5);
    expect(await auditCount(ctx)).toBe(before);

    expect(await setPanelRecordWindow(ctx, SYSTEM_ACTOR, 2)).toEqual({ before: 5, after: 2 });
    expect(await recordWindowOf(ctx.db)).toBe(2);
    expect(await auditCount(ctx)).toBe(before + 1);
    const event = await ctx.db
      .selectFrom('audit_event')
      .select(['before', 'after'])
      .where('action', '=', 'installation.record_window_set')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      before: { panelRecordWorkingDays: 5 },
      after: { panelRecordWorkingDays: 2 },
    });
    // The same window again changes nothing.
    await setPanelRecordWindow(ctx, SYSTEM_ACTOR, 2);
    expect(await auditCount(ctx)).toBe(before + 1);

    await createMeeting(ctx, null, { heldOn: '2027-02-04', kind: 'ordinary' }, SYSTEM_ACTOR);
    expect(await storedWindow(ctx, '2027-02-03')).toEqual({
      record_working_days: 5,
      record_until: '2027-02-10',
    });
    expect(await storedWindow(ctx, '2027-02-04')).toEqual({
      record_working_days: 2,
      record_until: '2027-02-08',
    });
    clock.set('2027-02-09T10:00:00Z');
    expect(await recordRefusal(ctx, '2027-02-03')).toBeNull();
    const late = await recordRefusal(ctx, '2027-02-04');
    expect(late?.code).toBe('panel_record_late');
    expect(late?.message).toMatch(/until 8 February 2027, 2 Working Days after it/);
    clock.set('2027-02-11T10:00:00Z');
    expect((await recordRefusal(ctx, '2027-02-03'))?.code).toBe('panel_record_late');

    // The rules page reads the installation's window.
    const ruling13 = presentRules(await recordWindowOf(ctx.db)).rulings.find(
      (r) => r.number === 13,
    );
    expect(ruling13?.reading).toMatch(/This installation’s record window is 2 Working Days\./);
    await setPanelRecordWindow(ctx, SYSTEM_ACTOR, 5);
  });

  it('ruling 18: migration 0035 stores the default window and its last record day for each meeting already there', async () => {
    const fresh = await createTestDatabase(engine);
    try {
      const { db } = fresh;
      await sql`insert into panel_meeting (held_on, kind, papers_due, created_at) values
        ('2026-12-23', 'ordinary', '2026-12-16', now()),
        ('2021-06-09', 'ordinary', '2021-06-01', now())`.execute(db);
      // As the database stood before 0035.
      await sql`alter table panel_meeting drop constraint panel_meeting_record_window`.execute(db);
      await sql`alter table panel_meeting drop column record_until`.execute(db);
      await sql`alter table panel_meeting drop column record_working_days`.execute(db);
      await sql`alter table installation drop column panel_record_working_days`.execute(db);
      await migration0035(db as never);
      const { rows } = await sql`select held_on::text as held_on, record_working_days,
        record_until::text as record_until from panel_meeting order by held_on`.execute(db);
      expect(rows).toEqual([
        { held_on: '2021-06-09', record_working_days: 5, record_until: '2021-06-16' },
        { held_on: '2026-12-23', record_working_days: 5, record_until: '2027-01-04' },
      ]);
      expect(await recordWindowOf(db)).toBe(5);
    } finally {
      await fresh.close();
    }
  });
});

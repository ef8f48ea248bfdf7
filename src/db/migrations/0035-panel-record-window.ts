import { sql, type Kysely } from 'kysely';
import { deadlineAfter, endOfLondonDay, londonDateOf } from '../../calendar/deadline.ts';
import { createCalendar, isRegion, type HolidayOverride } from '../../calendar/index.ts';

/** Ruling 13's default record window, in Working Days (as `PANEL_RECORD_WORKING_DAYS`). */
const DEFAULT_WINDOW = 5;

/**
 * Ruling 13, ruling 18: the Panel's record window. The installation holds its length in Working
 * Days (default 5, `secrel record-window set`); each meeting stores the window it was created
 * with and its last record day, computed once (`deadlineAfter`) so that a bank holiday added
 * later, or a changed window, does not shorten a window already open. Existing meetings are
 * backfilled with the default window on today's calendar: the stored overrides and the region
 * of HOLIDAY_REGION (as the server reads it; england-and-wales when unset). A row written
 * outside the use cases (a test fixture) may leave both null; the rule then computes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table installation add column panel_record_working_days smallint not null
    default ${sql.lit(DEFAULT_WINDOW)}
    check (panel_record_working_days between 1 and 30)`.execute(db);
  await sql`alter table panel_meeting add column record_working_days smallint
    check (record_working_days between 1 and 30)`.execute(db);
  await sql`alter table panel_meeting add column record_until date`.execute(db);
  await sql`alter table panel_meeting add constraint panel_meeting_record_window
    check ((record_working_days is null) = (record_until is null))`.execute(db);

  const meetings = await sql<{ id: number; held_on: string }>`select id, held_on::text as held_on
    from panel_meeting order by id`.execute(db);
  if (meetings.rows.length === 0) return;
  const overrides = await sql<HolidayOverride>`select date::text as date, region, kind, reason
    from calendar_override order by id`.execute(db);
  const region = process.env.HOLIDAY_REGION ?? 'england-and-wales';
  const calendar = createCalendar(isRegion(region) ? region : 'england-and-wales', overrides.rows);
  for (const meeting of meetings.rows) {
    const until = londonDateOf(
      deadlineAfter(calendar, endOfLondonDay(meeting.held_on), DEFAULT_WINDOW),
    );
    await sql`update panel_meeting set record_working_days = ${DEFAULT_WINDOW},
      record_until = ${until}::date where id = ${meeting.id}`.execute(db);
  }
}

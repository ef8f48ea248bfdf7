import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { enqueueJob } from '../../jobs/jobs.store.ts';
import { DIVISIONS, parseGovUkBankHolidays } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { canManageCalendar, requireActor } from '../identity/identity.access.ts';
import {
  MAX_REASON_LENGTH,
  checkOverride,
  overrideClash,
  type NewHolidayOverride,
  type OverrideRegion,
  type StoredOverride,
} from './calendar.ts';
import { deleteOverride, insertOverride, insertOverrides } from './calendar.store.ts';
import { actorOf } from '../identity/identity.ts';

/**
 * Issue 13, D10.3: the job queued with each change of the overrides, in its transaction: the
 * worker then moves the reminders whose Working Day the change moved (action-reminder.jobs.ts).
 */
export const CALENDAR_CHANGED_JOB = 'calendar.changed';

async function queueCalendarChanged(unit: UnitOfWork): Promise<void> {
  await enqueueJob(unit.trx, { kind: CALENDAR_CHANGED_JOB, runAt: unit.now }, unit.now);
}

// Changing the overrides "recomputes open deadlines" without touching any other row: every
// module works a deadline out from `calendarFor(ctx)` when it is read, never stores it, and
// calendarFor notices the changed table on its next call. So nothing here recomputes anything.

/**
 * Adds a one-off holiday (or, with kind `remove`, makes a rules holiday a Working Day again).
 * Code Administrator only; the CLI passes the system actor. The same date, region and kind twice
 * is `already_exists`. Audited as `calendar.override_added`.
 */
export async function addHolidayOverride(
  ctx: AppContext,
  principal: Principal | null,
  input: NewHolidayOverride,
  actor: Actor = actorOf(requireActor(principal, canManageCalendar)),
): Promise<StoredOverride> {
  const override = checkOverride(input);
  return inTransaction(ctx, actor, async (unit) => {
    const row = await insertOverride(unit.trx, override, actor.id, unit.now);
    if (!row) throw new AppError('already_exists', overrideClash(override), { field: 'date' });
    await unit.audit({
      action: 'calendar.override_added',
      subjectType: 'calendar_override',
      subjectId: String(row.id),
      after: row,
      reason: row.reason,
    });
    await queueCalendarChanged(unit);
    return row;
  });
}

/** Deletes a one-off override. Code Administrator only. Audited as `calendar.override_removed`. */
export async function removeHolidayOverride(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  actor: Actor = actorOf(requireActor(principal, canManageCalendar)),
): Promise<StoredOverride> {
  return inTransaction(ctx, actor, async (unit) => {
    const row = await deleteOverride(unit.trx, id);
    if (!row) throw new AppError('not_found', `There is no override number ${id}`);
    await unit.audit({
      action: 'calendar.override_removed',
      subjectType: 'calendar_override',
      subjectId: String(row.id),
      before: row,
    });
    await queueCalendarChanged(unit);
    return row;
  });
}

/** What an import did: overrides inserted, and events already stored (left as they were). */
export interface ImportResult {
  added: number;
  skipped: number;
}

/**
 * Imports GOV.UK's bank-holidays.json: each event becomes an `add` override for its division,
 * unless that date, division and kind is already stored (`on conflict do nothing`), so
 * importing the same file again adds nothing. A bad file is `calendar_import_invalid` naming
 * the JSON path and changes nothing. One audit event, `calendar.imported`. The Code
 * Administrator only, or the CLI with an explicit actor (`principal` null).
 */
export async function importGovUkHolidays(
  ctx: AppContext,
  principal: Principal | null,
  json: unknown,
  actor: Actor = actorOf(requireActor(principal, canManageCalendar)),
): Promise<ImportResult> {
  const overrides = parseGovUkBankHolidays(json);
  const divisions = DIVISIONS.filter((division) => overrides.some((o) => o.region === division));
  const rows = overrides.map((o) => ({
    date: o.date,
    region: o.region as OverrideRegion,
    kind: o.kind,
    reason: o.reason.slice(0, MAX_REASON_LENGTH),
  }));
  return inTransaction(ctx, actor, async (unit) => {
    const added = await insertOverrides(unit.trx, rows, actor.id, unit.now);
    const result = { added, skipped: overrides.length - added };
    await unit.audit({
      action: 'calendar.imported',
      subjectType: 'calendar',
      subjectId: 'gov-uk-bank-holidays',
      after: { ...result, divisions },
    });
    if (added > 0) await queueCalendarChanged(unit);
    return result;
  });
}

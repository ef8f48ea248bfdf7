import { Temporal } from 'temporal-polyfill';
import { inTransaction, type AppContext } from '../../app-context.ts';
import { DIVISIONS, isIsoDate, parseGovUkBankHolidays } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { canManageCalendar, requireActor } from '../identity/identity.access.ts';
import { OVERRIDE_REGIONS, type OverrideRegion, type StoredOverride } from './calendar.store.ts';
import { actorOf } from '../identity/identity.ts';

// Changing the overrides "recomputes open deadlines" without touching any other row: every
// module works a deadline out from `calendarFor(ctx)` when it is read, never stores it, and
// calendarFor notices the changed table on its next call. So nothing here recomputes anything.

/** The longest reason kept for a one-off holiday. */
export const MAX_REASON_LENGTH = 200;

/** Rows per INSERT when importing, well under PostgreSQL's 65 535 parameters per statement. */
const IMPORT_BATCH = 500;

/** What a Code Administrator enters to add a one-off holiday (or to cancel one). */
export interface NewHolidayOverride {
  date: string;
  region: string;
  kind: string;
  reason: string;
}

function isOverrideRegion(value: string): value is OverrideRegion {
  return (OVERRIDE_REGIONS as readonly string[]).includes(value);
}

/**
 * Rule: a one-off override names a real `YYYY-MM-DD` date, one of the regions (or `all`),
 * `add` (the day becomes a holiday) or `remove` (a rules holiday becomes a Working Day), and a
 * reason. An `add` on a Saturday or Sunday would change nothing, so it is refused.
 */
function checkOverride(input: NewHolidayOverride): Omit<StoredOverride, 'id'> {
  const date = input.date.trim();
  if (!isIsoDate(date)) {
    const given = input.date.trim();
    throw invalid(
      'date',
      `Enter a real date as YYYY-MM-DD, for example 2021-06-14, not "${given}"`,
    );
  }
  const region = input.region.trim();
  if (!isOverrideRegion(region)) {
    throw invalid('region', `Choose a region: ${OVERRIDE_REGIONS.join(', ')}`);
  }
  const kind = input.kind.trim();
  if (kind !== 'add' && kind !== 'remove') {
    throw invalid(
      'kind',
      'Choose whether the day becomes a holiday (add) or a Working Day (remove)',
    );
  }
  const reason = input.reason.trim();
  if (reason === '')
    throw invalid('reason', 'Enter the reason, for example the name of the holiday');
  if (reason.length > MAX_REASON_LENGTH) {
    throw invalid('reason', `The reason must be ${MAX_REASON_LENGTH} characters or fewer`);
  }
  const weekday = Temporal.PlainDate.from(date).dayOfWeek;
  if (kind === 'add' && weekday >= 6) {
    const day = weekday === 6 ? 'Saturday' : 'Sunday';
    throw invalid('date', `${date} is a ${day}, which is never a Working Day: choose a weekday`);
  }
  return { date, region, kind, reason };
}

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
    const row = await unit.trx
      .insertInto('calendar_override')
      .values({ ...override, created_by: actor.id, created_at: unit.now })
      .onConflict((oc) => oc.columns(['date', 'region', 'kind']).doNothing())
      .returning(['id', 'date', 'region', 'kind', 'reason'])
      .executeTakeFirst();
    if (!row) {
      const what = override.kind === 'add' ? 'a one-off holiday' : 'a cancelled holiday';
      const where = override.region === 'all' ? 'all regions' : override.region;
      throw new AppError(
        'already_exists',
        `There is already ${what} on ${override.date} for ${where}`,
        {
          field: 'date',
        },
      );
    }
    await unit.audit({
      action: 'calendar.override_added',
      subjectType: 'calendar_override',
      subjectId: String(row.id),
      after: row,
      reason: row.reason,
    });
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
    const row = await unit.trx
      .deleteFrom('calendar_override')
      .where('id', '=', id)
      .returning(['id', 'date', 'region', 'kind', 'reason'])
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', `There is no override number ${id}`);
    await unit.audit({
      action: 'calendar.override_removed',
      subjectType: 'calendar_override',
      subjectId: String(row.id),
      before: row,
    });
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
  return inTransaction(ctx, actor, async (unit) => {
    let added = 0;
    for (let start = 0; start < overrides.length; start += IMPORT_BATCH) {
      const batch = overrides.slice(start, start + IMPORT_BATCH).map((o) => ({
        date: o.date,
        region: o.region as OverrideRegion,
        kind: o.kind,
        reason: o.reason.slice(0, MAX_REASON_LENGTH),
        created_by: actor.id,
        created_at: unit.now,
      }));
      const inserted = await unit.trx
        .insertInto('calendar_override')
        .values(batch)
        .onConflict((oc) => oc.columns(['date', 'region', 'kind']).doNothing())
        .returning('id')
        .execute();
      added += inserted.length;
    }
    const result = { added, skipped: overrides.length - added };
    await unit.audit({
      action: 'calendar.imported',
      subjectType: 'calendar',
      subjectId: 'gov-uk-bank-holidays',
      after: { ...result, divisions },
    });
    return result;
  });
}

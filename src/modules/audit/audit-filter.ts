import { Temporal } from 'temporal-polyfill';
import { invalid } from '../../errors.ts';
import type { AuditFilter } from '../../audit/audit.ts';

export interface AuditQueryInput {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: number | string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The start of a UK calendar day (or the start of the next one) as an instant. */
function londonDayStart(date: string, field: string, nextDay: boolean): Temporal.Instant {
  let day: Temporal.PlainDate;
  try {
    day = Temporal.PlainDate.from(date, { overflow: 'reject' });
  } catch {
    // Issue 13: the field in words, not its name in the query string.
    const name = field === 'from' ? 'The first day' : 'The last day';
    throw invalid(field, `${name} to show must be a real date, for example 2026-11-28`);
  }
  const start = (nextDay ? day.add({ days: 1 }) : day).toZonedDateTime('Europe/London');
  return start.toInstant();
}

/** Turns the audit filters of a query string or form into a store filter; dates are UK days. */
export function toAuditFilter(input: AuditQueryInput): AuditFilter {
  const blank = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value.trim();
  const actorText = input.actorId === undefined ? undefined : blank(String(input.actorId));
  const actorId = actorText === undefined ? undefined : Number(actorText);
  if (actorId !== undefined && (!Number.isSafeInteger(actorId) || actorId <= 0)) {
    throw invalid('actorId', 'Choose the person who acted from the list');
  }
  const from = blank(input.from);
  const to = blank(input.to);
  const filter: AuditFilter = {
    subjectType: blank(input.subjectType),
    subjectId: blank(input.subjectId),
    actorId,
    action: blank(input.action),
    from: from === undefined ? undefined : londonDayStart(from, 'from', false),
    to: to === undefined ? undefined : londonDayStart(to, 'to', true).subtract({ milliseconds: 1 }),
  };
  if (filter.from && filter.to && Temporal.Instant.compare(filter.from, filter.to) > 0)
    throw invalid('to', 'The last day must not be before the first day');
  return filter;
}

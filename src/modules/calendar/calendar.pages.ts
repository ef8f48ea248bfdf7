import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import {
  LONDON,
  REGIONS,
  addWorkingDays,
  deadlineAfter,
  isRegion,
  londonDateOf,
  type Region,
} from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { canManageCalendar, requireActor } from '../identity/identity.access.ts';
import {
  addHolidayOverride,
  importGovUkHolidays,
  removeHolidayOverride,
} from './calendar.actions.ts';
import { requireRealDate, ruleOrInvalid } from './calendar.routes.ts';
import { requirePageDate } from '../../web/date-input.ts';
import { MAX_WORKING_DAYS } from './calendar.schema.ts';
import { calendarFor } from './calendar.queries.ts';
import { listOverrides } from './calendar.store.ts';
import { OVERRIDE_REGIONS, type NewHolidayOverride, type OverrideRegion } from './calendar.ts';

/** How the page names each region and override region. */
export const REGION_NAMES: Record<Region | OverrideRegion, string> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
  union: 'Anywhere in the UK (a holiday in any division)',
  all: 'All regions',
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type ErrorItem = { text: string; href: string };
type Query = Record<string, string | undefined>;

function weekdayOf(date: string): string {
  return WEEKDAYS[Temporal.PlainDate.from(date).dayOfWeek - 1] ?? '';
}

/** A count of Working Days typed into a form: a whole number from 0 to 1000. */
function parseCount(field: string, text: string): number {
  if (!/^\d{1,4}$/.test(text) || Number(text) > MAX_WORKING_DAYS) {
    throw invalid(field, `Enter a whole number of Working Days from 0 to ${MAX_WORKING_DAYS}`);
  }
  return Number(text);
}

/**
 * Rule: an event entered on the page as a date and an optional time (HH:MM, default 00:00) is
 * that wall-clock time in Europe/London; returns the instant in UTC.
 */
export function londonInstantOf(date: string, time: string): string {
  requireRealDate('eventDate', date);
  if (time !== '' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
    throw invalid('eventTime', 'Enter the time as HH:MM in UK time, for example 14:30');
  }
  const wallClock = Temporal.PlainDate.from(date).toZonedDateTime({
    timeZone: LONDON,
    plainTime: time === '' ? '00:00' : time,
  });
  return wallClock.toInstant().toString();
}

/** Runs one section of the page, collecting its error instead of failing the whole page. */
function attempt<T>(errors: ErrorItem[], work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    errors.push(...formErrors(error));
    return undefined;
  }
}

/** The public Working Day calendar page, and the Code Administrator's overrides and import. */
export function registerCalendarPages(app: FastifyInstance): void {
  async function renderCalendar(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: ErrorItem[]; overrideValues?: Partial<NewHolidayOverride>; json?: string },
    postStatus?: number,
  ) {
    const query = (request.query ?? {}) as Query;
    const errors: ErrorItem[] = [...(extra.errors ?? [])];
    const text = (name: string): string => (query[name] ?? '').trim();

    const region =
      attempt(errors, () => {
        if (text('region') === '') return app.ctx.config.holidayRegion;
        if (!isRegion(text('region'))) throw invalid('region', 'Choose a region from the list');
        return text('region') as Region;
      }) ?? app.ctx.config.holidayRegion;
    const thisYear = Number(londonDateOf(app.ctx.now().toISOString()).slice(0, 4));
    const year =
      attempt(errors, () => {
        if (text('year') === '') return thisYear;
        const value = Number(text('year'));
        if (!/^\d{1,4}$/.test(text('year')) || value < 1) {
          throw invalid('year', 'Enter a year from 1 to 9999, for example 2026');
        }
        return value;
      }) ?? thisYear;
    const calendar = await calendarFor(app.ctx, region);

    let count;
    if (text('date') !== '' || text('n') !== '') {
      count = attempt(errors, () => {
        const date = requirePageDate(request, 'date', 'the date');
        const n = parseCount('n', text('n'));
        const result = ruleOrInvalid('date', () => addWorkingDays(calendar, date, n));
        return { date, n, result, weekday: weekdayOf(result) };
      });
    }
    let deadline;
    if (text('eventDate') !== '' || text('days') !== '') {
      deadline = attempt(errors, () => {
        const eventDate = requirePageDate(request, 'eventDate', 'the date of the event');
        const eventTime = text('eventTime');
        const instant = londonInstantOf(eventDate, eventTime);
        const days = parseCount('days', text('days'));
        const end = ruleOrInvalid('days', () => deadlineAfter(calendar, instant, days));
        const endDate = end.slice(0, 10);
        const eventWeekday = weekdayOf(eventDate);
        const weekday = weekdayOf(endDate);
        return { eventDate, eventTime, eventWeekday, days, deadline: end, endDate, weekday };
      });
    }

    const canManage = canManageCalendar(request.principal);
    const values = extra.overrideValues ?? {};
    const defaultOverrideRegion = region === 'union' ? 'all' : region;
    const status = postStatus ?? (errors.length > 0 ? 400 : 200);
    return reply.page(
      'calendar.njk',
      {
        title: 'Working-day calendar',
        query,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
        region,
        regionName: REGION_NAMES[region],
        regionNames: REGION_NAMES,
        regionItems: REGIONS.map((r) => ({
          value: r,
          text: REGION_NAMES[r],
          selected: r === region,
        })),
        year,
        holidays: calendar.holidaysOf(year),
        count,
        deadline,
        maxDays: MAX_WORKING_DAYS,
        overrides: await listOverrides(app.ctx.db),
        canManage,
        overrideValues: values,
        overrideRegionItems: OVERRIDE_REGIONS.map((r) => ({
          value: r,
          text: REGION_NAMES[r],
          selected: r === (values.region ?? defaultOverrideRegion),
        })),
        kindItems: [
          {
            value: 'add',
            text: 'Make it a holiday (not a Working Day)',
            checked: (values.kind ?? 'add') === 'add',
          },
          {
            value: 'remove',
            text: 'Make a bank holiday a Working Day',
            checked: values.kind === 'remove',
          },
        ],
        json: extra.json,
      },
      status,
    );
  }

  app.get('/calendar', { schema: { hide: true } }, (request, reply) =>
    renderCalendar(request, reply, {}),
  );

  app.post('/calendar/overrides', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageCalendar);
    const values: NewHolidayOverride = {
      date: formText(request, 'date'),
      region: formText(request, 'region'),
      kind: formText(request, 'kind'),
      reason: formText(request, 'reason'),
    };
    try {
      const added = await addHolidayOverride(app.ctx, principal, values);
      const what = added.kind === 'add' ? 'now a holiday' : 'now a Working Day';
      const where = added.region === 'all' ? 'every region' : REGION_NAMES[added.region];
      setNotice(reply, `${added.date} is ${what} in ${where}.`);
    } catch (error) {
      const errors = formErrors(error, { date: 'overrideDate', region: 'overrideRegion' }, request);
      return renderCalendar(request, reply, { errors, overrideValues: values }, 400);
    }
    return reply.redirect('/calendar#overrides', 303);
  });

  app.post<{ Params: { id: string } }>(
    '/calendar/overrides/:id/remove',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageCalendar);
      const removed = await removeHolidayOverride(app.ctx, principal, parseId(request.params.id));
      setNotice(reply, `The override for ${removed.date} (${removed.reason}) has been removed.`);
      return reply.redirect('/calendar#overrides', 303);
    },
  );

  app.post('/calendar/import', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageCalendar);
    const json = formText(request, 'json');
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(json);
      } catch {
        throw new AppError(
          'calendar_import_invalid',
          'Paste the whole GOV.UK file: this is not JSON',
          {
            field: '$',
          },
        );
      }
      const { added, skipped } = await importGovUkHolidays(app.ctx, principal, parsed);
      setNotice(
        reply,
        `Imported the GOV.UK bank holidays: ${added} added, ${skipped} already in the calendar.`,
      );
    } catch (error) {
      const errors = formErrors(error).map((item) => ({ ...item, href: '#importJson' }));
      return renderCalendar(request, reply, { errors, json }, 400);
    }
    return reply.redirect('/calendar#overrides', 303);
  });
}

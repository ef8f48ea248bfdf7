import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  addWorkingDays,
  deadlineAfter,
  isIsoDate,
  londonDateOf,
  type Region,
} from '../../calendar/index.ts';
import { invalid } from '../../errors.ts';
import { ErrorSchema, IdParams, withErrors } from '../../schemas.ts';
import { canManageCalendar, requireActor } from '../identity/identity.access.ts';
import {
  addHolidayOverride,
  importGovUkHolidays,
  removeHolidayOverride,
} from './calendar.actions.ts';
import {
  AddWorkingDaysQuery,
  AddWorkingDaysResponse,
  DeadlineQuery,
  DeadlineResponse,
  GovUkBankHolidaysBody,
  HolidaysQuery,
  HolidaysResponse,
  ImportResponse,
  NewOverrideBody,
  OverrideListingSchema,
  OverrideSchema,
} from './calendar.schema.ts';
import { calendarFor } from './calendar.queries.ts';
import { listOverrides } from './calendar.store.ts';

/**
 * Runs a pure calendar rule and turns its RangeError (a bad date, instant or count) into a 400
 * naming `field`, so bad input never becomes a 500.
 */
export function ruleOrInvalid<T>(field: string, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof RangeError) throw invalid(field, error.message);
    throw error;
  }
}

/** A real `YYYY-MM-DD` date, or a 400 naming `field` (the schema only checks the shape). */
export function requireRealDate(field: string, value: string): string {
  if (isIsoDate(value)) return value;
  const given: string = value;
  throw invalid(field, `${field} must be a real date as YYYY-MM-DD, not "${given}"`);
}

/**
 * In a query string an unencoded `+` arrives as a space, so `…T12:00:00+01:00` reads as
 * `…T12:00:00 01:00`: put the sign back before a trailing offset.
 */
function restorePlusOffset(instant: string): string {
  return instant.replace(/(\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)$/, '$1+$2');
}

const PUBLIC_ERRORS = { 400: ErrorSchema };

/** The Working Day calculator, the bank holidays, and the Code Administrator's overrides. */
export function registerCalendarRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['calendar'];
  const regionOf = (region: Region | undefined): Region => region ?? app.ctx.config.holidayRegion;
  // Refuse before the body is validated, so a caller without the role learns nothing from it.
  const managerOnly = (request: FastifyRequest, _reply: unknown, done: () => void): void => {
    requireActor(request.principal, canManageCalendar);
    done();
  };

  app.get(
    '/api/v1/calendar/add-working-days',
    {
      schema: {
        summary: 'N Working Days after a date (day 1 is the first Working Day after it)',
        tags,
        security: [],
        querystring: AddWorkingDaysQuery,
        response: { 200: AddWorkingDaysResponse, ...PUBLIC_ERRORS },
      },
    },
    async (request) => {
      const { n } = request.query;
      const date = requireRealDate('date', request.query.date);
      const region = regionOf(request.query.region);
      const calendar = await calendarFor(app.ctx, region);
      const result = ruleOrInvalid('date', () => addWorkingDays(calendar, date, n));
      return { date, n, region, result };
    },
  );

  app.get(
    '/api/v1/calendar/deadline',
    {
      schema: {
        summary: 'The deadline N Working Days after an instant: 23:59:59 UK time on Working Day N',
        tags,
        security: [],
        querystring: DeadlineQuery,
        response: { 200: DeadlineResponse, ...PUBLIC_ERRORS },
      },
    },
    async (request) => {
      const { n } = request.query;
      const instant = restorePlusOffset(request.query.instant.trim());
      ruleOrInvalid('instant', () => londonDateOf(instant));
      const region = regionOf(request.query.region);
      const calendar = await calendarFor(app.ctx, region);
      const deadline = ruleOrInvalid('n', () => deadlineAfter(calendar, instant, n));
      return { instant, n, region, deadline };
    },
  );

  app.get(
    '/api/v1/calendar/holidays',
    {
      schema: {
        summary: 'The bank holidays of a year that fall on weekdays, overrides applied',
        tags,
        security: [],
        querystring: HolidaysQuery,
        response: { 200: HolidaysResponse, ...PUBLIC_ERRORS },
      },
    },
    async (request) => {
      const year =
        request.query.year ?? Number(londonDateOf(app.ctx.now().toISOString()).slice(0, 4));
      const region = regionOf(request.query.region);
      const calendar = await calendarFor(app.ctx, region);
      return { year, region, holidays: ruleOrInvalid('year', () => calendar.holidaysOf(year)) };
    },
  );

  app.get(
    '/api/v1/calendar/overrides',
    {
      preValidation: managerOnly,
      schema: {
        summary: 'One-off holidays and cancelled holidays (Code Administrator)',
        tags,
        response: withErrors({ 200: Type.Array(OverrideListingSchema) }),
      },
    },
    async (request) => {
      requireActor(request.principal, canManageCalendar);
      const rows = await listOverrides(app.ctx.db);
      return rows.map((row) => ({
        id: row.id,
        date: row.date,
        region: row.region,
        kind: row.kind,
        reason: row.reason,
        createdBy: row.createdByName,
        createdAt: row.createdAt.toISOString(),
      }));
    },
  );

  app.post(
    '/api/v1/calendar/overrides',
    {
      preValidation: managerOnly,
      schema: {
        summary: 'Add a one-off holiday, or make a bank holiday a Working Day (Code Administrator)',
        tags,
        body: NewOverrideBody,
        response: withErrors({ 201: OverrideSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageCalendar);
      const created = await addHolidayOverride(app.ctx, principal, request.body);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/calendar/overrides/:id',
    {
      preValidation: managerOnly,
      schema: {
        summary: 'Delete an override (Code Administrator)',
        tags,
        params: IdParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageCalendar);
      await removeHolidayOverride(app.ctx, principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/calendar/import',
    {
      preValidation: managerOnly,
      schema: {
        summary: 'Import the GOV.UK bank-holidays JSON as overrides (Code Administrator)',
        tags,
        body: GovUkBankHolidaysBody,
        response: withErrors({ 200: ImportResponse }, ['calendar_import_invalid']),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canManageCalendar);
      return importGovUkHolidays(app.ctx, principal, request.body);
    },
  );
}

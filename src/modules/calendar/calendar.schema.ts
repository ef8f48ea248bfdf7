import { Type } from 'typebox';
import { REGIONS } from '../../calendar/index.ts';
import { IsoDate } from '../../schemas.ts';
import { MAX_REASON_LENGTH, OVERRIDE_REGIONS } from './calendar.ts';

/** The most Working Days one calculation may count. */
export const MAX_WORKING_DAYS = 1000;

export const RegionSchema = Type.Enum([...REGIONS], {
  description:
    'Bank-holiday region: england-and-wales, scotland, northern-ireland, or union (a holiday in any of them); default: the configured HOLIDAY_REGION',
});

export const OverrideRegionSchema = Type.Enum([...OVERRIDE_REGIONS], {
  description: 'The region the override applies to; `all` applies to every region',
});

export const WorkingDaysN = Type.Integer({
  minimum: 0,
  maximum: MAX_WORKING_DAYS,
  description: 'How many Working Days (0 to 1000)',
});

export const AddWorkingDaysQuery = Type.Object({
  date: IsoDate,
  n: WorkingDaysN,
  region: Type.Optional(RegionSchema),
});

export const AddWorkingDaysResponse = Type.Object({
  date: Type.String(),
  n: Type.Integer(),
  region: Type.String(),
  result: Type.String({ description: 'Working Day n after date (day 1 is the first after it)' }),
});

export const DeadlineQuery = Type.Object({
  instant: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'ISO date-time with Z or an offset, e.g. 2021-06-09T12:00:00Z (encode + as %2B)',
  }),
  n: WorkingDaysN,
  region: Type.Optional(RegionSchema),
});

export const DeadlineResponse = Type.Object({
  instant: Type.String(),
  n: Type.Integer(),
  region: Type.String(),
  deadline: Type.String({
    description: 'End of Working Day n (23:59:59 UK time), e.g. 2021-06-23T23:59:59+01:00',
  }),
});

export const HolidaysQuery = Type.Object({
  year: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 9999, description: 'Default: the current year' }),
  ),
  region: Type.Optional(RegionSchema),
});

export const HolidaySchema = Type.Object({
  date: Type.String(),
  name: Type.String(),
  region: Type.String(),
  source: Type.Enum(['rules', 'override']),
});

export const HolidaysResponse = Type.Object({
  year: Type.Integer(),
  region: Type.String(),
  holidays: Type.Array(HolidaySchema),
});

export const OverrideSchema = Type.Object({
  id: Type.Integer(),
  date: Type.String(),
  region: Type.String(),
  kind: Type.Enum(['add', 'remove']),
  reason: Type.String(),
});

export const OverrideListingSchema = Type.Object({
  id: Type.Integer(),
  date: Type.String(),
  region: Type.String(),
  kind: Type.String(),
  reason: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const NewOverrideBody = Type.Object({
  date: IsoDate,
  region: OverrideRegionSchema,
  kind: Type.Enum(['add', 'remove'], {
    description: 'add: the day becomes a holiday; remove: a bank holiday becomes a Working Day',
  }),
  reason: Type.String({ minLength: 1, maxLength: MAX_REASON_LENGTH }),
});

export const GovUkBankHolidaysBody = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'The GOV.UK bank-holidays JSON (https://www.gov.uk/bank-holidays.json), keyed by division',
  },
);

export const ImportResponse = Type.Object({
  added: Type.Integer(),
  skipped: Type.Integer({ description: 'Events already stored, left as they were' }),
});

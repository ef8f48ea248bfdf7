import fs from 'node:fs';
import type { Command } from 'commander';
import {
  REGIONS,
  addWorkingDays,
  createCalendar,
  deadlineAfter,
  isIsoDate,
  isRegion,
  type HolidayOverride,
  type Region,
} from '../../calendar/index.ts';
import type { Config } from '../../config.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { importGovUkHolidays } from '../../modules/calendar/calendar.actions.ts';
import { loadOverrides } from '../../modules/calendar/calendar.store.ts';
import {
  cliConfig,
  databaseSettings,
  isDatabaseConfigured,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { badInput, printLine, type CliIo, type CliRun } from '../cli-io.ts';

interface CalendarFlags extends DatabaseFlags {
  region?: string;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) {
    throw badInput(`N must be a whole number of Working Days (0 or more), not "${text}"`);
  }
  return n;
}

function regionOf(config: Config, flag: string | undefined): Region {
  if (flag === undefined) return config.holidayRegion;
  if (!isRegion(flag))
    throw badInput(`--region must be one of ${REGIONS.join(', ')}, not "${flag}"`);
  return flag;
}

/**
 * The stored overrides when a database is configured and exists (DATABASE_URL, or a PGlite
 * database in DATA_DIR); otherwise none, and the calendar follows the rules alone.
 */
async function overridesFor(io: CliIo, config: Config): Promise<HolidayOverride[]> {
  if (!isDatabaseConfigured(config)) return [];
  return withCliDatabase(io, config, { mode: 'existing' }, ({ database }) =>
    loadOverrides(database.db),
  );
}

/** Runs a pure calendar computation, reporting its RangeError (bad input) as exit code 2. */
function compute(work: () => string): string {
  try {
    return work();
  } catch (error) {
    if (error instanceof RangeError) throw badInput(error.message);
    throw error;
  }
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw badInput(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badInput(
      `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `secrel calendar add-working-days`, `deadline` and `import`. */
export function registerCalendarCommands(program: Command, run: CliRun): void {
  const calendar = program
    .command('calendar')
    .description('Working Days, deadlines and bank holidays (Europe/London)');
  const regionHelp = `bank-holiday region: ${REGIONS.join(', ')} (env HOLIDAY_REGION, default england-and-wales)`;

  withDatabaseOptions(
    calendar
      .command('add-working-days')
      .description('the date of Working Day N after DATE (DATE itself never counts)')
      .argument('<date>', 'a date, YYYY-MM-DD')
      .argument('<n>', 'a whole number of Working Days')
      .option('--region <region>', regionHelp),
  ).action(async (date: string, count: string, flags: CalendarFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    const region = regionOf(config, flags.region);
    if (!isIsoDate(date)) {
      throw badInput(`${JSON.stringify(date)} is not a real date as YYYY-MM-DD (e.g. 2021-06-09)`);
    }
    const n = parseCount(count);
    const overrides = await overridesFor(run.io, config);
    printLine(
      run.io,
      compute(() => addWorkingDays(createCalendar(region, overrides), date, n)),
    );
  });

  withDatabaseOptions(
    calendar
      .command('deadline')
      .description('the end (23:59:59 UK time) of the Nth Working Day following INSTANT')
      .argument('<instant>', 'an ISO instant with Z or an offset, e.g. 2021-06-09T12:00:00Z')
      .argument('<n>', 'a whole number of Working Days')
      .option('--region <region>', regionHelp),
  ).action(async (instant: string, count: string, flags: CalendarFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    const region = regionOf(config, flags.region);
    const n = parseCount(count);
    // Check the instant before opening any database: bad input fails fast.
    compute(() => deadlineAfter(createCalendar(region), instant, 0));
    const overrides = await overridesFor(run.io, config);
    printLine(
      run.io,
      compute(() => deadlineAfter(createCalendar(region, overrides), instant, n)),
    );
  });

  withDatabaseOptions(
    calendar
      .command('import')
      .description('store the bank holidays of a GOV.UK bank-holidays.json file (audited)')
      .argument('<file>', 'e.g. a copy of https://www.gov.uk/bank-holidays.json'),
  ).action(async (file: string, flags: DatabaseFlags) => {
    const json = readJsonFile(file);
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, async ({ ctx }) => {
      const result = await importGovUkHolidays(ctx, null, json, SYSTEM_ACTOR);
      printLine(run.io, `added ${result.added} bank holiday(s); ${result.skipped} already stored`);
    });
  });
}

import fs from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Principal } from '../modules/identity/identity.ts';
import { ROLE_NAMES } from '../modules/identity/identity.ts';
import { formatDate, formatInstant } from '../calendar/format.ts';
import { countOf } from '../calendar/count-words.ts';
import { actionInWords, changeRows } from '../audit/audit-words.ts';
import { groupedNavigationFor } from './navigation-groups.ts';
import { linkRulings } from './ruling-links.ts';
import { addFastFilters } from './template-filters.ts';
import { datePartsOf } from './date-input.ts';
import { spacedRedline, type RedlinePart } from './redline.ts';
import { NODE_MODULES, SOURCE_DIR } from './paths.ts';
import { APPEAL_WINDOW_WORKING_DAYS } from '../modules/appeal/appeal-window.ts';
import { REMINDER_WORKING_DAYS } from '../modules/dcc-request/dcc-request.ts';
import { PAPERS_WORKING_DAYS } from '../modules/meeting/meeting.ts';
import { DEFAULT_MECHANISMS } from '../modules/policy/policy-defaults.ts';
import { ADOPTION_WINDOW_WORKING_DAYS } from '../modules/modification/modification.ts';
import { DEFAULT_RESPONSE_WORKING_DAYS } from '../modules/refinement/refinement.ts';

/** The Code's and secrel's periods in Working Days, for templates: one source for each number. */
export const WORKING_DAYS = {
  appeal: APPEAL_WINDOW_WORKING_DAYS,
  adoption: ADOPTION_WINDOW_WORKING_DAYS,
  papers: PAPERS_WORKING_DAYS,
  viewResponse: DEFAULT_RESPONSE_WORKING_DAYS,
  dccReminder: REMINDER_WORKING_DAYS,
} as const;

// Templates are read from src/ whether secrel runs from its sources or compiled into dist/.
const modulesDir = path.join(SOURCE_DIR, 'modules');

/** Each module's templates live beside it in `src/modules/<module>/views/`; names are unique. */
function moduleViewDirs(): string[] {
  return fs
    .readdirSync(modulesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(modulesDir, entry.name, 'views'))
    .filter((dir) => fs.existsSync(dir));
}

export const SERVICE_NAME = 'SEC Release Management';

/** One Nunjucks environment: the layout, the modules' templates, then GOV.UK Frontend's macros. */
export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        path.join(SOURCE_DIR, 'web', 'templates'),
        ...moduleViewDirs(),
        path.join(NODE_MODULES, 'govuk-frontend', 'dist'),
      ],
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('date', (value: unknown) => (typeof value === 'string' ? formatDate(value) : ''));
  env.addFilter('instant', (value: unknown) =>
    value instanceof Date || typeof value === 'string' ? formatInstant(value) : '',
  );
  env.addGlobal('workingDays', WORKING_DAYS);
  addFastFilters(env);
  // Issue 13: a date field's value as the day, month and year of a GOV.UK date input.
  env.addFilter('dateParts', (value: unknown) => datePartsOf(value));
  // Issue 13: a redline's parts with a space where a deletion meets an insertion.
  env.addFilter('spacedRedline', (value: unknown) =>
    Array.isArray(value) ? spacedRedline(value as RedlinePart[]) : [],
  );
  // The audit trail in words: an action, and what an event changed as definition-list rows.
  env.addFilter('actionWords', (value: unknown) => actionInWords(String(value)));
  env.addFilter('countOf', (count: unknown, singular: string, plural?: string) =>
    countOf(Number(count), singular, plural),
  );
  // A release type by its name in the Policy's defaults: `ad_hoc` → "Ad-hoc release".
  env.addFilter('releaseTypeName', (value: unknown) => {
    const id = String(value);
    const type = DEFAULT_MECHANISMS.allocation.releaseTypes.find((t) => t.id === id);
    return type?.name ?? id.replace(/_/g, ' ');
  });
  env.addFilter('changeRows', (before: unknown, after: unknown) => changeRows(before, after));
  // Ruling 19: a notice or home-page item naming "secrel’s reading: ruling N" links to /rules.
  env.addFilter(
    'rulingLinks',
    (value: unknown) =>
      new nunjucks.runtime.SafeString(linkRulings(typeof value === 'string' ? value : '')),
  );
  env.addFilter('roleName', (value: unknown) =>
    typeof value === 'string' && value in ROLE_NAMES
      ? ROLE_NAMES[value as keyof typeof ROLE_NAMES]
      : String(value),
  );
  return env;
}

/** What every page's layout needs besides the page's own data. */
export interface PageChrome {
  principal: Principal | null;
  /** Issued when a form prints it (`{{ csrfToken }}`): pages without a form set no cookie. */
  csrfToken: { toString(): string };
  currentPath: string;
  notice?: string | undefined;
}

export function layoutContext(chrome: PageChrome): Record<string, unknown> {
  return {
    serviceName: SERVICE_NAME,
    principal: chrome.principal,
    csrfToken: chrome.csrfToken,
    navigation: groupedNavigationFor(chrome.principal, chrome.currentPath),
    notice: chrome.notice,
    roleNames: chrome.principal?.roles.map((grant) => ROLE_NAMES[grant.role]) ?? [],
  };
}

import { formatDate } from '../calendar/format.ts';
import { canReadAudit } from '../modules/audit/audit.access.ts';
import { isExternalAuditor } from '../modules/auditor/auditor.access.ts';
import { canReadCatalogue } from '../modules/catalogue/catalogue.access.ts';
import { canManageCodeText } from '../modules/code-text/code-text.access.ts';
import { canReadDccRequests } from '../modules/dcc-request/dcc-request.access.ts';
import { canAdminister, isSignedIn } from '../modules/identity/identity.access.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { canReadMeetings } from '../modules/meeting/meeting.access.ts';
import { canReadRegister } from '../modules/modification/modification.access.ts';
import { canReadRefinement } from '../modules/refinement/refinement.access.ts';

/** One link of a page's breadcrumbs (GOV.UK breadcrumbs component). */
export interface Crumb {
  text: string;
  href: string;
}

type Params = Readonly<Record<string, string | undefined>>;
type Model = Readonly<Record<string, unknown>>;

/** A page that can stand in a deeper page's breadcrumbs: its name, and who may open it. */
interface CrumbPage {
  /** The link's text, from the deeper page's parameters and its model (what the page shows). */
  text: (params: Params, model: Model) => string;
  /** Only pages the reader may open are linked; public when absent. */
  canOpen?: (principal: Principal | null) => boolean;
}

/** The string at `path` inside the page's model, if there is one. */
function valueAt(model: Model, path: readonly string[]): string | undefined {
  let value: unknown = model;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The first of `paths` the model holds, else `fallback`. */
function fromModel(model: Model, paths: readonly (readonly string[])[], fallback: string): string {
  for (const path of paths) {
    const value = valueAt(model, path);
    if (value !== undefined) return value;
  }
  return fallback;
}

const releaseName = (_params: Params, model: Model) =>
  fromModel(
    model,
    [
      ['release', 'name'],
      ['view', 'release', 'name'],
      ['overview', 'release', 'name'],
      ['tad', 'release', 'name'],
      ['costs', 'release', 'name'],
      ['releaseName'],
    ],
    'The release',
  );

const modificationReference = (_params: Params, model: Model) =>
  fromModel(
    model,
    [
      ['m', 'reference'],
      ['modification', 'reference'],
      ['refinement', 'modification', 'reference'],
      ['legal', 'modification', 'reference'],
      ['view', 'modification', 'reference'],
    ],
    'The modification',
  );

const versionNumber = (params: Params) => params.n ?? '';

/**
 * Issue 13: the pages that head deeper ones, by route pattern. A deeper page's breadcrumbs are
 * Home, then each of these its own pattern starts with, that its reader may open.
 */
const CRUMB_PAGES: Readonly<Record<string, CrumbPage>> = {
  '/releases': { text: () => 'Releases' },
  '/releases/:id': { text: releaseName },
  '/releases/:id/rid': { text: () => 'Release Implementation Document' },
  '/releases/:id/rid/versions/:n': { text: (params) => `RID version ${versionNumber(params)}` },
  '/releases/:id/tad': { text: () => 'Testing Approach Document' },
  '/releases/:id/testing': { text: () => 'Testing and readiness' },
  '/modifications': { text: () => 'Modifications', canOpen: canReadRegister },
  '/modifications/:id': { text: modificationReference, canOpen: canReadRegister },
  '/modifications/:id/legal-text': { text: () => 'Legal text', canOpen: canManageCodeText },
  '/modifications/:id/refinement': { text: () => 'Refinement', canOpen: canReadRefinement },
  '/consultations': { text: () => 'Consultations' },
  '/consultations/:id': {
    text: (_params, model) => fromModel(model, [['consultation', 'title']], 'The consultation'),
  },
  '/meetings': { text: () => 'Panel meetings', canOpen: canReadMeetings },
  '/meetings/:id': {
    text: (_params, model) => {
      const heldOn = valueAt(model, ['meeting', 'heldOn']);
      return heldOn ? `Panel meeting of ${formatDate(heldOn)}` : 'The Panel meeting';
    },
    canOpen: canReadMeetings,
  },
  '/appeals': { text: () => 'Appeals' },
  '/code': { text: () => 'The Code' },
  '/code/versions/:id': {
    text: (_params, model) =>
      fromModel(
        model,
        [
          ['meta', 'name'],
          ['version', 'name'],
        ],
        'The version of the Code',
      ),
  },
  '/policy': { text: () => 'Release Policy' },
  '/dcc-requests': { text: () => 'Requests to the DCC', canOpen: canReadDccRequests },
  '/auditor': { text: () => 'Your audit appointments', canOpen: isExternalAuditor },
  '/catalogue': { text: () => 'SEC documents', canOpen: canReadCatalogue },
  '/audit': { text: () => 'Audit trail', canOpen: canReadAudit },
  '/admin/users': { text: () => 'Users and organisations', canOpen: canAdminister },
  '/admin/outbox': { text: () => 'E-mail outbox', canOpen: canAdminister },
  '/account': { text: () => 'Your account', canOpen: isSignedIn },
};

/** `/releases/:id/rid` with `{ id: '7' }` → `/releases/7/rid`; null when a parameter is missing. */
function pathOf(pattern: string, params: Params): string | null {
  const names = [...pattern.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
  if (names.some((name) => !params[name])) return null;
  return pattern.replace(/:([A-Za-z]+)/g, (_match, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
}

/**
 * Issue 13 (GOV.UK breadcrumbs): the trail above a deep page, from its route pattern, its
 * parameters and the model it is rendered with: Home (the reader's home page), then each page in
 * CRUMB_PAGES the pattern lies under, outermost first, linked only where the reader may open it.
 * A page no listed page heads (a top-level page, the home pages) has none: an empty list.
 */
export function breadcrumbsFor(
  routePattern: string | undefined,
  params: Params,
  principal: Principal | null,
  model: Model,
): Crumb[] {
  if (!routePattern) return [];
  const segments = routePattern.split('/').filter((s) => s !== '');
  const trail: Crumb[] = [];
  for (let length = 1; length < segments.length; length += 1) {
    const pattern = `/${segments.slice(0, length).join('/')}`;
    const page = CRUMB_PAGES[pattern];
    if (!page || !(page.canOpen?.(principal) ?? true)) continue;
    const href = pathOf(pattern, params);
    if (href) trail.push({ text: page.text(params, model), href });
  }
  if (trail.length === 0) return [];
  return [{ text: 'Home', href: principal ? '/home' : '/' }, ...trail];
}

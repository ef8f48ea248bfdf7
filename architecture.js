/**
 * The layers of secrel, lowest first. ESLint (eslint.config.js) refuses a wrong-way import and
 * test/architecture.test.ts checks cycles, file roles and purity against this one declaration.
 *
 * kernel      config, errors, app context, shared schemas, calendar, database, audit trail,
 *             outbox and jobs: imports only the kernel.
 * domain      src/modules/<module>/ files that are not web files: import the kernel and the
 *             domain files of modules BEFORE them in MODULES, never another module's store.
 * web         src/http and src/web (the web kernel) and each module's pages, routes, presenters
 *             and attention items: import the kernel, any module's domain files (never its
 *             store) and other web files; never the composition.
 * composition src/http/app.ts, src/http/modules.ts, src/cli, src/demo: wire everything together.
 */

export const KERNEL = [
  'src/config.ts',
  'src/errors.ts',
  'src/app-context.ts',
  'src/schemas.ts',
  'src/calendar/',
  'src/db/',
  'src/audit/',
  'src/outbox/',
  'src/jobs/',
];

/** Domain modules in dependency order: each may use the ones before it. */
export const MODULES = [
  'rules',
  'identity',
  'calendar',
  'installation',
  'audit',
  'notification',
  'catalogue',
  'modification',
  'code-text',
  'refinement',
  'meeting',
  'decision',
  'timetable',
  'implementation',
  'consultation',
  'policy',
  'release',
  'allocation',
  'cost',
  'notice',
  'appeal',
  'rid',
  'history',
  'tad',
  'testing',
  'dcc-request',
  'auditor',
  'go-live',
  'feed',
  'home',
];

export const COMPOSITION = ['src/http/app.ts', 'src/http/modules.ts', 'src/cli/', 'src/demo/'];

export const WEB_KERNEL = ['src/http/', 'src/web/'];

/**
 * The role of each file in a module, by its suffix. A file with no suffix (`<concept>.ts`,
 * `<concept>-<aspect>.ts`) holds types and rules and is pure.
 */
export const ROLES = {
  access: 'who may do what: pure functions over the principal and plain data',
  schema: 'TypeBox schemas shared by routes, pages and the CLI',
  store: "the module's SQL: reads and writes of its own tables, rows mapped to domain types",
  queries: 'the reads other modules use, one file per module (stores stay private)',
  actions: 'use cases: load → check access → pure rule → save → audit, one transaction, no SQL',
  jobs: 'background jobs the worker runs (sweeps, reminders)',
  mail: 'the e-mails a use case sends: pure text',
  routes: 'API routes: validate → call an action or query → present JSON',
  pages: 'web pages: forms and page handlers',
  present: 'view models: domain data shaped for a template or a JSON response',
  attention: 'home-page items for the people who must act',
  test: 'tests, named after the clause they prove',
};

/** Roles of the web layer (may import any module's domain files). */
export const WEB_ROLES = ['routes', 'pages', 'present', 'attention'];

/** `src/modules/rid/rid.store.ts` → `store`; `rid-sections.ts` → `` (a pure rule file). */
export function roleOf(file) {
  const base = file.split('/').pop() ?? '';
  const parts = base.replace(/\.ts$/, '').split('.');
  return parts.length > 1 ? (parts[parts.length - 1] ?? '') : '';
}

const startsWithAny = (file, prefixes) =>
  prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

/** The layer (and module) of a source file given relative to the project root. */
export function layerOf(file) {
  if (startsWithAny(file, KERNEL)) return { layer: 'kernel' };
  if (startsWithAny(file, COMPOSITION)) return { layer: 'composition' };
  if (startsWithAny(file, WEB_KERNEL)) return { layer: 'web' };
  const match = /^src\/modules\/([^/]+)\//.exec(file);
  if (match) {
    const module = match[1];
    const role = roleOf(file);
    const layer = WEB_ROLES.includes(role) ? 'web' : 'domain';
    return { layer, module, index: MODULES.indexOf(module), role };
  }
  return { layer: 'other' };
}

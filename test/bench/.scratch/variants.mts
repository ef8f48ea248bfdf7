import path from 'node:path';
import nunjucks from 'nunjucks';
import { createViewEnvironment, layoutContext } from '../../../src/web/views.ts';
const principal = {
  userId: 1,
  name: 'Dr Eleanor Hartley',
  email: 'e@example.org',
  organisationId: null,
  organisationName: null,
  organisationKind: null,
  roles: [{ role: 'panel_chair', scope: '' }],
  via: 'session',
  sessionId: 'x',
};
const events = Array.from({ length: 50 }, (_, i) => ({
  seq: 1000000 - i,
  at: new Date().toISOString(),
  actorId: 5,
  actorLabel: 'Person 5 (Org 6)',
  action: 'modification.status_changed',
  subjectType: 'modification',
  subjectId: '42',
  before: { status: 'refinement' },
  after: { status: 'report_phase' },
  reason: null,
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
}));
const ctx = {
  ...layoutContext({
    principal: principal as never,
    csrfToken: 'a'.repeat(40),
    cspNonce: 'n'.repeat(22),
    currentPath: '/audit',
  }),
  title: 'Audit trail',
  query: {},
  actions: Array.from({ length: 19 }, (_, i) => `action.${i}`),
  events,
  olderHref: '/audit?before=999950',
};
function variant(dir: string | null) {
  const env = createViewEnvironment();
  if (dir) {
    const base = (env as unknown as { loaders: nunjucks.FileSystemLoader[] })
      .loaders[0] as unknown as { searchPaths: string[] };
    base.searchPaths.unshift(path.resolve(dir));
  }
  return env;
}
for (const [name, dir] of [
  ['as is', null],
  ['plain <details>', 'tpl-a'],
  ['plain <details>, no instant filter', 'tpl-b'],
] as const) {
  const env = variant(dir);
  for (let i = 0; i < 300; i++) env.render('audit.njk', ctx);
  const n = 1000;
  const t = performance.now();
  for (let i = 0; i < n; i++) env.render('audit.njk', ctx);
  console.log(name.padEnd(36), ((performance.now() - t) / n).toFixed(3), 'ms/render');
}

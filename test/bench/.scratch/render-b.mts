import path from 'node:path';
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
const env = createViewEnvironment();
(env as any).loaders[0].searchPaths.unshift(path.resolve(process.argv[2] ?? 'tpl-b'));
const t = performance.now();
let n = 0;
while (performance.now() - t < 4000) {
  env.render('audit.njk', ctx);
  n++;
}
console.log((4000 / n).toFixed(3), 'ms/render');

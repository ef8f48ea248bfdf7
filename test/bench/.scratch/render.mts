// Scratch measurement (not part of the bench): cost of rendering pages with the app's view environment.
import { createViewEnvironment, layoutContext } from '../../../src/web/views.ts';
const env = createViewEnvironment();
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
const chrome = (p: any, path: string) =>
  layoutContext({
    principal: p,
    csrfToken: 'a'.repeat(40),
    cspNonce: 'n'.repeat(22),
    currentPath: path,
  });
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
const cases: [string, string, Record<string, unknown>][] = [
  ['landing.njk', '/', { ...chrome(null, '/'), title: 'SEC Release Management' }],
  [
    'home.njk',
    '/home',
    { ...chrome(principal, '/home'), title: 'Home', items: [], roles: ['Panel Chair'] },
  ],
  [
    'audit.njk',
    '/audit',
    {
      ...chrome(principal, '/audit'),
      title: 'Audit trail',
      query: {},
      actions: [
        'a',
        'b',
        'c',
        'd',
        'e',
        'f',
        'g',
        'h',
        'i',
        'j',
        'k',
        'l',
        'm',
        'n',
        'o',
        'p',
        'q',
        'r',
        's',
      ],
      events,
      olderHref: '/audit?before=999950',
    },
  ],
];
for (const [template, , ctx] of cases) {
  for (let i = 0; i < 300; i++) env.render(template, ctx);
  const n = 2000;
  const t = performance.now();
  for (let i = 0; i < n; i++) env.render(template, ctx);
  console.log(
    template.padEnd(14),
    ((performance.now() - t) / n).toFixed(3),
    'ms/render',
    env.render(template, ctx).length,
    'bytes',
  );
}

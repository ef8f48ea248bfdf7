import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenAuditorCast, givenReleaseRecords, type AuditorCast } from './auditor-fixtures.ts';
import { exampleOf } from './auditor-writes-fixtures.ts';
import { call } from './modification-fixtures.ts';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/**
 * A person's own account (sign-in, sessions, tokens, and since issue 13 their notification
 * preferences) is theirs to manage, whatever their role.
 */
const OWN_ACCOUNT = /^\/api\/v1\/(auth\/|me\/|account\/)/;
/**
 * Issue 13: following a modification or release is the person's own subscription (the same
 * canManageOwnSessions policy as their tokens); it changes no record of the release.
 */
const OWN_FOLLOW = /^\/api\/v1\/(modifications|releases)\/\{id\}\/follow$/;
/** The auditor's one write: its requests for access (tested on its own). */
const OWN_WRITE = '/api/v1/auditor/releases/{id}/access-requests';

/** What any change would leave behind: audit events, e-mail and rows. */
async function footprint(t: TestApp) {
  const tables = [
    'audit_event',
    'outbox_message',
    'release',
    'allocation',
    'release_notice',
    'cost_line',
    'calendar_override',
    'modification',
    'auditor_appointment',
    'auditor_access_request',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

describe.each(ENGINES)('An external auditor changes nothing else (D10.11) on %s', (engine) => {
  let t: TestApp;
  let c: AuditorCast;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAuditorCast(t);
    await givenReleaseRecords(t, c.audited, 'June');
    const made = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/releases/${c.audited}/auditor/appointments`,
      {
        appointedBy: 'panel',
        organisationId: c.firm,
        termsOfReference: 'Monitor the DCC’s testing.',
      },
    );
    const appointment = made.json<{ id: number; version: number }>();
    await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${c.audited}/auditor/appointments/${appointment.id}/approval`,
      { approvedOn: '2026-11-26', version: appointment.version },
    );
    const asked = await call(
      t,
      c.auditor,
      'POST',
      `/api/v1/auditor/releases/${c.audited}/access-requests`,
      {
        kind: 'records',
        detail: 'The SIT defect log',
      },
    );
    expect(asked.statusCode).toBe(201);
    ids = {
      appointmentId: String(appointment.id),
      requestId: String(asked.json<{ id: number }>().id),
    };
  });
  afterAll(async () => {
    await t.close();
  });

  const urlOf = (path: string) =>
    path.replace(/\{(\w+)\}/g, (_match, name: string) =>
      name === 'id' && path.startsWith('/api/v1/releases/')
        ? String(c.audited)
        : (ids[name] ?? '1'),
    );

  it('D10.11: even while appointed, the auditor is refused (403) on representative writes of other modules', async () => {
    const before = await footprint(t);
    const r = c.audited;
    const attempts: [Method, string, object][] = [
      ['POST', `/api/v1/releases/${r}/allocations`, { modificationId: 1, dccImpacting: false }],
      ['POST', `/api/v1/releases/${r}/notices`, { subject: 'Notice', body: 'Text' }],
      [
        'POST',
        `/api/v1/releases/${r}/costs`,
        { component: 'dcc_build', kind: 'forecast', amount: 1 },
      ],
      [
        'POST',
        `/api/v1/releases/${r}/cost-reviews`,
        { reviewPoint: 'x', reviewedOn: '2026-11-26', conclusions: 'x' },
      ],
      ['POST', `/api/v1/releases/${r}/status`, { to: 'cancelled', version: 1 }],
      [
        'POST',
        '/api/v1/releases',
        { name: 'Audit release', releaseType: 'ad_hoc', goLive: '2027-03-04' },
      ],
      [
        'POST',
        '/api/v1/calendar/overrides',
        { date: '2027-01-12', region: 'all', kind: 'add', reason: 'x' },
      ],
      [
        'POST',
        '/api/v1/modifications',
        { reference: 'MP900', title: 'Auditor’s own change', path: 'path3' },
      ],
      // Its own appointment: it cannot appoint itself, approve its terms, end it, or answer itself.
      [
        'POST',
        `/api/v1/releases/${r}/auditor/appointments`,
        { appointedBy: 'panel', organisationId: c.firm, termsOfReference: 'x' },
      ],
      [
        'POST',
        `/api/v1/releases/${r}/auditor/appointments/${ids.appointmentId}/approval`,
        { approvedOn: '2026-11-26', version: 2 },
      ],
      [
        'POST',
        `/api/v1/releases/${r}/auditor/appointments/${ids.appointmentId}/end`,
        { reason: 'x', version: 2 },
      ],
      [
        'POST',
        `/api/v1/releases/${r}/auditor/access-requests/${ids.requestId}/answer`,
        { outcome: 'granted', answer: 'x', version: 1 },
      ],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await call(t, c.auditor, method as 'POST', url, payload);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 403 });
    }
    expect(await footprint(t)).toEqual(before);
  });

  it('D10.11: every write route of the API, given a well-formed body, refuses the auditor and changes nothing', async () => {
    const before = await footprint(t);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>
      >;
    }>();
    const answered: { route: string; status: number }[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (OWN_ACCOUNT.test(path) || OWN_FOLLOW.test(path) || path === OWN_WRITE) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (!WRITES.has(method)) continue;
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const response = await t.app.inject({
          method: method.toUpperCase() as Method,
          url: urlOf(path),
          headers: bearer(c.auditor),
          ...(schema ? { payload: exampleOf(schema) as object } : {}),
        });
        answered.push({ route: `${method.toUpperCase()} ${path}`, status: response.statusCode });
      }
    }
    expect(answered.length).toBeGreaterThan(60);
    expect(answered.filter((a) => a.status < 400 || a.status === 401)).toEqual([]);
    // Most refuse on permission; the rest fail on a missing record before the permission check.
    expect(answered.filter((a) => a.status === 403).length).toBeGreaterThan(answered.length * 0.8);
    expect(await footprint(t)).toEqual(before);
  });

  it('D10.11: its own writes are only access requests, and only for the release it is appointed to', async () => {
    const url = (release: number) => `/api/v1/auditor/releases/${release}/access-requests`;
    const body = {
      kind: 'test_laboratory',
      detail: 'Visit the SIT laboratory',
      wantedOn: '2027-01-20',
    };
    expect((await call(t, c.auditor, 'POST', url(c.audited), body)).statusCode).toBe(201);
    expect((await call(t, c.auditor, 'POST', url(c.other), body)).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { multipart } from './consultation-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { bearer } from '../support/test-app.ts';
import { givenTestingWorld, rows, testingActions, type TestingWorld } from './testing-fixtures.ts';

interface PhaseJson {
  id: number;
  kind: string;
  name: string;
  status: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  testsPassed: number;
  defects: Record<string, number>;
  late: boolean;
  lateReasons: string[];
  version: number;
  evidence: { id: number; filename: string; href: string }[] | null;
}

const SUMMARY_CSV = 'suite,passed,failed\nSIT-core,412,9\n';

describe.each(ENGINES)('DCC test phases (D10.13(b), D10.16) on %s', (engine) => {
  let t: TestApp;
  let w: TestingWorld;
  let sit: PhaseJson;

  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await givenTestingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.16: without an approved RID, creating phases is refused with rid_not_approved and nothing is stored', async () => {
    const response = await call(
      t,
      w.c.secas,
      'POST',
      `/api/v1/releases/${w.june}/test-phases/from-rid`,
    );
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'rid_not_approved' });
    expect(response.json<{ message: string }>().message).toContain(
      'June 2027 SEC Release has no approved RID',
    );
    const added = await call(t, w.dcc, 'POST', `/api/v1/releases/${w.june}/test-phases`, {
      name: 'Regression',
      kind: 'regression',
      plannedStart: '2027-03-01',
      plannedEnd: '2027-03-12',
    });
    expect(added.json()).toMatchObject({ code: 'rid_not_approved' });
    expect(await rows(t, 'test_phase')).toBe(0);
  });

  it('D10.13(b), D10.16: SECAS creates the DCC SIT and User testing phases on the RID’s windows, once', async () => {
    expect(
      (await call(t, w.c.albion, 'POST', `/api/v1/releases/${w.february}/test-phases/from-rid`))
        .statusCode,
    ).toBe(403);
    const response = await call(
      t,
      w.c.secas,
      'POST',
      `/api/v1/releases/${w.february}/test-phases/from-rid`,
    );
    expect(response.statusCode).toBe(201);
    const created = response.json<PhaseJson[]>();
    expect(created.map((p) => [p.kind, p.plannedStart, p.plannedEnd, p.status])).toEqual([
      ['dcc_sit', '2026-10-01', '2026-12-18', 'planned'],
      ['user_testing', '2027-01-04', '2027-02-05', 'planned'],
    ]);
    sit = created[0] as PhaseJson;
    const again = await call(
      t,
      w.dcc,
      'POST',
      `/api/v1/releases/${w.february}/test-phases/from-rid`,
    );
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already_exists' });
    expect(await rows(t, 'test_phase')).toBe(2);
    expect(await testingActions(t)).toEqual(['test_phase.created', 'test_phase.created']);
  });

  it('D10.16: the DCC adds a regression phase; an added SIT phase or dates out of order are refused', async () => {
    const plan = {
      name: 'Regression',
      kind: 'regression',
      plannedStart: '2026-11-02',
      plannedEnd: '2026-11-13',
    };
    const sitAgain = await call(t, w.dcc, 'POST', `/api/v1/releases/${w.february}/test-phases`, {
      ...plan,
      kind: 'dcc_sit',
    });
    expect(sitAgain.statusCode).toBe(400);
    expect(sitAgain.json()).toMatchObject({ code: 'validation_failed', field: 'kind' });
    const backwards = await call(t, w.dcc, 'POST', `/api/v1/releases/${w.february}/test-phases`, {
      ...plan,
      plannedEnd: '2026-11-01',
    });
    expect(backwards.json()).toMatchObject({ field: 'plannedEnd' });
    const party = await call(
      t,
      w.c.albion,
      'POST',
      `/api/v1/releases/${w.february}/test-phases`,
      plan,
    );
    expect(party.statusCode).toBe(403);
    const added = await call(t, w.dcc, 'POST', `/api/v1/releases/${w.february}/test-phases`, plan);
    expect(added.statusCode).toBe(201);
    expect(await rows(t, 'test_phase')).toBe(3);
  });

  it('D10.16: the DCC records results; SECAS may not; bad input, a bad move and a stale version change nothing', async () => {
    const url = `/api/v1/releases/${w.february}/test-phases/${sit.id}`;
    const results = {
      status: 'in_progress',
      actualStart: '2026-10-05',
      testsPassed: 412,
      testsFailed: 9,
      defects: { critical: 0, high: 2, medium: 5, low: 11 },
      notes: 'Two high defects in the DUIS adaptor',
      version: sit.version,
    };
    expect((await call(t, w.c.secas, 'PUT', url, results)).statusCode).toBe(403);
    const negative = await call(t, w.dcc, 'PUT', url, { ...results, testsFailed: -1 });
    expect(negative.json()).toMatchObject({ code: 'validation_failed', field: 'testsFailed' });
    const backwards = await call(t, w.dcc, 'PUT', url, { ...results, actualEnd: '2026-10-01' });
    expect(backwards.json()).toMatchObject({ field: 'actualEnd' });
    const jump = await call(t, w.dcc, 'PUT', url, {
      ...results,
      status: 'passed',
      actualEnd: '2026-11-20',
    });
    expect(jump.statusCode).toBe(409);
    expect(jump.json()).toMatchObject({ code: 'invalid_transition', field: 'status' });
    const before = await t.ctx.db
      .selectFrom('test_phase')
      .selectAll()
      .where('id', '=', sit.id)
      .executeTakeFirstOrThrow();
    expect([before.status, before.version, before.tests_passed]).toEqual(['planned', 1, 0]);
    const saved = await call(t, w.dcc, 'PUT', url, results);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      status: 'in_progress',
      actualStart: '2026-10-05',
      testsPassed: 412,
      testsFailed: 9,
      defects: { critical: 0, high: 2, medium: 5, low: 11 },
      late: true,
      lateReasons: ['started after its planned start'],
      version: 2,
    });
    const stale = await call(t, w.dcc, 'PUT', url, { ...results, testsPassed: 413 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    expect((await testingActions(t)).at(-1)).toBe('test_phase.updated');
  });

  it('D10.16: the DCC uploads an evidence file; the Panel downloads it; the public and Parties cannot', async () => {
    const url = `/api/v1/releases/${w.february}/test-phases/${sit.id}/evidence`;
    const html = multipart({}, [
      { filename: 'summary.csv', content: '<html><script>x</script></html>', type: 'text/csv' },
    ]);
    const refused = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...html.headers, ...bearer(w.dcc) },
      payload: html.payload,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ field: 'file' });
    const bySecas = multipart({}, [{ filename: 'summary.csv', content: SUMMARY_CSV }]);
    const forbidden = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...bySecas.headers, ...bearer(w.c.secas) },
      payload: bySecas.payload,
    });
    expect(forbidden.statusCode).toBe(403);
    expect(await rows(t, 'test_evidence')).toBe(0);
    const body = multipart({}, [
      { filename: 'sit-summary.csv', content: SUMMARY_CSV, type: 'text/csv' },
    ]);
    const uploaded = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...body.headers, ...bearer(w.dcc) },
      payload: body.payload,
    });
    expect(uploaded.statusCode).toBe(201);
    const [evidenceId] = uploaded.json<{ evidenceIds: number[] }>().evidenceIds;
    expect((await testingActions(t)).at(-1)).toBe('test_evidence.uploaded');

    const download = await call(
      t,
      w.c.member,
      'GET',
      `/api/v1/test-evidence/${String(evidenceId)}`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe(SUMMARY_CSV);
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.headers['content-disposition']).toContain('sit-summary.csv');
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/test-evidence/${String(evidenceId)}`,
    });
    expect(anonymous.statusCode).toBe(404);
    expect(
      (await call(t, w.c.albion, 'GET', `/api/v1/test-evidence/${String(evidenceId)}`)).statusCode,
    ).toBe(404);

    const publicList = await t.app.inject({
      method: 'GET',
      url: `/api/v1/releases/${w.february}/test-phases`,
    });
    const publicSit = publicList.json<PhaseJson[]>().find((p) => p.id === sit.id);
    expect(publicSit).toMatchObject({ status: 'in_progress', testsPassed: 412, evidence: null });
    const authority = await call(
      t,
      w.c.authority,
      'GET',
      `/api/v1/releases/${w.february}/test-phases/${sit.id}`,
    );
    expect(authority.json<PhaseJson>().evidence).toMatchObject([
      {
        id: evidenceId,
        filename: 'sit-summary.csv',
        href: `/api/v1/test-evidence/${String(evidenceId)}`,
      },
    ]);
  });

  it('D10.16: the testing page shows plan against actual with the late tag; evidence links only for the Panel, SECAS, DCC and Authority', async () => {
    const publicPage = await t.app.inject({
      method: 'GET',
      url: `/releases/${w.february}/testing`,
    });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('DCC System Integration Testing');
    expect(publicPage.body).toContain('Late');
    expect(publicPage.body).toContain('started after its planned start');
    expect(publicPage.body).toContain('412 / 9');
    expect(publicPage.body).not.toContain('sit-summary.csv');
    const release = await t.app.inject({ method: 'GET', url: `/releases/${w.february}` });
    expect(release.body).toContain(`href="/releases/${w.february}/testing"`);
  });
});

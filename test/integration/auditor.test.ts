import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditorAccessAttention } from '../../src/modules/auditor/auditor.attention.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  givenAuditorCast,
  givenReleaseRecords,
  mailTo,
  releaseEvents,
  type AuditorCast,
} from './auditor-fixtures.ts';
import { call, count } from './modification-fixtures.ts';

describe.each(ENGINES)('External auditor (D10.11) on %s', (engine) => {
  let t: TestApp;
  let c: AuditorCast;
  let evidenceId: number;
  let bytes: Uint8Array;
  let appointmentId: number;
  let version: number;

  const records = (user = c.auditor, release = c.audited) =>
    call(t, user, 'GET', `/api/v1/auditor/releases/${release}/records`);
  const appointments = (release = c.audited) => `/api/v1/releases/${release}/auditor/appointments`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAuditorCast(t);
    ({ evidenceId, bytes } = await givenReleaseRecords(t, c.audited, 'June'));
    await givenReleaseRecords(t, c.other, 'November');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.11: only an organisation of kind auditor can be appointed, with a field error; nothing is recorded', async () => {
    const events = await count(t, 'audit_event');
    const response = await call(t, c.secas, 'POST', appointments(), {
      appointedBy: 'panel',
      organisationId: c.albionOrg,
      termsOfReference: 'Monitor the DCC’s testing.',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      field: 'organisationId',
      message: 'Only an auditor organisation can be appointed: Albion Power Ltd is not one',
    });
    const noTerms = await call(t, c.secas, 'POST', appointments(), {
      appointedBy: 'panel',
      organisationId: c.firm,
      termsOfReference: ' ',
    });
    expect(noTerms.json()).toMatchObject({ field: 'termsOfReference' });
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await t.ctx.db.selectFrom('auditor_appointment').select('id').execute()).toEqual([]);
  });

  it('D10.11: a Party or a Panel member cannot record the Panel’s appointment', async () => {
    const body = { appointedBy: 'panel', organisationId: c.firm, termsOfReference: 'ToR' };
    expect((await call(t, c.albion, 'POST', appointments(), body)).statusCode).toBe(403);
    expect((await call(t, c.member, 'POST', appointments(), body)).statusCode).toBe(403);
  });

  it('D10.11: the Panel appoints the firm; proposed until the terms are approved, and the auditor cannot read yet', async () => {
    const response = await call(t, c.secas, 'POST', appointments(), {
      appointedBy: 'panel',
      organisationId: c.firm,
      termsOfReference: 'Monitor the DCC’s implementation plans, progress and testing.',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      appointedBy: 'panel',
      organisationId: c.firm,
      status: 'proposed',
      torApprovedOn: null,
    });
    ({ id: appointmentId, version } = response.json<{ id: number; version: number }>());
    expect(await releaseEvents(t, c.audited, 'auditor.proposed')).toHaveLength(1);
    expect((await records()).statusCode).toBe(403);
    expect(await releaseEvents(t, c.audited, 'auditor.accessed')).toHaveLength(0);
  });

  it('D10.11: approving the terms: stale or future-dated is refused; then the appointment takes effect and the firm is told', async () => {
    const url = `${appointments()}/${appointmentId}/approval`;
    const stale = await call(t, c.chair, 'POST', url, { approvedOn: '2026-11-26', version: 99 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    const future = await call(t, c.chair, 'POST', url, { approvedOn: '2026-11-28', version });
    expect(future.json()).toMatchObject({ code: 'validation_failed', field: 'approvedOn' });
    expect(
      (await call(t, c.member, 'POST', url, { approvedOn: '2026-11-26', version })).statusCode,
    ).toBe(403);
    const approved = await call(t, c.chair, 'POST', url, { approvedOn: '2026-11-26', version });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'appointed', torApprovedOn: '2026-11-26' });
    version = approved.json<{ version: number }>().version;
    const again = await call(t, c.chair, 'POST', url, { approvedOn: '2026-11-26', version });
    expect(again.json()).toMatchObject({ code: 'auditor_appointment_status' });
    expect(await releaseEvents(t, c.audited, 'auditor.appointed')).toHaveLength(1);
    const mail = await mailTo(t, c.auditor.email);
    expect(mail.map((m) => m.subject)).toEqual([
      'June 2027 SEC Release: your appointment as external auditor has taken effect',
    ]);
  });

  it('D10.11: the appointed auditor reads the release’s records, and the read is logged before the answer', async () => {
    const response = await records();
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, { [k: string]: unknown }[]>>();
    expect(body.ridVersions?.[0]).toMatchObject({ number: 1, status: 'approved' });
    expect(body.ridVersions?.[0]?.sections).toMatchObject({ contentNotes: 'June content' });
    expect(body.testPhases?.[0]).toMatchObject({
      name: 'June SIT',
      testsPassed: 412,
      testsFailed: 9,
    });
    expect(body.readinessReports?.[0]).toMatchObject({ summary: 'June on track' });
    expect(body.evidence?.[0]).toMatchObject({
      id: evidenceId,
      filename: 'June SIT exit report.pdf',
    });
    expect(body.dccInfoRequests?.[0]).toMatchObject({ response: 'June regression covers DUIS' });
    expect(JSON.stringify(body)).not.toContain('November');
    const logged = await releaseEvents(t, c.audited, 'auditor.accessed');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      actor_id: c.auditor.id,
      after: { view: 'records', via: 'api' },
    });
  });

  it('D10.11: a colleague at the appointed firm may read too; each read is one more event', async () => {
    expect((await records(c.colleague)).statusCode).toBe(200);
    expect((await records()).statusCode).toBe(200);
    expect(await releaseEvents(t, c.audited, 'auditor.accessed')).toHaveLength(3);
  });

  it('D10.11: evidence downloads give the file and are logged with its name', async () => {
    const url = `/api/v1/auditor/releases/${c.audited}/evidence/${evidenceId}`;
    const response = await call(t, c.auditor, 'GET', url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('June SIT exit report.pdf');
    expect(new Uint8Array(response.rawPayload)).toEqual(bytes);
    const logged = await releaseEvents(t, c.audited, 'auditor.accessed');
    expect(logged).toHaveLength(4);
    expect(logged.at(-1)?.after).toEqual({
      evidenceId,
      filename: 'June SIT exit report.pdf',
      via: 'api',
    });
  });

  it('D10.11: another release, its evidence and another firm are refused, and nothing is logged for them', async () => {
    const before = (await releaseEvents(t, c.audited, 'auditor.accessed')).length;
    expect((await records(c.auditor, c.other)).statusCode).toBe(403);
    const otherEvidence = await t.ctx.db
      .selectFrom('test_evidence')
      .select('id')
      .where('release_id', '=', c.other)
      .executeTakeFirstOrThrow();
    const cross = `/api/v1/auditor/releases/${c.audited}/evidence/${otherEvidence.id}`;
    expect((await call(t, c.auditor, 'GET', cross)).statusCode).toBe(404);
    const direct = `/api/v1/auditor/releases/${c.other}/evidence/${otherEvidence.id}`;
    expect((await call(t, c.auditor, 'GET', direct)).statusCode).toBe(403);
    expect((await records(c.rival)).statusCode).toBe(403);
    expect((await records(c.albion)).statusCode).toBe(403);
    expect(await releaseEvents(t, c.other, 'auditor.accessed')).toHaveLength(0);
    expect(await releaseEvents(t, c.audited, 'auditor.accessed')).toHaveLength(before);
  });

  it('D10.11: the Panel sees every read in the release’s access log; auditors and Parties do not', async () => {
    const log = await call(t, c.member, 'GET', `/api/v1/releases/${c.audited}/auditor/access-log`);
    expect(log.statusCode).toBe(200);
    expect(log.json<unknown[]>()).toHaveLength(4);
    for (const user of [c.auditor, c.albion, c.dcc])
      expect(
        (await call(t, user, 'GET', `/api/v1/releases/${c.audited}/auditor/access-log`)).statusCode,
      ).toBe(403);
  });

  it('D10.11: the auditor asks for test witnessing; the DCC is told and sees it on its home page', async () => {
    const url = `/api/v1/auditor/releases/${c.audited}/access-requests`;
    const undated = await call(t, c.auditor, 'POST', url, {
      kind: 'test_witnessing',
      detail: 'Witness the regression run',
    });
    expect(undated.json()).toMatchObject({ code: 'validation_failed', field: 'wantedOn' });
    expect((await call(t, c.rival, 'POST', url, { kind: 'records', detail: 'x' })).statusCode).toBe(
      403,
    );
    const made = await call(t, c.auditor, 'POST', url, {
      kind: 'test_witnessing',
      detail: 'Witness the regression run',
      wantedOn: '2027-01-12',
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ status: 'open', wantedOn: '2027-01-12' });
    expect(await releaseEvents(t, c.audited, 'auditor.access_requested')).toHaveLength(1);
    expect((await mailTo(t, c.dcc.email)).map((m) => m.subject)).toContain(
      'June 2027 SEC Release: the external auditor asks for test witnessing',
    );
    const dcc = await loadPrincipal(t.ctx.db, c.dcc.id, 'token', null);
    if (!dcc) throw new Error('no DCC principal');
    expect((await auditorAccessAttention(t.ctx, dcc)).map((i) => i.title)).toEqual([
      'June 2027 SEC Release: the external auditor asks for test witnessing',
    ]);
  });

  it('D10.11: the DCC grants with the arranged date; the answer needs text; a second answer is refused', async () => {
    const list = await call(t, c.secas, 'GET', `/api/v1/releases/${c.audited}/auditor`);
    const request = list.json<{ accessRequests: { id: number; version: number }[] }>()
      .accessRequests[0];
    if (!request) throw new Error('no access request');
    const url = `/api/v1/releases/${c.audited}/auditor/access-requests/${request.id}/answer`;
    const body = { outcome: 'granted', answer: 'Lab 2, Runcorn', arrangedOn: '2027-01-12' };
    expect(
      (await call(t, c.secas, 'POST', url, { ...body, version: request.version })).statusCode,
    ).toBe(403);
    expect(
      (await call(t, c.auditor, 'POST', url, { ...body, version: request.version })).statusCode,
    ).toBe(403);
    const noDate = await call(t, c.dcc, 'POST', url, {
      ...body,
      arrangedOn: '',
      version: request.version,
    });
    expect(noDate.json()).toMatchObject({ field: 'arrangedOn' });
    const noText = await call(t, c.dcc, 'POST', url, {
      ...body,
      answer: '',
      version: request.version,
    });
    expect(noText.json()).toMatchObject({ field: 'answer' });
    const granted = await call(t, c.dcc, 'POST', url, { ...body, version: request.version });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ status: 'granted', arrangedOn: '2027-01-12' });
    const again = await call(t, c.dcc, 'POST', url, {
      outcome: 'refused',
      answer: 'No',
      version: granted.json<{ version: number }>().version,
    });
    expect(again.json()).toMatchObject({ code: 'access_request_answered' });
    expect(await releaseEvents(t, c.audited, 'auditor.access_answered')).toHaveLength(1);
    expect((await mailTo(t, c.auditor.email)).map((m) => m.subject)).toContain(
      'June 2027 SEC Release: the DCC has granted your request for test witnessing',
    );
  });

  it('D10.11: the Panel may instead require the DCC to appoint; the DCC names the firm, then the Panel approves', async () => {
    const named = await call(t, c.chair, 'POST', appointments(c.other), {
      appointedBy: 'dcc',
      organisationId: c.rivalFirm,
      termsOfReference: 'ToR',
    });
    expect(named.json()).toMatchObject({ field: 'organisationId' });
    const made = await call(t, c.chair, 'POST', appointments(c.other), {
      appointedBy: 'dcc',
      termsOfReference: 'Audit the DCC’s readiness reporting for November.',
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ appointedBy: 'dcc', organisationId: null });
    const { id, version: v1 } = made.json<{ id: number; version: number }>();
    expect((await mailTo(t, c.dcc.email)).map((m) => m.subject)).toContain(
      'November 2027 SEC Release: the Panel requires the DCC to appoint an external auditor',
    );
    const early = await call(t, c.chair, 'POST', `${appointments(c.other)}/${id}/approval`, {
      approvedOn: '2026-11-27',
      version: v1,
    });
    expect(early.json()).toMatchObject({ code: 'auditor_appointment_status' });
    const naming = `${appointments(c.other)}/${id}/organisation`;
    expect(
      (await call(t, c.secas, 'POST', naming, { organisationId: c.rivalFirm, version: v1 }))
        .statusCode,
    ).toBe(403);
    const party = await call(t, c.dcc, 'POST', naming, {
      organisationId: c.albionOrg,
      version: v1,
    });
    expect(party.json()).toMatchObject({ field: 'organisationId' });
    const ok = await call(t, c.dcc, 'POST', naming, { organisationId: c.rivalFirm, version: v1 });
    expect(ok.json()).toMatchObject({ organisationId: c.rivalFirm, status: 'proposed' });
    const approved = await call(t, c.secas, 'POST', `${appointments(c.other)}/${id}/approval`, {
      approvedOn: '2026-11-27',
      version: ok.json<{ version: number }>().version,
    });
    expect(approved.json()).toMatchObject({ status: 'appointed' });
    expect((await records(c.rival, c.other)).statusCode).toBe(200);
    expect((await records(c.rival, c.audited)).statusCode).toBe(403);
    expect((await records(c.auditor, c.other)).statusCode).toBe(403);
    expect(await releaseEvents(t, c.other, 'auditor.named')).toHaveLength(1);
  });

  it('D10.11: ending needs a reason; once ended the auditor reads, downloads and asks nothing', async () => {
    const url = `${appointments()}/${appointmentId}/end`;
    const bare = await call(t, c.secas, 'POST', url, { reason: '', version });
    expect(bare.json()).toMatchObject({ field: 'reason' });
    const ended = await call(t, c.secas, 'POST', url, { reason: 'Audit complete', version });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', endReason: 'Audit complete' });
    expect(await releaseEvents(t, c.audited, 'auditor.ended')).toHaveLength(1);
    const reads = (await releaseEvents(t, c.audited, 'auditor.accessed')).length;
    expect((await records()).statusCode).toBe(403);
    const download = `/api/v1/auditor/releases/${c.audited}/evidence/${evidenceId}`;
    expect((await call(t, c.auditor, 'GET', download)).statusCode).toBe(403);
    const ask = await call(
      t,
      c.auditor,
      'POST',
      `/api/v1/auditor/releases/${c.audited}/access-requests`,
      {
        kind: 'records',
        detail: 'More',
      },
    );
    expect(ask.statusCode).toBe(403);
    expect(await releaseEvents(t, c.audited, 'auditor.accessed')).toHaveLength(reads);
    const mine = await call(t, c.auditor, 'GET', '/api/v1/auditor/appointments');
    expect(mine.json()).toEqual([
      expect.objectContaining({ releaseId: c.audited, status: 'ended' }),
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedConsultationFor } from '../../src/modules/consultation/consultation.store.ts';
import type { TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  CLOSE,
  DCC_AND_USERS,
  givenConsultationWorld,
  openDccAndUsers,
  consultationCalls,
  type ConsultationWorld,
  type ResponseJson,
} from './consultation-fixtures.ts';

describe.each(ENGINES)('Consultations on %s', (engine) => {
  let w: ConsultationWorld;
  let id: number;
  let confidentialId: number;

  const { as, db, responses, audit, answer } = consultationCalls(() => w);
  const visibleTo = async (user: TestUser | null) =>
    (await as(user, 'GET', `/api/v1/consultations/${id}`))
      .json<{ responses: ResponseJson[] }>()
      .responses.map((r) => r.organisation);

  beforeAll(async () => {
    w = await givenConsultationWorld(engine);
  });
  afterAll(async () => {
    await w.t.close();
  });

  it('D10.9 SECAS consults the DCC and Users, closing 10 Working Days after 9 June 2021: 23:59:59 UK time on 23 June', async () => {
    const response = await openDccAndUsers(w);
    expect(response.statusCode).toBe(201);
    const body = response.json<{ id: number; closesAt: string; status: string; version: number }>();
    expect(body).toMatchObject({
      closesAt: CLOSE,
      status: 'open',
      version: 1,
      opensAt: '2021-06-08T23:00:00.000Z',
    });
    id = body.id;
    const row = await db()
      .selectFrom('consultation')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.closes_at).toISOString()).toBe(CLOSE);
    expect(row.audiences).toEqual(['dcc', 'users']);
    const [event] = await audit('consultation.opened');
    expect(event).toMatchObject({
      subject_type: 'consultation',
      subject_id: String(id),
      actor_id: w.secas.id,
    });
  });

  it('Consultations: a Party cannot open one, an unknown body is refused naming the field, nothing written', async () => {
    const before = (await db().selectFrom('consultation').select('id').execute()).length;
    expect((await as(w.userParty, 'POST', '/api/v1/consultations', DCC_AND_USERS)).statusCode).toBe(
      403,
    );
    const bad = await as(w.secas, 'POST', '/api/v1/consultations', {
      ...DCC_AND_USERS,
      audiences: ['body:nonesuch'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'audiences' });
    const both = await as(w.secas, 'POST', '/api/v1/consultations', {
      ...DCC_AND_USERS,
      closesAt: '2021-06-30',
    });
    expect(both.json()).toMatchObject({ field: 'closesAt' });
    expect((await db().selectFrom('consultation').select('id').execute()).length).toBe(before);
  });

  it('Consultations: the summary is refused while the consultation is open', async () => {
    const response = await as(w.secas, 'POST', `/api/v1/consultations/${id}/summary`, {
      version: 1,
      summary: 'Too early',
      points: [],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'consultation_not_open' });
    expect(await db().selectFrom('consultation_point').selectAll().execute()).toHaveLength(0);
  });

  it('Consultations: a User Party responds (row and audit), once', async () => {
    const response = await as(w.userParty, 'POST', `/api/v1/consultations/${id}/responses`, {
      answers: [{ questionId: 'q1', text: 'Yes, but three months is short.' }],
      confidential: true,
    });
    expect(response.statusCode).toBe(201);
    confidentialId = response.json<ResponseJson>().id;
    expect(await responses()).toMatchObject([
      {
        organisation_id: w.userParty.organisationId,
        respondent_id: w.userParty.id,
        confidential: true,
      },
    ]);
    const [event] = await audit('consultation.response_submitted');
    expect(event).toMatchObject({ subject_id: String(confidentialId) });
    expect(JSON.stringify(event?.after)).not.toContain('three months');
    const again = await as(
      w.userParty,
      'POST',
      `/api/v1/consultations/${id}/responses`,
      answer('Again'),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already_exists' });
  });

  it('Consultations: a Party that is not a User is refused (403) and nothing is written', async () => {
    const response = await as(
      w.nonUserParty,
      'POST',
      `/api/v1/consultations/${id}/responses`,
      answer('Hello'),
    );
    expect(response.statusCode).toBe(403);
    expect(await responses()).toHaveLength(1);
    expect(await audit('consultation.response_submitted')).toHaveLength(1);
  });

  it('Consultations: the DCC responds; an answer to a question that does not exist names the field', async () => {
    const bad = await as(w.dcc, 'POST', `/api/v1/consultations/${id}/responses`, {
      answers: [{ questionId: 'q7', text: 'Hm' }],
      confidential: false,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'answers.0' });
    const response = await as(
      w.dcc,
      'POST',
      `/api/v1/consultations/${id}/responses`,
      answer('The DCC agrees.'),
    );
    expect(response.statusCode).toBe(201);
    expect(await responses()).toHaveLength(2);
  });

  it('Consultations: a confidential response is seen by SECAS, the Panel, the Authority and the responder only', async () => {
    for (const user of [w.secas, w.chair, w.panelMember, w.authority, w.userParty]) {
      expect(await visibleTo(user)).toEqual(['Northwind Energy plc', 'Smart DCC Ltd']);
    }
    expect(await visibleTo(w.otherParty)).toEqual(['Smart DCC Ltd']);
    expect(await visibleTo(null)).toEqual(['Smart DCC Ltd']);
    const publicView = await as(null, 'GET', `/api/v1/consultations/${id}`);
    expect(publicView.json()).toMatchObject({ withheldConfidential: 1 });
    expect(publicView.body).not.toContain('three months');
  });

  it('Consultations: an open consultation’s close is extended with a version check, never brought forward', async () => {
    const stale = await as(w.secas, 'PATCH', `/api/v1/consultations/${id}`, {
      version: 99,
      closesAt: '2021-06-30',
    });
    expect(stale.statusCode).toBe(409);
    const shorter = await as(w.secas, 'PATCH', `/api/v1/consultations/${id}`, {
      version: 1,
      closesAt: '2021-06-16',
    });
    expect(shorter.statusCode).toBe(400);
    expect(shorter.json()).toMatchObject({ field: 'closesAt' });
    const retitle = await as(w.secas, 'PATCH', `/api/v1/consultations/${id}`, {
      version: 1,
      title: 'New title',
    });
    expect(retitle.json()).toMatchObject({ field: 'title' });
    const same = await as(w.secas, 'PATCH', `/api/v1/consultations/${id}`, {
      version: 1,
      closesAfterWorkingDays: 10,
    });
    expect(same.json()).toMatchObject({ version: 1, closesAt: CLOSE });
    expect(await audit('consultation.extended')).toHaveLength(0);
  });

  it('Consultations: before it opens anything may be edited, based on the version seen', async () => {
    const scheduled = await openDccAndUsers(w, {
      ...DCC_AND_USERS,
      subjectId: '9',
      opensAt: '2021-07-01',
    });
    expect(scheduled.json()).toMatchObject({ status: 'scheduled' });
    const sid = scheduled.json<{ id: number }>().id;
    const edited = await as(w.secas, 'PATCH', `/api/v1/consultations/${sid}`, {
      version: 1,
      title: 'Policy version 9',
      questions: ['Only one question?'],
      audiences: ['all_parties'],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      version: 2,
      title: 'Policy version 9',
      audiences: ['all_parties'],
    });
    const [event] = await audit('consultation.updated');
    expect(event).toMatchObject({ subject_id: String(sid) });
    const early = await as(
      w.userParty,
      'POST',
      `/api/v1/consultations/${sid}/responses`,
      answer('Early'),
    );
    expect(early.json()).toMatchObject({ code: 'consultation_not_open' });
    const party = await as(w.userParty, 'PATCH', `/api/v1/consultations/${sid}`, {
      version: 2,
      title: 'x',
    });
    expect(party.statusCode).toBe(403);
  });

  it('D10.9 closedConsultationFor finds the consultation only after it closes, and only when it asked the DCC and Users', async () => {
    const usersOnly = await openDccAndUsers(w, {
      ...DCC_AND_USERS,
      audiences: ['users'],
      closesAt: '2021-06-10',
      closesAfterWorkingDays: undefined,
    });
    expect(usersOnly.statusCode).toBe(201);
    const find = (now: Date) =>
      closedConsultationFor(db(), 'other', 'notice-periods', ['dcc', 'users'], now);
    expect(await find(new Date(CLOSE))).toBeUndefined();
    expect((await find(new Date(Date.parse(CLOSE) + 1000)))?.id).toBe(id);
    expect(
      await closedConsultationFor(
        db(),
        'other',
        'another-subject',
        ['dcc', 'users'],
        new Date('2022-01-01'),
      ),
    ).toBeUndefined();
    expect(
      (
        await closedConsultationFor(
          db(),
          'other',
          'notice-periods',
          ['users'],
          new Date('2021-06-11'),
        )
      )?.id,
    ).toBe(usersOnly.json<{ id: number }>().id);
  });

  it('Consultations: a response at the exact close is accepted; one second later it is refused and nothing written', async () => {
    w.t.clock.set(CLOSE);
    const onTime = await as(
      w.otherParty,
      'POST',
      `/api/v1/consultations/${id}/responses`,
      answer('Just in time'),
    );
    expect(onTime.statusCode).toBe(201);
    w.t.clock.set(new Date(Date.parse(CLOSE) + 1000).toISOString());
    const late = await as(
      w.nonUserParty,
      'POST',
      `/api/v1/consultations/${id}/responses`,
      answer('Late'),
    );
    const lateUser = await as(w.dcc, 'PUT', `/api/v1/consultations/${id}/responses/mine`, {
      ...answer('Late'),
      submittedAt: CLOSE,
    });
    for (const refused of [late, lateUser]) {
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'consultation_closed' });
    }
    expect(await responses()).toHaveLength(3);
    const list = await as(null, 'GET', '/api/v1/consultations?status=closed&subjectType=other');
    expect(list.json<{ id: number }[]>().map((c) => c.id)).toContain(id);
  });

  it('Consultations: after the close SECAS records the summary with a reply to each point; published with it', async () => {
    const party = await as(w.userParty, 'POST', `/api/v1/consultations/${id}/summary`, {
      version: 1,
      summary: 'x',
      points: [],
    });
    expect(party.statusCode).toBe(403);
    const wrongResponse = await as(w.secas, 'POST', `/api/v1/consultations/${id}/summary`, {
      version: 1,
      summary: 'Three responses.',
      points: [{ point: 'Notice too short', reply: 'Kept', responseId: 999 }],
    });
    expect(wrongResponse.json()).toMatchObject({ field: 'points.0.responseId' });
    const response = await as(w.secas, 'POST', `/api/v1/consultations/${id}/summary`, {
      version: 1,
      summary: 'Three responses, broadly in favour.',
      points: [
        {
          point: 'Three months’ notice is short',
          reply: 'The Panel keeps three months.',
          responseId: confidentialId,
        },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      version: 2,
      summary: 'Three responses, broadly in favour.',
    });
    const detail = await as(null, 'GET', `/api/v1/consultations/${id}`);
    expect(detail.json()).toMatchObject({
      points: [{ reply: 'The Panel keeps three months.', responseId: confidentialId }],
    });
    expect(await audit('consultation.summary_published')).toHaveLength(1);
  });
  it('Consultations: every route is in the OpenAPI document; the public reads need no sign-in', async () => {
    const doc = (await as(null, 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>();
    const paths = doc.paths;
    expect(paths['/api/v1/consultations']?.get?.security).toEqual([]);
    expect(paths['/api/v1/consultations/{id}']?.get?.security).toEqual([]);
    expect(paths['/api/v1/attachments/{id}']?.get?.security).toEqual([]);
    expect(paths['/api/v1/consultations']?.post).toBeDefined();
    expect(paths['/api/v1/consultations/{id}']?.patch).toBeDefined();
    expect(paths['/api/v1/consultations/{id}/responses']?.post).toBeDefined();
    expect(paths['/api/v1/consultations/{id}/responses/mine']?.put).toBeDefined();
    expect(paths['/api/v1/consultations/{id}/summary']?.post).toBeDefined();
    expect(
      paths['/api/v1/consultations/{id}/responses/{responseId}/attachments']?.post,
    ).toBeDefined();
  });
});

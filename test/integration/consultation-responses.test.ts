import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  givenConsultationWorld,
  multipart,
  openDccAndUsers,
  consultationCalls,
  type ConsultationWorld,
  type ResponseJson,
} from './consultation-fixtures.ts';

describe.each(ENGINES)('Consultation responses and files on %s', (engine) => {
  let w: ConsultationWorld;
  let id: number;
  let confidentialId: number;

  const { as, db, responses, audit, answer } = consultationCalls(() => w);
  beforeAll(async () => {
    w = await givenConsultationWorld(engine);
    id = (await openDccAndUsers(w)).json<{ id: number }>().id;
    const response = await as(w.userParty, 'POST', `/api/v1/consultations/${id}/responses`, {
      answers: [{ questionId: 'q1', text: 'Yes, but three months is short.' }],
      confidential: true,
    });
    confidentialId = response.json<ResponseJson>().id;
  });
  afterAll(async () => {
    await w.t.close();
  });

  it('Consultations: the responder amends its response while open, based on the version it saw', async () => {
    const stale = await as(w.userParty, 'PUT', `/api/v1/consultations/${id}/responses/mine`, {
      ...answer('Changed'),
      submittedAt: '2021-01-01T00:00:00.000Z',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    w.t.clock.advance(60_000);
    const seen = (await responses())[0]?.submitted_at;
    const amended = await as(w.userParty, 'PUT', `/api/v1/consultations/${id}/responses/mine`, {
      answers: [
        { questionId: 'q1', text: 'Yes, but three months is short.' },
        { questionId: 'q2', text: 'None.' },
      ],
      confidential: true,
      submittedAt: new Date(seen ?? 0).toISOString(),
    });
    expect(amended.statusCode).toBe(200);
    expect(amended.json<{ answers: unknown[] }>().answers).toHaveLength(2);
    expect(await audit('consultation.response_amended')).toHaveLength(1);
  });

  it('Consultations: files are stored and downloaded by permitted viewers only; .exe and HTML are refused', async () => {
    const url = `/api/v1/consultations/${id}/responses/${confidentialId}/attachments`;
    const pdf = multipart({}, [
      { filename: 'evidence.pdf', content: '%PDF-1.4 evidence', type: 'application/pdf' },
    ]);
    const upload = await w.t.app.inject({
      method: 'POST',
      url,
      payload: pdf.payload,
      headers: { ...pdf.headers, ...bearer(w.userParty) },
    });
    expect(upload.statusCode).toBe(201);
    const [attachmentId] = upload.json<{ attachmentIds: number[] }>().attachmentIds;
    const stored = await db().selectFrom('response_attachment').selectAll().execute();
    expect(stored).toMatchObject([
      { filename: 'evidence.pdf', content_type: 'application/pdf', size_bytes: 17 },
    ]);
    expect(await audit('consultation.attachment_added')).toHaveLength(1);

    const download = await as(w.authority, 'GET', `/api/v1/attachments/${attachmentId}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="evidence.pdf"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.body).toBe('%PDF-1.4 evidence');
    expect((await as(w.otherParty, 'GET', `/api/v1/attachments/${attachmentId}`)).statusCode).toBe(
      404,
    );
    expect((await as(null, 'GET', `/api/v1/attachments/${attachmentId}`)).statusCode).toBe(404);

    for (const file of [
      { filename: 'setup.exe', content: 'MZ\u0090\u0000' },
      {
        filename: 'page.html',
        content: '<html><script>alert(1)</script></html>',
        type: 'text/html',
      },
      { filename: 'notes.txt', content: '<!doctype html><script>alert(1)</script>' },
    ]) {
      const body = multipart({}, [file]);
      const refused = await w.t.app.inject({
        method: 'POST',
        url,
        payload: body.payload,
        headers: { ...body.headers, ...bearer(w.userParty) },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'file' });
    }
    const other = multipart({}, [{ filename: 'b.pdf', content: '%PDF-1.4' }]);
    const notTheirs = await w.t.app.inject({
      method: 'POST',
      url,
      payload: other.payload,
      headers: { ...other.headers, ...bearer(w.otherParty) },
    });
    expect(notTheirs.statusCode).toBe(403);
    const four = multipart(
      {},
      ['a', 'b', 'c', 'd'].map((n) => ({ filename: `${n}.txt`, content: n })),
    );
    const tooMany = await w.t.app.inject({
      method: 'POST',
      url,
      payload: four.payload,
      headers: { ...four.headers, ...bearer(w.userParty) },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ field: 'file' });
    expect(await db().selectFrom('response_attachment').select('id').execute()).toHaveLength(1);
  });
});

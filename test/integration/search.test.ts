import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, bearer } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  consultationCalls,
  givenConsultationWorld,
  openDccAndUsers,
  DCC_AND_USERS,
  type ConsultationWorld,
} from './consultation-fixtures.ts';
import { givenCatalogue } from './modification-fixtures.ts';

const MARKER = 'quokka-confidential-7731';

/** The results' kinds and links, in order. */
function resultsOf(body: string): { kind: string; href: string; label: string }[] {
  return [
    ...body.matchAll(
      /<span class="govuk-caption-s">([^,<]+)[^]*?<a class="govuk-link govuk-!-font-weight-bold" href="([^"]+)">([^<]+)<\/a>/g,
    ),
  ].map((m) => ({
    kind: m[1] ?? '',
    href: (m[2] ?? '').replace(/&amp;/g, '&'),
    label: m[3] ?? '',
  }));
}

describe.each(ENGINES)('issue 13: one search across the site on %s', (engine) => {
  let w: ConsultationWorld;
  let consultationId: number;
  let modificationId: number;
  let publicReader: BrowserSession;
  let secas: BrowserSession;
  const { as } = consultationCalls(() => w);

  beforeAll(async () => {
    w = await givenConsultationWorld(engine);
    await givenCatalogue(w.t);
    consultationId = (
      await openDccAndUsers(w, { ...DCC_AND_USERS, title: 'Quokka notice periods' })
    ).json<{ id: number }>().id;
    const confidential = await as(
      w.userParty,
      'POST',
      `/api/v1/consultations/${consultationId}/responses`,
      { answers: [{ questionId: 'q1', text: `Our costs: ${MARKER}` }], confidential: true },
    );
    expect(confidential.statusCode).toBe(201);
    for (let i = 0; i < 22; i++) {
      const raised = await w.t.app.inject({
        method: 'POST',
        url: '/api/v1/modifications',
        headers: bearer(w.userParty),
        payload: { reference: `MP${500 + i}`, title: `Quokka alerts ${i}`, path: 'path3' },
      });
      expect(raised.statusCode, raised.body).toBe(201);
      if (i === 0) modificationId = raised.json<{ id: number }>().id;
    }
    await w.t.ctx.db
      .insertInto('decision')
      .values({
        modification_id: modificationId,
        kind: 'change_board_decision',
        outcome: 'approve',
        decided_on: '2021-06-09',
        notes: 'Wallaby reasons of the Change Board',
        recorded_at: w.t.clock.now(),
      })
      .execute();
    publicReader = new BrowserSession(w.t.app);
    secas = new BrowserSession(w.t.app);
    await secas.signIn(w.secas.email);
  });
  afterAll(async () => {
    await w.t.close();
  });

  it('finds modifications and consultations for the public, each saying what it is and linking to it, counted and paged', async () => {
    const page = await publicReader.get('/search?q=quokka');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('23 results for “quokka”');
    const results = resultsOf(page.body);
    expect(results).toHaveLength(20);
    expect(results[0]?.kind).toBe('Modification');
    expect(results[0]?.href).toMatch(/^\/modifications\/\d+$/);
    expect(page.body).toContain('href="/search?q=quokka&amp;page=2"');
    const second = resultsOf((await publicReader.get('/search?q=quokka&page=2')).body);
    expect(second).toHaveLength(3);
    expect(second.at(-1)).toEqual({
      kind: 'Consultation',
      href: `/consultations/${consultationId}`,
      label: 'Quokka notice periods',
    });
    for (const result of [...results, ...second]) {
      expect((await publicReader.get(result.href)).statusCode, result.href).toBe(200);
    }
    const byReference = resultsOf((await publicReader.get('/search?q=MP500')).body);
    expect(byReference).toEqual([
      { kind: 'Modification', href: `/modifications/${modificationId}`, label: 'MP500' },
    ]);
  });

  it('never finds a confidential response, for the public or anyone signed in', async () => {
    for (const reader of [publicReader, secas]) {
      const page = await reader.get(`/search?q=${MARKER}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('0 results');
      expect(page.body).not.toContain(`Our costs`);
    }
  });

  it('finds decisions and catalogue documents only for readers who may open them', async () => {
    const publicDecision = await publicReader.get('/search?q=wallaby');
    expect(publicDecision.body).toContain('0 results');
    const decision = resultsOf((await secas.get('/search?q=wallaby')).body);
    expect(decision).toEqual([
      { kind: 'Decision', href: `/modifications/${modificationId}`, label: 'MP500' },
    ]);
    expect(resultsOf((await publicReader.get('/search?q=interface%20specification')).body)).toEqual(
      [],
    );
    const documents = resultsOf((await secas.get('/search?q=interface%20specification')).body);
    expect(documents.map((d) => [d.kind, d.label])).toEqual([['SEC document', 'Appendix AD']]);
    expect(documents[0]?.href).toMatch(/^\/modifications\?document=/);
    expect((await secas.get(documents[0]?.href ?? '')).statusCode).toBe(200);
  });

  it('offers its box on the landing page and refuses an over-long search naming the field', async () => {
    const landing = await publicReader.get('/');
    expect(landing.body).toContain('action="/search"');
    const long = await publicReader.get(`/search?q=${'x'.repeat(500)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('href="#q"');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { main } from '../../src/cli/main.ts';
import { openDatabase } from '../../src/db/database.ts';
import {
  loadCatalogueOnFirstStart,
  loadSecCatalogue,
} from '../../src/modules/catalogue/catalogue.actions.ts';
import { SEC_CATALOGUE } from '../../src/modules/catalogue/sec-catalogue.ts';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

type Method = 'GET' | 'POST' | 'PUT';

async function count(t: TestApp, table: 'sec_document' | 'audit_event' | 'outbox_message') {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(ENGINES)('the SEC catalogue as reference data (A-TCS) on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;

  beforeAll(async () => {
    t = await createTestApp(engine);
    secas = await givenUser(t.ctx, 'code_administrator');
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (user: TestUser, method: Method, url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(user), ...(payload ? { payload } : {}) });

  it('A-TCS: a fresh database gets the SEC catalogue on its first start, every entry audited, with the D6.8 classes', async () => {
    expect(await count(t, 'sec_document')).toBe(0);
    const events = await count(t, 'audit_event');
    const load = await loadCatalogueOnFirstStart(t.ctx);
    expect(load?.added).toHaveLength(SEC_CATALOGUE.length);
    expect(await count(t, 'sec_document')).toBe(SEC_CATALOGUE.length);
    const created = await t.ctx.db
      .selectFrom('audit_event')
      .select(['subject_id', 'actor_label'])
      .where('action', '=', 'catalogue.document_created')
      .execute();
    expect(created).toHaveLength(SEC_CATALOGUE.length);
    expect(await count(t, 'audit_event')).toBe(events + SEC_CATALOGUE.length + 1);
    const loaded = await t.ctx.db
      .selectFrom('audit_event')
      .select(['after'])
      .where('action', '=', 'catalogue.loaded')
      .executeTakeFirstOrThrow();
    expect(loaded.after).toMatchObject({ entries: SEC_CATALOGUE.length });

    const documents = await call(secas, 'GET', '/api/v1/documents');
    const entries = documents.json<{ id: string; code: string; classes: string[] }[]>();
    const find = (id: string) => entries.find((entry) => entry.id === id);
    expect(entries[0]).toMatchObject({ id: 'section-a', code: 'Section A' });
    expect(find('section-z')?.classes).toEqual(['relates_to_section_z']);
    expect(find('sec-release-management-policy')?.classes).toEqual([
      'technical_code_specification',
    ]);
    expect(find('appendix-ad')?.classes).toEqual(['technical_code_specification']);
    expect(find('section-g')?.classes).toEqual(['security_obligation']);
    expect(find('appendix-a')?.classes).toEqual(['smki_document']);
    expect(find('section-k-alt-han-charges')?.classes).toEqual(['affects_alt_han_charges']);
    expect(
      entries.filter((entry) => entry.classes.includes('technical_code_specification')).length,
    ).toBeGreaterThanOrEqual(17);
  });

  it('A-TCS: loading again adds nothing and audits nothing; a later start does not load', async () => {
    const rows = await count(t, 'sec_document');
    const events = await count(t, 'audit_event');
    const again = await loadSecCatalogue(t.ctx, null, SYSTEM_ACTOR);
    expect(again.added).toEqual([]);
    expect(again.present).toHaveLength(SEC_CATALOGUE.length);
    expect(await loadCatalogueOnFirstStart(t.ctx)).toBeNull();
    expect(await count(t, 'sec_document')).toBe(rows);
    expect(await count(t, 'audit_event')).toBe(events);
  });

  it('A-TCS: SECAS still adds and edits entries, and a load never overwrites or duplicates them', async () => {
    const edited = await call(secas, 'PUT', '/api/v1/documents/section-p', {
      kind: 'section',
      code: 'Section P',
      title: 'Production Proving (as SECAS words it)',
      classes: [],
      retired: true,
      version: 1,
    });
    expect(edited.statusCode).toBe(200);
    const added = await call(secas, 'POST', '/api/v1/documents', {
      id: 'alt-han-subsidiary-document',
      kind: 'subsidiary',
      code: '',
      title: 'An Alt HAN Subsidiary Document',
      classes: ['relates_to_section_z'],
    });
    expect(added.statusCode).toBe(201);
    const rows = await count(t, 'sec_document');
    const load = await loadSecCatalogue(t.ctx, null, SYSTEM_ACTOR);
    expect(load.added).toEqual([]);
    expect(await count(t, 'sec_document')).toBe(rows);
    const sectionP = await t.ctx.db
      .selectFrom('sec_document')
      .selectAll()
      .where('id', '=', 'section-p')
      .executeTakeFirstOrThrow();
    expect(sectionP).toMatchObject({
      title: 'Production Proving (as SECAS words it)',
      retired: true,
      version: 2,
    });
  });
});

describe.each(ENGINES)('A-TCS: a catalogue SECAS began before the load on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('A-TCS: an entry SECAS entered under its own id is kept, not duplicated; the first start leaves a begun catalogue alone', async () => {
    const secas = await givenUser(t.ctx, 'code_administrator');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: bearer(secas),
      payload: {
        id: 'duis',
        kind: 'appendix',
        code: 'Appendix AD',
        title: 'DUIS',
        classes: ['technical_code_specification'],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(await loadCatalogueOnFirstStart(t.ctx)).toBeNull();
    expect(await count(t, 'sec_document')).toBe(1);
    const load = await loadSecCatalogue(t.ctx, null, SYSTEM_ACTOR);
    expect(load.present).toEqual([{ id: 'appendix-ad', as: 'duis' }]);
    expect(load.added).toHaveLength(SEC_CATALOGUE.length - 1);
    const ad = await t.ctx.db
      .selectFrom('sec_document')
      .select('id')
      .where('code', '=', 'Appendix AD')
      .execute();
    expect(ad).toEqual([{ id: 'duis' }]);
  });
});

describe('A-TCS: secrel catalogue load', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-cli-catalogue-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['node', 'secrel', ...args], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: { DATA_DIR: path.join(dir, 'data') },
      cwd: dir,
    });
    return { code, stdout, stderr };
  }

  it('A-TCS: loads the SEC documents, then finds them all there the second time', async () => {
    const first = await run(['catalogue', 'load']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('added appendix-ad\n');
    expect(first.stdout).toContain(`${SEC_CATALOGUE.length} document(s) added; 0 already`);
    const second = await run(['catalogue', 'load']);
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toBe(
      `0 document(s) added; ${SEC_CATALOGUE.length} already in the catalogue\n`,
    );
    const database = await openDatabase({ dataDir: path.join(dir, 'data') });
    try {
      const rows = await database.db.selectFrom('sec_document').select('id').execute();
      expect(rows).toHaveLength(SEC_CATALOGUE.length);
    } finally {
      await database.close();
    }
  });
});

describe.each(ENGINES)('D6.8(f)–(i) after refinement and on a change of class on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;
  let proposer: TestUser;
  let albion: number;
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await loadSecCatalogue(t.ctx, null, SYSTEM_ACTOR);
    secas = await givenUser(t.ctx, 'code_administrator');
    albion = await givenOrganisation(t.ctx, 'Albion Power Ltd');
    proposer = await givenUser(t.ctx, 'party', { organisationId: albion });
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (user: TestUser, method: Method, url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(user), ...(payload ? { payload } : {}) });

  /** A modification at `status` on `path`, proposed by Albion, changing `documents`. */
  async function givenModification(
    status: string,
    documents: string[],
    path: 'path2' | 'fast_track' = 'path2',
  ) {
    sequence += 1;
    const now = t.ctx.now();
    const row = await t.ctx.db
      .insertInto('modification')
      .values({
        reference: `MP${String(800 + sequence)}`,
        title: `Documents fixture ${sequence}`,
        path,
        status,
        proposer_org_id: albion,
        raised_on: '2026-10-01',
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'reference', 'version'])
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('modification_document')
      .values(documents.map((document_id) => ({ modification_id: row.id, document_id })))
      .execute();
    return row;
  }

  const rowOf = (id: number) =>
    t.ctx.db
      .selectFrom('modification')
      .select(['status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const eventsOf = (id: number) =>
    t.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('subject_type', '=', 'modification')
      .where('subject_id', '=', String(id))
      .orderBy('seq')
      .execute();
  const refinementOf = async (id: number) =>
    (await call(secas, 'GET', `/api/v1/modifications/${id}/refinement`)).json<{
      consultations: { body: string; mandatory: boolean; reasons: string[] }[];
      blockers: { code: string; target: string }[];
      returns: { fromStatus: string; bodies: string[]; reason: string }[];
    }>();
  const setDocuments = async (id: number, documentIds: string[], version?: number) =>
    call(secas, 'PUT', `/api/v1/modifications/${id}/documents`, {
      documentIds,
      version: version ?? (await rowOf(id)).version,
    });

  it('D6.8(f): a Technical Code Specification added in the Report Phase returns the modification to refinement with TABASC mandatory, the reason shown, SECAS and the proposer told', async () => {
    const m = await givenModification('report_phase', ['section-d']);
    const mails = await count(t, 'outbox_message');
    const response = await setDocuments(m.id, ['section-d', 'appendix-ad']);
    expect(response.statusCode).toBe(200);
    const reason =
      'The documents it changes changed at the Report Phase stage, after refinement: the views of TABASC must now be sought under D6.8(f) (changes Appendix AD, a Technical Code Specification)';
    expect(response.json()).toMatchObject({
      status: 'refinement',
      version: m.version + 2,
      returnedToRefinement: { bodies: ['tabasc'], reason },
    });
    expect(await rowOf(m.id)).toMatchObject({ status: 'refinement' });

    const events = await eventsOf(m.id);
    expect(events.map((event) => event.action)).toEqual([
      'modification.documents_changed',
      'modification.status_changed',
      'refinement.returned',
    ]);
    expect(events[1]).toMatchObject({
      before: { status: 'report_phase' },
      after: { status: 'refinement', cause: 'documents' },
      reason,
      actor_id: secas.id,
    });
    expect(events[2]?.after).toMatchObject({
      status: 'refinement',
      newlyMandatory: [
        {
          body: 'tabasc',
          purpose: 'f',
          reasons: ['changes Appendix AD, a Technical Code Specification'],
        },
      ],
    });
    const stored = await t.ctx.db
      .selectFrom('refinement_return')
      .selectAll()
      .where('modification_id', '=', m.id)
      .execute();
    expect(stored).toEqual([
      expect.objectContaining({ from_status: 'report_phase', reason, returned_by: secas.id }),
    ]);

    const outbox = await t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'body_text'])
      .orderBy('id')
      .offset(mails)
      .limit(100)
      .execute();
    expect(outbox.map((mail) => mail.to_address).sort()).toEqual(
      [secas.email, proposer.email].sort(),
    );
    for (const mail of outbox) {
      expect(mail.subject).toBe(`Back to refinement: ${m.reference} Documents fixture ${sequence}`);
      expect(mail.body_text).toContain(reason);
    }

    const refinement = await refinementOf(m.id);
    expect(refinement.consultations[0]).toMatchObject({ body: 'tabasc', mandatory: true });
    expect(refinement.returns).toEqual([
      expect.objectContaining({ fromStatus: 'report_phase', bodies: ['tabasc'], reason }),
    ]);
    expect(refinement.blockers.map((blocker) => blocker.target)).toContain('view-tabasc');

    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const page = await browser.get(`/modifications/${m.id}/refinement`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Returned to refinement from the Report Phase');
    expect(page.body).toContain('must now be sought under D6.8(f)');
    const timeline = await browser.get(`/modifications/${m.id}`);
    expect(timeline.body).toContain('by a change of the documents it changes');

    // Once TABASC is asked, refinement may complete again.
    const asked = await call(
      secas,
      'POST',
      `/api/v1/modifications/${m.id}/refinement/view-requests`,
      { body: 'tabasc' },
    );
    expect(asked.statusCode).toBe(201);
    expect((await refinementOf(m.id)).blockers.map((blocker) => blocker.target)).not.toContain(
      'view-tabasc',
    );
  });

  it('D6.8(h): on the documents page, SECAS adding an SMKI SEC Document in the Report Phase is told the modification went back to refinement and why', async () => {
    const m = await givenModification('report_phase', ['section-d']);
    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const form = await browser.get(`/modifications/${m.id}/documents`);
    expect(form.statusCode).toBe(200);
    const saved = await browser.post(`/modifications/${m.id}/documents`, {
      documentIds: 'appendix-a',
      version: String(m.version),
    });
    expect(saved.statusCode).toBe(303);
    const page = await browser.get(`/modifications/${m.id}`);
    expect(page.body).toContain('It has gone back to refinement');
    expect(page.body).toContain('the views of the SMKI PMA must now be sought under D6.8(h)');
    expect(await rowOf(m.id)).toMatchObject({ status: 'refinement' });
  });

  it('D6.8(f): a change after refinement that makes no new body mandatory, or whose body was already asked, leaves the status', async () => {
    const plain = await givenModification('modification_report_consultation', ['section-d']);
    const plainResponse = await setDocuments(plain.id, ['section-a', 'section-d']);
    expect(plainResponse.json()).toMatchObject({
      status: 'modification_report_consultation',
      returnedToRefinement: null,
    });

    const asked = await givenModification('change_board', ['section-d']);
    await t.ctx.db
      .insertInto('view_request')
      .values({
        modification_id: asked.id,
        body_id: 'tabasc',
        mandatory: false,
        requested_at: t.ctx.now(),
      })
      .execute();
    const askedResponse = await setDocuments(asked.id, ['appendix-ad', 'section-d']);
    expect(askedResponse.json()).toMatchObject({
      status: 'change_board',
      returnedToRefinement: null,
    });

    for (const m of [plain, asked]) {
      expect(
        await t.ctx.db
          .selectFrom('refinement_return')
          .select('id')
          .where('modification_id', '=', m.id)
          .execute(),
      ).toEqual([]);
      expect((await eventsOf(m.id)).map((event) => event.action)).not.toContain(
        'modification.status_changed',
      );
    }
  });

  it('D6.8(g): a Security document added while the Change Board is to vote also returns it, with the Security Sub-Committee named', async () => {
    const m = await givenModification('change_board', ['section-d']);
    const response = await setDocuments(m.id, ['section-d', 'security-controls-framework']);
    expect(response.json()).toMatchObject({
      status: 'refinement',
      returnedToRefinement: { bodies: ['security_sub_committee'] },
    });
    expect(
      response.json<{ returnedToRefinement: { reason: string } }>().returnedToRefinement.reason,
    ).toContain('the views of the Security Sub-Committee must now be sought under D6.8(g)');
  });

  it('D6.8(i): the Section K provisions on Alt HAN Charges added during the Modification Report Consultation return it with the Alt HAN Forum named', async () => {
    const m = await givenModification('modification_report_consultation', ['section-k']);
    const response = await setDocuments(m.id, ['section-k', 'section-k-alt-han-charges']);
    expect(response.json()).toMatchObject({
      status: 'refinement',
      returnedToRefinement: { bodies: ['alt_han_forum'] },
    });
    expect(
      response.json<{ returnedToRefinement: { reason: string } }>().returnedToRefinement.reason,
    ).toContain(
      'at the Modification Report Consultation stage, after refinement: the views of the Alt HAN Forum must now be sought under D6.8(i) (changes Section K in a way likely to affect Alt HAN Charges)',
    );
  });

  it('D6.8(f): a stale version is refused and nothing changes: no return, no event, no e-mail', async () => {
    const m = await givenModification('report_phase', ['section-d']);
    const events = await count(t, 'audit_event');
    const mails = await count(t, 'outbox_message');
    const stale = await setDocuments(m.id, ['appendix-ad'], m.version + 5);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    expect(await rowOf(m.id)).toMatchObject({ status: 'report_phase', version: m.version });
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await count(t, 'outbox_message')).toBe(mails);
  });

  it('D6.8(f): a Fast-Track modification has no Refinement Process: the change is recorded and re-evaluated, not returned', async () => {
    const m = await givenModification('report_phase', ['section-d'], 'fast_track');
    const response = await setDocuments(m.id, ['appendix-ad', 'section-d']);
    expect(response.json()).toMatchObject({ status: 'report_phase', returnedToRefinement: null });
    expect((await eventsOf(m.id)).map((event) => event.action)).toEqual([
      'modification.documents_changed',
      'refinement.consultations_reevaluated',
    ]);
  });

  it('D6.8(f): clearing the class an open refinement relied on re-evaluates it in the same transaction, audited; the refinement page shows TABASC optional', async () => {
    const open = await givenModification('refinement', ['dcc-release-management-policy']);
    const later = await givenModification('report_phase', ['dcc-release-management-policy']);
    const before = await refinementOf(open.id);
    expect(before.consultations[0]).toMatchObject({ body: 'tabasc', mandatory: true });
    expect(before.blockers.map((blocker) => blocker.target)).toContain('view-tabasc');

    const entry = await call(secas, 'GET', '/api/v1/documents/dcc-release-management-policy');
    const { version } = entry.json<{ version: number }>();
    const events = await count(t, 'audit_event');
    const stale = await call(secas, 'PUT', '/api/v1/documents/dcc-release-management-policy', {
      kind: 'subsidiary',
      code: '',
      title: 'DCC Release Management Policy',
      classes: [],
      retired: false,
      version: version + 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(await count(t, 'audit_event')).toBe(events);
    expect((await refinementOf(open.id)).consultations[0]).toMatchObject({ mandatory: true });

    const cleared = await call(secas, 'PUT', '/api/v1/documents/dcc-release-management-policy', {
      kind: 'subsidiary',
      code: '',
      title: 'DCC Release Management Policy',
      classes: [],
      retired: false,
      version,
    });
    expect(cleared.statusCode).toBe(200);
    expect(await count(t, 'audit_event')).toBe(events + 2);
    const reevaluated = (await eventsOf(open.id)).filter(
      (event) => event.action === 'refinement.consultations_reevaluated',
    );
    expect(reevaluated).toHaveLength(1);
    expect(reevaluated[0]).toMatchObject({
      actor_id: secas.id,
      before: {
        mandatory: [
          {
            body: 'tabasc',
            reasons: ['changes the DCC Release Management Policy, a Technical Code Specification'],
          },
        ],
      },
      after: { mandatory: [], changed: ['tabasc'] },
      reason:
        'The classes of DCC Release Management Policy changed from technical_code_specification to none',
    });
    // One transaction: the re-evaluation follows the entry's update, at the same instant.
    const documentEvent = await t.ctx.db
      .selectFrom('audit_event')
      .select(['seq', 'at'])
      .where('action', '=', 'catalogue.document_updated')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(reevaluated[0]?.seq).toBe(documentEvent.seq + 1);
    expect(reevaluated[0]?.at.getTime()).toBe(documentEvent.at.getTime());
    // Not open: the Report Phase modification is not re-evaluated by a class change.
    expect((await eventsOf(later.id)).map((event) => event.action)).toEqual([]);

    const after = await refinementOf(open.id);
    expect(after.consultations[0]).toMatchObject({ body: 'tabasc', mandatory: false });
    expect(after.blockers.map((blocker) => blocker.target)).not.toContain('view-tabasc');
    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const page = await browser.get(`/modifications/${open.id}/refinement`);
    expect(page.body).toContain('No rule requires its views');
  });

  it('D6.8(g): marking a document a Security Obligations document makes the Security Sub-Committee mandatory in the open refinements that change it', async () => {
    const open = await givenModification('modification_proposal', ['section-m']);
    const entry = await call(secas, 'GET', '/api/v1/documents/section-m');
    const { version } = entry.json<{ version: number }>();
    const marked = await call(secas, 'PUT', '/api/v1/documents/section-m', {
      kind: 'section',
      code: 'Section M',
      title: 'General',
      classes: ['security_obligation'],
      retired: false,
      version,
    });
    expect(marked.statusCode).toBe(200);
    const reevaluated = (await eventsOf(open.id)).filter(
      (event) => event.action === 'refinement.consultations_reevaluated',
    );
    expect(reevaluated[0]?.after).toMatchObject({
      changed: ['security_sub_committee'],
      mandatory: [{ body: 'security_sub_committee', purpose: 'g' }],
    });
    const refinement = await refinementOf(open.id);
    expect(refinement.consultations[1]).toMatchObject({
      body: 'security_sub_committee',
      mandatory: true,
      reasons: ['changes Section M, a Security Obligations and Assurance Arrangements document'],
    });
  });
});

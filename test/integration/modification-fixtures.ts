import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { createDocument } from '../../src/modules/catalogue/catalogue.actions.ts';
import {
  bearer,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

/** The people of the modification tests, each with an API token. */
export interface Cast {
  secas: TestUser;
  albion: TestUser;
  northwind: TestUser;
  member: TestUser;
  chair: TestUser;
  authority: TestUser;
  albionOrg: number;
  northwindOrg: number;
}

export async function givenCast(t: TestApp): Promise<Cast> {
  const secasOrg = await givenOrganisation(t.ctx, 'SECAS (Gemserv)', 'code_administrator');
  const authorityOrg = await givenOrganisation(t.ctx, 'Ofgem (the Authority)', 'authority');
  const albionOrg = await givenOrganisation(t.ctx, 'Albion Power Ltd', 'party', 'large_supplier');
  const northwindOrg = await givenOrganisation(
    t.ctx,
    'Northwind Energy plc',
    'party',
    'large_supplier',
  );
  return {
    secas: await givenUser(t.ctx, 'code_administrator', { organisationId: secasOrg }),
    albion: await givenUser(t.ctx, 'party', { organisationId: albionOrg }),
    northwind: await givenUser(t.ctx, 'party', { organisationId: northwindOrg }),
    member: await givenUser(t.ctx, 'panel_member', { organisationId: northwindOrg }),
    chair: await givenUser(t.ctx, 'panel_chair'),
    authority: await givenUser(t.ctx, 'authority', { organisationId: authorityOrg }),
    albionOrg,
    northwindOrg,
  };
}

/** A small catalogue: Sections A, D, G, the SEC Release Management Policy (a TCS), DUIS, and a retired entry. */
export async function givenCatalogue(t: TestApp): Promise<void> {
  const entries = [
    {
      id: 'section-a',
      kind: 'section',
      code: 'Section A',
      title: 'Definitions and Interpretation',
      classes: [],
    },
    {
      id: 'section-d',
      kind: 'section',
      code: 'Section D',
      title: 'Modification Process',
      classes: [],
    },
    {
      id: 'section-g',
      kind: 'section',
      code: 'Section G',
      title: 'Security',
      classes: ['security_obligation'],
    },
    {
      id: 'sec-release-management-policy',
      kind: 'subsidiary',
      code: '',
      title: 'SEC Release Management Policy',
      classes: ['technical_code_specification'],
    },
    {
      id: 'appendix-ad',
      kind: 'appendix',
      code: 'Appendix AD',
      title: 'DCC User Interface Specification',
      classes: ['technical_code_specification'],
    },
    {
      id: 'old-document',
      kind: 'subsidiary',
      code: '',
      title: 'A document no longer in the Code',
      classes: [],
    },
  ];
  for (const entry of entries) await createDocument(t.ctx, null, entry, SYSTEM_ACTOR);
  await t.ctx.db
    .updateTable('sec_document')
    .set({ retired: true })
    .where('id', '=', 'old-document')
    .execute();
}

type Method = 'GET' | 'POST' | 'PUT';

/** An API call as `user` (bearer token). */
export function call(t: TestApp, user: TestUser, method: Method, url: string, payload?: object) {
  return t.app.inject({ method, url, headers: bearer(user), ...(payload ? { payload } : {}) });
}

/** Raises a modification through the API and returns its id (the call must succeed). */
export async function raised(
  t: TestApp,
  user: TestUser,
  body: Record<string, unknown>,
): Promise<number> {
  const response = await call(t, user, 'POST', '/api/v1/modifications', body);
  if (response.statusCode !== 201)
    throw new Error(`raise failed: ${response.statusCode} ${response.body}`);
  return response.json<{ id: number }>().id;
}

export async function modificationRow(t: TestApp, id: number) {
  return t.ctx.db
    .selectFrom('modification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function auditOf(t: TestApp, id: number) {
  return t.ctx.db
    .selectFrom('audit_event')
    .selectAll()
    .where('subject_type', '=', 'modification')
    .where('subject_id', '=', String(id))
    .orderBy('seq')
    .execute();
}

export async function count(
  t: TestApp,
  table: 'modification' | 'audit_event' | 'modification_document',
): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

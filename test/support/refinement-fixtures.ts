import { expect } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import type { Engine } from '../../src/db/database.ts';
import { PURPOSE_LETTERS } from '../../src/modules/refinement/refinement.ts';
import {
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from './test-app.ts';

export const SECTION_G_REASON =
  'changes Section G, a Security Obligations and Assurance Arrangements document';

/** The catalogue entries the fixtures change, with their D6.8 classes (bodies come from migrations). */
export async function givenCatalogue(ctx: AppContext): Promise<void> {
  const now = ctx.now();
  const entry = (id: string, kind: 'section' | 'appendix', code: string, title: string) => ({
    id,
    kind,
    code,
    title,
    created_at: now,
    updated_at: now,
  });
  await ctx.db
    .insertInto('sec_document')
    .values([
      { ...entry('section-g', 'section', 'Section G', 'Security'), is_security_obligation: true },
      { ...entry('section-d', 'section', 'Section D', 'Modification Process') },
      {
        ...entry('appendix-ab', 'appendix', 'Appendix AB', 'Technical Specification'),
        is_technical_code_specification: true,
      },
      {
        ...entry('section-k', 'section', 'Section K', 'Charging Methodology'),
        affects_alt_han_charges: true,
      },
    ])
    .execute();
}

let sequence = 0;

export interface FixtureModification {
  id: number;
  reference: string;
  title: string;
  version: number;
}

/** A modification row in `status` changing `documents`, as the register would have left it. */
export async function givenModification(
  ctx: AppContext,
  documents: string[],
  status = 'refinement',
): Promise<FixtureModification> {
  sequence += 1;
  const now = ctx.now();
  const row = await ctx.db
    .insertInto('modification')
    .values({
      reference: `MP${String(700 + sequence)}`,
      title: `Refinement fixture ${sequence}`,
      path: 'path2',
      status,
      raised_on: '2026-10-01',
      dcc_testing_required: null,
      testing_solution: null,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'reference', 'title', 'version'])
    .executeTakeFirstOrThrow();
  if (documents.length > 0) {
    await ctx.db
      .insertInto('modification_document')
      .values(documents.map((document_id) => ({ modification_id: row.id, document_id })))
      .execute();
  }
  return row;
}

/** A test app with the catalogue, the people of refinement, and API helpers. */
export async function setUpRefinement(engine: Engine) {
  const t: TestApp = await createTestApp(engine);
  await givenCatalogue(t.ctx);
  const albion = await givenOrganisation(t.ctx, 'Albion Power Ltd');
  const secas = await givenUser(t.ctx, 'code_administrator');
  const chair = await givenUser(t.ctx, 'panel_chair');
  const party = await givenUser(t.ctx, 'party', { organisationId: albion });
  const dcc = await givenUser(t.ctx, 'dcc');
  const sscMember = await givenUser(t.ctx, 'sub_committee_member', {
    scope: 'security_sub_committee',
  });
  const tabascMember = await givenUser(t.ctx, 'sub_committee_member', { scope: 'tabasc' });

  const call = (
    user: TestUser | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
  ) =>
    t.app.inject({
      method,
      url,
      headers: user ? bearer(user) : {},
      ...(payload ? { payload } : {}),
    });
  const refinementOf = async (id: number) =>
    (await call(secas, 'GET', `/api/v1/modifications/${id}/refinement`)).json<
      Record<string, unknown>
    >();
  const statusOf = (id: number) =>
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
  const concludeAll = async (id: number, except: string[] = []) => {
    for (const purpose of PURPOSE_LETTERS.filter((letter) => !except.includes(letter))) {
      const url = `/api/v1/modifications/${id}/refinement/items/${purpose}`;
      const response = await call(secas, 'PUT', url, {
        conclusion: `Working Group conclusion on (${purpose})`,
        version: 1,
      });
      expect(response.statusCode, purpose).toBe(200);
    }
  };
  const setTesting = async (
    user: TestUser,
    id: number,
    required: boolean,
    testingSolution?: string,
  ) => {
    const { version } = await statusOf(id);
    return call(user, 'PUT', `/api/v1/modifications/${id}/refinement/dcc-testing`, {
      required,
      version,
      ...(testingSolution === undefined ? {} : { testingSolution }),
    });
  };
  const complete = async (user: TestUser, id: number) => {
    const { version } = await statusOf(id);
    return call(user, 'POST', `/api/v1/modifications/${id}/refinement/complete`, {
      version,
      reason: 'Working Group finished',
    });
  };
  const requestView = (id: number, body: string, respondBy?: string) =>
    call(secas, 'POST', `/api/v1/modifications/${id}/refinement/view-requests`, {
      body,
      ...(respondBy === undefined ? {} : { respondBy }),
    });

  return {
    t,
    secas,
    chair,
    party,
    dcc,
    sscMember,
    tabascMember,
    call,
    refinementOf,
    statusOf,
    eventsOf,
    concludeAll,
    setTesting,
    complete,
    requestView,
  };
}

export type RefinementFixture = Awaited<ReturnType<typeof setUpRefinement>>;

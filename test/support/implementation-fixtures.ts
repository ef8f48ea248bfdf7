import { fixtureSourceFor } from './cut-over.ts';
import type { AppContext } from '../../src/app-context.ts';
import type { ModificationTable } from '../../src/db/schema.ts';
import type { Path, Status } from '../../src/modules/modification/modification.ts';
import {
  BrowserSession,
  bearer,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from './test-app.ts';

let counter = 0;

export interface ModificationFixture {
  reference?: string;
  title?: string;
  path: Path;
  status: Status;
  raisedOn?: string;
  approvedOn?: string;
  approvedBy?: ModificationTable['approved_by'];
  /** Inserts a current implementation timetable (source 'proposal') with this date. */
  implementationDate?: string;
}

/** Inserts a modification row directly (the register's own actions are tested elsewhere). */
export async function givenModification(
  ctx: AppContext,
  fixture: ModificationFixture,
): Promise<{ id: number; reference: string; version: number }> {
  counter += 1;
  const reference = fixture.reference ?? `MP${String(700 + counter).padStart(3, '0')}`;
  const now = ctx.now();
  const row = await ctx.db
    .insertInto('modification')
    .values({
      reference,
      title: fixture.title ?? `Test modification ${reference}`,
      path: fixture.path,
      status: fixture.status,
      raised_on: fixture.raisedOn ?? '2026-01-09',
      approved_on: fixture.approvedOn ?? null,
      approved_by: fixture.approvedBy ?? null,
      dcc_testing_required: null,
      testing_solution: null,
      proposer_org_id: null,
      status_before_withdrawal: null,
      withdrawn_at: null,
      adoption_deadline: null,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'reference', 'version'])
    .executeTakeFirstOrThrow();
  if (fixture.implementationDate) {
    await ctx.db
      .insertInto('implementation_timetable')
      .values({
        modification_id: row.id,
        implementation_date: fixture.implementationDate,
        source: 'proposal',
        recorded_by: null,
        created_at: now,
        superseded_at: null,
      })
      .execute();
  }
  return row;
}

/** Inserts a Panel meeting row directly, with its papers date given. */
export async function givenMeeting(
  ctx: AppContext,
  heldOn: string,
  papersDue: string,
  kind: 'ordinary' | 'extraordinary' = 'ordinary',
): Promise<number> {
  const row = await ctx.db
    .insertInto('panel_meeting')
    .values({
      held_on: heldOn,
      papers_due: papersDue,
      kind,
      closed_at: null,
      created_at: ctx.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The audit events with `action`, oldest first. */
export async function auditEvents(ctx: AppContext, action: string) {
  return ctx.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

/** The people of the implementation tests, each with the organisation their role implies. */
export interface Cast {
  secas: TestUser;
  chair: TestUser;
  member: TestUser;
  authority: TestUser;
  dccUsers: [TestUser, TestUser];
  party: TestUser;
  orgs: { secas: number; dcc: number; ofgem: number; supplier: number; other: number };
}

export async function givenCast(ctx: AppContext): Promise<Cast> {
  const orgs = {
    secas: await givenOrganisation(ctx, 'SECAS (Gemserv)', 'code_administrator'),
    dcc: await givenOrganisation(ctx, 'Smart DCC Ltd', 'dcc'),
    ofgem: await givenOrganisation(ctx, 'Ofgem', 'authority'),
    supplier: await givenOrganisation(ctx, 'Northwind Energy plc'),
    other: await givenOrganisation(ctx, 'Albion Power Ltd'),
  };
  return {
    secas: await givenUser(ctx, 'code_administrator', { organisationId: orgs.secas }),
    chair: await givenUser(ctx, 'panel_chair'),
    member: await givenUser(ctx, 'panel_member', { organisationId: orgs.supplier }),
    authority: await givenUser(ctx, 'authority', { organisationId: orgs.ofgem }),
    dccUsers: [
      await givenUser(ctx, 'dcc', { organisationId: orgs.dcc }),
      await givenUser(ctx, 'dcc', { organisationId: orgs.dcc }),
    ],
    party: await givenUser(ctx, 'party', { organisationId: orgs.supplier }),
    orgs,
  };
}

/** An API call as `user` (bearer token), with an optional JSON body. */
export function apiAs(t: TestApp) {
  return (user: TestUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(user), ...(payload ? { payload } : {}) });
}

/** Schedules ordinary meetings through the API; returns their ids by date. */
export async function givenMeetings(
  t: TestApp,
  secas: TestUser,
  dates: readonly string[],
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const heldOn of dates) {
    const response = await apiAs(t)(secas, 'POST', '/api/v1/meetings', {
      heldOn,
      kind: 'ordinary',
    });
    if (response.statusCode !== 201) throw new Error(`meeting ${heldOn}: ${response.body}`);
    ids[heldOn] = response.json<{ meeting: { id: number } }>().meeting.id;
  }
  return ids;
}

export interface Placement {
  agendaItemId: number;
  meetingId: number;
  heldOn: string;
  papersDue: string;
  latePaper: boolean;
}

/** A Path 3 modification the Change Board approves (recorded by SECAS through the API). */
export async function givenApproval(t: TestApp, secas: TestUser, decidedOn: string) {
  const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
  const response = await apiAs(t)(secas, 'POST', `/api/v1/modifications/${m.id}/decisions`, {
    kind: 'change_board_decision',
    outcome: 'approve',
    decidedOn,
    ...(await fixtureSourceFor(t.ctx.db, decidedOn)),
  });
  if (response.statusCode !== 201) throw new Error(`approval: ${response.body}`);
  return { ...m, placement: response.json<{ placement: Placement | null }>().placement };
}

/** The home page of `user`, signed in through the browser. */
export async function homeOf(t: TestApp, user: TestUser): Promise<string> {
  const browser = new BrowserSession(t.app);
  await browser.signIn(user.email);
  return (await browser.get('/home')).body;
}

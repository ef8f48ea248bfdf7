import { inTransaction, type AppContext } from '../app-context.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { todayOf } from '../calendar/deadline.ts';
import { createOrganisation, createUser } from '../modules/identity/identity.actions.ts';
import { setCutOver } from '../modules/installation/installation.actions.ts';
import { createDemoCatalogue } from './demo-catalogue.ts';
import { consolidateDemoReleases, createDemoCode } from './demo-code.ts';
import { createDemoConsultations } from './demo-consultations.ts';
import { createDemoMeetings } from './demo-meetings.ts';
import { createDemoModifications } from './demo-modifications.ts';
import { createDemoReleaseCosts } from './demo-release-costs.ts';
import { createDemoReleaseNotices } from './demo-release-notices.ts';
import { createDemoRid } from './demo-rid.ts';
import { createDemoAuditor } from './demo-auditor.ts';
import { createDemoAppeals } from './demo-appeals.ts';
import { createDemoDccRequests } from './demo-dcc-requests.ts';
import { createDemoReleases } from './demo-releases.ts';
import { createDemoPolicy } from './demo-policy.ts';
import { createDemoRefinement } from './demo-refinement.ts';
import { createDemoTad } from './demo-tad.ts';
import { createDemoTesting } from './demo-testing.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';
import {
  DEMO_PANEL_SEATS,
  DEMO_SEAT_HOLDERS,
  DEMO_SIGN_IN_PEOPLE,
  termOf,
  type DemoPerson,
} from './demo-people.ts';
import {
  demoOrganisationId,
  demoUserId,
  type DemoSignIn,
  type DemoState,
  type DemoStep,
} from './demo-state.ts';

export { demoOrganisationId, demoUserId, type DemoSignIn, type DemoState, type DemoStep };

/** The one password of every demo sign-in, printed when demo data is loaded. */
export const DEMO_PASSWORD = 'secrel-demo-2026';

async function createOrganisations(ctx: AppContext, state: DemoState): Promise<void> {
  for (const organisation of DEMO_ORGANISATIONS) {
    const id = await createOrganisation(ctx, null, organisation, SYSTEM_ACTOR);
    state.organisations.set(organisation.name, id);
  }
}

async function createPerson(ctx: AppContext, state: DemoState, person: DemoPerson): Promise<void> {
  const id = await createUser(
    ctx,
    null,
    {
      email: person.email,
      name: person.name,
      // Hashing costs ~50 ms, so only the sign-ins get a password; seat holders have none.
      password: person.signIn ? DEMO_PASSWORD : null,
      organisationId:
        person.organisation === null ? null : demoOrganisationId(state, person.organisation),
      roles: [{ role: person.role, scope: person.scope ?? '' }],
    },
    SYSTEM_ACTOR,
  );
  state.users.set(person.email, id);
  if (person.signIn) {
    state.signIns.push({
      role: person.role,
      scope: person.scope ?? '',
      email: person.email,
      password: DEMO_PASSWORD,
      name: person.name,
      organisation: person.organisation,
    });
  }
}

async function createPeople(ctx: AppContext, state: DemoState): Promise<void> {
  for (const person of [...DEMO_SIGN_IN_PEOPLE, ...DEMO_SEAT_HOLDERS]) {
    await createPerson(ctx, state, person);
  }
}

async function createPanelSeats(ctx: AppContext, state: DemoState): Promise<void> {
  const today = ctx.now().toISOString().slice(0, 10);
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    for (const seat of DEMO_PANEL_SEATS) {
      const term = termOf(today, seat.termYears);
      const holder = demoUserId(state, seat.holderEmail);
      const row = await unit.trx
        .insertInto('panel_seat')
        .values({
          seat: seat.seat,
          label: seat.label,
          holder_user_id: holder,
          term_start: term.start,
          term_end: term.end,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await unit.audit({
        action: 'panel_seat.created',
        subjectType: 'panel_seat',
        subjectId: String(row.id),
        after: {
          seat: seat.seat,
          label: seat.label,
          holderUserId: holder,
          termStart: term.start,
          termEnd: term.end,
        },
      });
    }
  });
}

/**
 * The steps, in order. Each runs through the real actions (or, for tables without one yet,
 * inside `inTransaction` with an audit event), so the demo's audit trail is complete.
 */
export const DEMO_STEPS: readonly DemoStep[] = [
  // Ruling 13: the demo's cut-over is the day it loads; its story before that is history.
  { name: 'cut-over date', run: (ctx) => setCutOver(ctx, SYSTEM_ACTOR, todayOf(ctx.now())) },
  { name: 'organisations', run: createOrganisations },
  { name: 'people', run: createPeople },
  { name: 'panel seats', run: createPanelSeats },
  { name: 'SEC document catalogue', run: (ctx) => createDemoCatalogue(ctx) },
  { name: 'modifications', run: createDemoModifications },
  { name: 'refinement and sub-committee views', run: createDemoRefinement },
  { name: 'Panel meetings, decisions and implementation', run: createDemoMeetings },
  { name: 'consultations', run: createDemoConsultations },
  { name: 'SEC Release Management Policy', run: (ctx) => createDemoPolicy(ctx) },
  { name: 'SEC Releases', run: createDemoReleases },
  { name: 'the text of the Code and next year’s legal text', run: createDemoCode },
  { name: 'SEC Release costs', run: createDemoReleaseCosts },
  { name: 'SEC Release notices', run: createDemoReleaseNotices },
  { name: 'Release Implementation Documents', run: createDemoRid },
  { name: 'external auditor', run: createDemoAuditor },
  { name: 'Testing Approach Document', run: createDemoTad },
  { name: 'information requests to the DCC', run: createDemoDccRequests },
  { name: 'appeals against RID approvals', run: createDemoAppeals },
  { name: 'DCC testing and readiness', run: createDemoTesting },
  { name: 'consolidations of the Code', run: consolidateDemoReleases },
];

/**
 * Loads the demo: the SEC's organisations and invented Parties in every Party Category, the
 * Panel and its Sub-Committees, the Panel's seats and their holders, and one sign-in per role.
 * Call it on an empty database only (it refuses to create what already exists). Returns the
 * sign-ins, all with {@link DEMO_PASSWORD}.
 */
export async function loadDemoData(
  ctx: AppContext,
  steps: readonly DemoStep[] = DEMO_STEPS,
): Promise<DemoSignIn[]> {
  const state: DemoState = { organisations: new Map(), users: new Map(), signIns: [] };
  for (const step of steps) await step.run(ctx, state);
  return state.signIns;
}

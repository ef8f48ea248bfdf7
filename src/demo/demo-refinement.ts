import type { AppContext } from '../app-context.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { createUser } from '../modules/identity/identity.actions.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { raiseModification } from '../modules/modification/modification.actions.ts';
import { progressModification } from '../modules/modification/modification-lifecycle.actions.ts';
import { recordConclusion, setDccTesting } from '../modules/refinement/refinement.actions.ts';
import { lifecycleChecks } from '../modules/refinement/refinement.queries.ts';
import type { Purpose } from '../modules/refinement/refinement.ts';
import { requestView, respondToView } from '../modules/refinement/views.actions.ts';
import { demoOrganisationId, demoUserId, type DemoState } from './demo-state.ts';

/** A TABASC member, who gives TABASC's view in the demo. */
const TABASC_MEMBER = {
  name: 'Rhys Morgan',
  email: 'rhys.morgan@example.org',
  organisation: 'Meterlink Services Ltd',
};

/**
 * The Working Group's conclusions on SECMP0061 so far. Invented for the demo, from what the seed
 * says the modification does; (f)–(l) are still open.
 */
const SECMP0061_CONCLUSIONS: readonly [Purpose, string][] = [
  [
    'a',
    'Affects every Party Category: the Panel oversees every SEC Release; Users receive notice of each release (D10.8(c)); any Party may appeal the approval of a SEC Release Implementation Document (D10.17). The DCC must co-operate and give information (D10.10, D10.14). Energy Consumers benefit indirectly from better-planned releases.',
  ],
  [
    'b',
    'Legal text drafted against SEC v5.21 with the SECMP0008 changes to D10 folded in. The Working Group corrected the D10.15 cross-reference to the notice mechanism (now D10.8(c)) and the "Panel Release Management Policy" leftovers.',
  ],
  [
    'c',
    'Implementation in the first standard SEC Release after the Authority’s decision; the text changes no DCC System, so no lead time for DCC build is needed.',
  ],
  [
    'd',
    'The Modification Report will cover the D6.9(b) matters: no DCC costs; SECAS and Panel effort to establish the SEC Release Management Policy and the first Release Implementation Document; no consequential changes to other documents beyond Section A and Section D.',
  ],
  [
    'e',
    'No DCC testing is needed: the modification changes the Code’s governance provisions and the SEC Release Management Policy, not DCC Systems.',
  ],
];

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

async function modificationId(ctx: AppContext, reference: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('modification')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirst();
  if (!row) throw new Error(`demo data: no modification ${reference}`);
  return row.id;
}

async function createTabascMember(ctx: AppContext, state: DemoState): Promise<Principal> {
  // No password: the demo keeps one sign-in per role, and the SSC member is the sub-committee one.
  const id = await createUser(
    ctx,
    null,
    {
      email: TABASC_MEMBER.email,
      name: TABASC_MEMBER.name,
      password: null,
      organisationId: demoOrganisationId(state, TABASC_MEMBER.organisation),
      roles: [{ role: 'sub_committee_member', scope: 'tabasc' }],
    },
    SYSTEM_ACTOR,
  );
  state.users.set(TABASC_MEMBER.email, id);
  return principalOf(ctx, state, TABASC_MEMBER.email);
}

/**
 * Refinement in the demo, through the real actions: SECMP0061 with purposes (a)–(e) concluded,
 * DCC testing not required, and TABASC's views (mandatory: it changes the SEC Release Management
 * Policy, a Technical Code Specification) requested and given; and MP254, a change to Section G
 * in refinement whose mandatory Security Sub-Committee view has not been sought yet, so SECAS's
 * home page asks for it.
 */
export async function createDemoRefinement(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, 'tom.okafor@example.org');
  const chair = await principalOf(ctx, state, 'eleanor.hartley@example.org');
  const tabasc = await createTabascMember(ctx, state);

  const secmp0061 = await modificationId(ctx, 'SECMP0061');
  for (const [purpose, conclusion] of SECMP0061_CONCLUSIONS) {
    await recordConclusion(ctx, secas, secmp0061, purpose, { conclusion, version: 1 });
  }
  const current = await ctx.db
    .selectFrom('modification')
    .select('version')
    .where('id', '=', secmp0061)
    .executeTakeFirstOrThrow();
  await setDccTesting(ctx, secas, secmp0061, {
    required: false,
    testingSolution: '',
    version: current.version,
  });
  const request = await requestView(ctx, secas, secmp0061, { body: 'tabasc' });
  await respondToView(ctx, tabasc, request.id, {
    view: 'TABASC does not object. The SEC Release Management Policy becomes a Technical Code Specification, yet it is changed after consultation under D10.9 rather than by Modification Proposal, so D6.8(f) will rarely apply to it: TABASC asks SECAS to consult it on each new version of the Policy as well.',
  });

  const mp254 = await raiseModification(ctx, secas, {
    reference: 'MP254',
    title: 'Security assurance of the DCC test environments used for SEC Releases',
    summary:
      'Requires the DCC’s test environments used for SEC Release testing to meet the Security Controls Framework, with the assurance reported to the Panel.',
    proposerOrgId: demoOrganisationId(state, 'Severn Valley Distribution plc'),
    path: 'path2',
    documentIds: ['section-g', 'security-controls-framework'],
  });
  await progressModification(
    ctx,
    chair,
    mp254.id,
    {
      to: 'refinement',
      reason: 'Panel: a Working Group is to refine the proposal',
      version: mp254.version,
    },
    lifecycleChecks,
  );
}

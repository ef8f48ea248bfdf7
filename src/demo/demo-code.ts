/**
 * The Code as data in the demo (issue 14, D10.1), through the use cases SECAS's pages and the
 * API use: the live version of the Code imported from the seed, the legal text of next year's
 * modifications authored as edits of its provisions, and SECAS's consolidation of the February
 * and June releases.
 *
 * - The live version is the seed's final text of A1.1 (the definitions SECMP0061 changes), D6.8
 *   and D10: the demo's rules already follow D10 as SECMP0061 leaves it (the SEC Release
 *   Implementation Document, the Testing Approach Document, the external auditor), and its
 *   modifications cite that numbering (MP260: D10.8(c); MP261: D10.13(c); MP252: D10.15).
 * - February: MP260 publishes each release notice on the SEC Website. Its legal text amends
 *   D10.8(c) and adds D10.21, and D10.8(c) cites "Section D10.22", a clause that does not exist:
 *   the consolidation's one new finding (an unresolvable reference).
 * - June: MP252 corrects D10.15's reference to D10.8(d) (the notice mechanism is D10.8(c)) while
 *   MP261 rewrites the same sentence of D10.15 to let the readiness reports of D10.13(c) change:
 *   the two modifications conflict on D10.15, which the June release's Code page reports.
 */
import type { AppContext } from '../app-context.ts';
import { londonDateOf } from '../calendar/index.ts';
import { allocateModification } from '../modules/allocation/allocation.actions.ts';
import { passedBaseline } from '../modules/allocation/allocation.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { governingPolicyOf } from '../modules/policy/policy.queries.ts';
import { recordLateAddition } from '../modules/release/release.actions.ts';
import { decidingMeeting } from './demo-releases.ts';
import { toRelease, type Release } from '../modules/release/release.store.ts';
import {
  appendOperations,
  chooseBaseVersion,
  legalTextState,
  previewEdit,
} from '../modules/code-text/code-authoring.actions.ts';
import type { AuthoringEdit } from '../modules/code-text/code-derive.ts';
import { locate } from '../modules/code-text/code-drafting.ts';
import { consolidateRelease, importCodeVersion } from '../modules/code-text/code-text.actions.ts';
import { indexVersion, type CodeVersion } from '../modules/code-text/code-tree.ts';
import { SECMP0061_AFTER, SECMP0061_SCOPE } from '../modules/code-text/secmp0061-text.ts';
import { demoUserId, type DemoState } from './demo-state.ts';

const SECAS = 'tom.okafor@example.org';
const CHAIR = 'eleanor.hartley@example.org';

/** The name of the demo's live version of the Code. */
export const DEMO_LIVE_CODE = 'SEC 5.22';

/** The reference MP260's legal text gets wrong: D10 ends at D10.21 once MP260 adds it. */
export const DEMO_UNRESOLVED_REFERENCE = 'D10.22';

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

async function modificationOf(ctx: AppContext, reference: string) {
  const row = await ctx.db
    .selectFrom('modification')
    .select(['id', 'status'])
    .where('reference', '=', reference)
    .executeTakeFirst();
  if (!row) throw new Error(`demo data: no modification ${reference}`);
  return row;
}

async function releaseOf(ctx: AppContext, type: string, year: number): Promise<Release> {
  const row = await ctx.db
    .selectFrom('release')
    .selectAll()
    .where('release_type', '=', type)
    .where('go_live', '>=', `${year}-01-01`)
    .where('go_live', '<=', `${year}-12-31`)
    .executeTakeFirst();
  if (!row) throw new Error(`demo data: no ${type} release in ${year}`);
  return toRelease(row);
}

/** The provision of the working text a reader names `name` ("D10.8(c)"); the demo fails loudly otherwise. */
function provisionNamed(working: CodeVersion, name: string) {
  const located = locate(indexVersion(working.root), name);
  if (!located) throw new Error(`demo data: the Code has no ${name}`);
  return located.provision;
}

/** One edit of the working text, as SECAS makes it on the legal-text page. */
type DemoEdit = (working: CodeVersion) => AuthoringEdit;

/** Replaces `from` with `to` in the provision's words; the demo fails loudly if they are not there. */
const editWords =
  (name: string, from: string, to: string): DemoEdit =>
  (working) => {
    const provision = provisionNamed(working, name);
    if (!provision.text.includes(from))
      throw new Error(`demo data: ${name} does not say “${from}”`);
    return { action: 'edit', provision: provision.id, text: provision.text.replace(from, to) };
  };

/**
 * A modification's legal text authored as the legal-text page does it: SECAS chooses the base
 * version, then each edit is derived into operations (previewEdit) and saved (appendOperations,
 * through setModificationAmendments and its audit event).
 */
async function authorLegalText(
  ctx: AppContext,
  secas: Principal,
  reference: string,
  edits: readonly DemoEdit[],
): Promise<void> {
  const { id } = await modificationOf(ctx, reference);
  await chooseBaseVersion(ctx, secas, await legalTextState(ctx.db, id), DEMO_LIVE_CODE);
  let inserted = 0;
  for (const edit of edits) {
    const state = await legalTextState(ctx.db, id);
    if (!state.working) throw new Error(`demo data: ${reference}'s legal text does not apply`);
    const { ops } = previewEdit(state, edit(state.working), () => {
      inserted += 1;
      return `${reference.toLowerCase()}-new-${String(inserted)}`;
    });
    await appendOperations(ctx, secas, state, ops);
  }
}

/** MP260 (February): D10.8(c) names the publication, and a new D10.21 requires it. */
const MP260_EDITS: readonly DemoEdit[] = [
  editWords(
    'D10.8(c)',
    'prior to the implementation of a SEC Release;',
    `prior to the implementation of a SEC Release, and for its publication on the SEC Website in accordance with Section ${DEMO_UNRESOLVED_REFERENCE};`,
  ),
  (working) => ({
    action: 'insertAfter',
    provision: provisionNamed(working, 'D10.20').id,
    text: 'The Code Administrator shall publish each notice given under the mechanism referred to in Section D10.8(c) on the SEC Website on the day the notice is given to the Parties.',
  }),
];

/** MP252 (June): D10.15's notice periods are D10.8(c) since the re-lettering. */
const MP252_EDITS: readonly DemoEdit[] = [
  editWords(
    'D10.15',
    '(in accordance with Section D10.8(d))',
    '(in accordance with Section D10.8(c))',
  ),
];

/** MP261 (June): monthly readiness reports (D10.13(c)), whose form may change after notice (D10.15). */
const MP261_EDITS: readonly DemoEdit[] = [
  editWords(
    'D10.13(c)',
    'report progress towards readiness;',
    'report progress towards readiness to the Panel, at least once a month;',
  ),
  editWords(
    'D10.15',
    'The Release Implementation Document cannot be further updated after the periods of notice defined in the Panel Release Management Policy (in accordance with Section D10.8(d)).',
    'The SEC Release Implementation Document cannot be further updated once notice of the SEC Release has been given in accordance with the SEC Release Management Policy, save for the form of the DCC’s readiness reports under Section D10.13(c).',
  ),
];

/** SECAS allocates an approved modification to the June release (by the Panel's exception once its baseline passed). */
async function allocateToJune(
  ctx: AppContext,
  secas: Principal,
  chair: Principal,
  release: Release,
  reference: string,
  today: string,
): Promise<void> {
  const modification = await modificationOf(ctx, reference);
  if (modification.status !== 'approved')
    throw new Error(`demo data: ${reference} is not approved`);
  const policy = await governingPolicyOf(ctx, release, today);
  if (!policy) throw new Error('demo data: the June release has no Policy version');
  let exceptionDecisionId: number | undefined;
  if (passedBaseline(policy, release.go_live, false, today)) {
    const decision = await recordLateAddition(ctx, chair, release.id, {
      modificationId: modification.id,
      meetingId: (await decidingMeeting(ctx, today)).id,
      reasons: `${reference} changes SEC documents only; the Panel adds it to the June release by exception after the scope baseline.`,
    });
    exceptionDecisionId = decision.id;
  }
  await allocateModification(ctx, secas, release.id, {
    modificationId: modification.id,
    part: 'whole',
    description: 'The changes to Section D10',
    dccImpacting: false,
    exceptionDecisionId,
  });
}

/**
 * Demo step (after the releases): SECAS imports the live version of the Code from the seed,
 * authors the legal text of MP260, MP252 and MP261 against it, and allocates MP252 and MP261 to
 * next year's June release (the RID step gives MP260 to February).
 */
export async function createDemoCode(ctx: AppContext, state: DemoState): Promise<void> {
  const [secas, chair] = await Promise.all([
    principalOf(ctx, state, SECAS),
    principalOf(ctx, state, CHAIR),
  ]);
  let provisions = 0;
  await importCodeVersion(
    ctx,
    secas,
    { name: DEMO_LIVE_CODE, text: SECMP0061_AFTER, scope: SECMP0061_SCOPE, live: true },
    () => {
      provisions += 1;
      return `sec-${String(provisions)}`;
    },
  );
  await authorLegalText(ctx, secas, 'MP260', MP260_EDITS);
  await authorLegalText(ctx, secas, 'MP252', MP252_EDITS);
  await authorLegalText(ctx, secas, 'MP261', MP261_EDITS);
  const today = londonDateOf(ctx.now().toISOString());
  const june = await releaseOf(ctx, 'june', Number(today.slice(0, 4)) + 1);
  for (const reference of ['MP252', 'MP261'])
    await allocateToJune(ctx, secas, chair, june, reference, today);
}

/**
 * Demo step (after the RIDs): SECAS consolidates the February release (one new version, its
 * redline and one finding) and the June release (refused: MP252 and MP261 conflict on D10.15).
 */
export async function consolidateDemoReleases(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, SECAS);
  const year = Number(londonDateOf(ctx.now().toISOString()).slice(0, 4)) + 1;
  for (const type of ['february', 'june'])
    await consolidateRelease(ctx, secas, (await releaseOf(ctx, type, year)).id);
}

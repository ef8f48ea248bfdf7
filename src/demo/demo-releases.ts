import type { AppContext } from '../app-context.ts';
import { inTransaction } from '../app-context.ts';
import { londonDateOf } from '../calendar/index.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { policyInForce } from '../modules/policy/policy.ts';
import { governingPolicyOf, listPolicyVersions } from '../modules/policy/policy.queries.ts';
import { allocateModification } from '../modules/allocation/allocation.actions.ts';
import { passedBaseline } from '../modules/allocation/allocation.ts';
import { createStandardReleases, recordLateAddition } from '../modules/release/release.actions.ts';
import type { Release } from '../modules/release/release.queries.ts';
import { demoUserId, type DemoState } from './demo-state.ts';
import { HISTORIC_RELEASES, type HistoricRelease } from './demo-modification-history.ts';

const SECAS = 'tom.okafor@example.org';
const CHAIR = 'eleanor.hartley@example.org';

/** SECMP0015 went live in two parts: its documents in June 2022, its functionality in November. */
const SPLIT: Record<string, { release: string; part: string; dccImpacting: boolean }[]> = {
  SECMP0015: [
    { release: 'June 2022 SEC Release', part: 'documents', dccImpacting: false },
    { release: 'November 2022 SEC Release', part: 'functionality', dccImpacting: true },
  ],
};

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

function releaseTypeOfHistoric(release: HistoricRelease): string {
  const month = Number(release.goLive.slice(5, 7));
  return (
    ({ 2: 'february', 6: 'june', 11: 'november' } as Record<number, string>)[month] ?? 'ad_hoc'
  );
}

/**
 * The releases of 2019–2022 (domain.md §8) as history: live or closed, each holding the
 * modifications it implemented, written directly with one `release.imported` audit event each.
 */
async function importHistoricReleases(ctx: AppContext): Promise<void> {
  const versions = await listPolicyVersions(ctx.db);
  const last = HISTORIC_RELEASES.at(-1);
  for (const historic of HISTORIC_RELEASES) {
    const policy = policyInForce(versions, historic.goLive);
    if (!policy) throw new Error(`demo data: no Policy in force on ${historic.goLive}`);
    await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
      const release = await unit.trx
        .insertInto('release')
        .values({
          name: historic.name,
          release_type: releaseTypeOfHistoric(historic),
          go_live: historic.goLive,
          status: historic === last ? 'live' : 'closed',
          policy_version_id: policy.id,
          dcc_impacting: releaseTypeOfHistoric(historic) !== 'february',
          notes: historic.secVersion ? `SEC v${historic.secVersion}` : '',
          created_by: null,
          created_at: unit.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const references = historic.modifications.map((m) => m.reference);
      const modifications = await unit.trx
        .selectFrom('modification')
        .select(['id', 'reference'])
        .where('reference', 'in', references)
        .execute();
      const parts: { reference: string; part: string }[] = [];
      for (const modification of modifications) {
        // A split modification is listed under its last release; each part goes to its own.
        const targets = SPLIT[modification.reference] ?? [
          { release: historic.name, part: 'whole', dccImpacting: false },
        ];
        for (const target of targets) {
          const into = await unit.trx
            .selectFrom('release')
            .select(['id', 'go_live'])
            .where('name', '=', target.release)
            .executeTakeFirstOrThrow();
          await unit.trx
            .insertInto('allocation')
            .values({
              release_id: into.id,
              modification_id: modification.id,
              part: target.part,
              dcc_impacting: target.dccImpacting,
              exception_decision_id: null,
              allocated_by: null,
              allocated_at: unit.now,
              descoped_at: null,
              descope_decision_id: null,
              implemented_at: new Date(`${into.go_live}T12:00:00Z`),
            })
            .execute();
          parts.push({ reference: modification.reference, part: target.part });
        }
      }
      await unit.audit({
        action: 'release.imported',
        subjectType: 'release',
        subjectId: String(release.id),
        after: { name: historic.name, goLive: historic.goLive, allocations: parts },
        reason: 'SEC release history (domain.md §8)',
      });
    });
  }
}

/**
 * The next year's standard releases, created through the real action by SECAS, with the two
 * approved modifications the November 2021 release dropped allocated to them: MP143's documents
 * to the June release and MP129 to the November release; where a scope baseline has already
 * passed, the Panel Chair first records a late-addition decision (the exception route).
 */
async function planNextReleases(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, SECAS);
  const chair = await principalOf(ctx, state, CHAIR);
  const today = londonDateOf(ctx.now().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const { created } = await createStandardReleases(ctx, secas, year);
  const byType = new Map<string, Release>(created.map((r) => [r.release_type, r]));
  const plan = [
    { type: 'june', reference: 'MP143', part: 'documents', dccImpacting: false },
    { type: 'november', reference: 'MP129', part: 'whole', dccImpacting: true },
  ];
  for (const item of plan) {
    const release = byType.get(item.type);
    if (!release) throw new Error(`demo data: no ${item.type} release for ${year}`);
    const modification = await ctx.db
      .selectFrom('modification')
      .select(['id', 'status'])
      .where('reference', '=', item.reference)
      .executeTakeFirstOrThrow();
    if (modification.status !== 'approved') continue;
    const policy = await governingPolicyOf(ctx, release, today);
    if (!policy) throw new Error('demo data: the release has no Policy version');
    let exceptionDecisionId: number | undefined;
    if (passedBaseline(policy, release.go_live, item.dccImpacting, today)) {
      const decision = await recordLateAddition(ctx, chair, release.id, {
        modificationId: modification.id,
        decidedOn: today,
        reasons: `${item.reference} was dropped from the November 2021 SEC Release; the Panel adds it by exception after the scope baseline, the DCC having confirmed it can be delivered in time.`,
      });
      exceptionDecisionId = decision.id;
    }
    await allocateModification(ctx, secas, release.id, {
      modificationId: modification.id,
      part: item.part,
      description: item.part === 'documents' ? 'The GBCS document changes' : '',
      dccImpacting: item.dccImpacting,
      exceptionDecisionId,
    });
  }
}

/** The demo's SEC Releases: the history of 2019–2022, then next year's standard releases. */
export async function createDemoReleases(ctx: AppContext, state: DemoState): Promise<void> {
  await importHistoricReleases(ctx);
  await planNextReleases(ctx, state);
}

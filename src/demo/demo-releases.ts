import type { AppContext } from '../app-context.ts';
import { londonDateOf } from '../calendar/index.ts';
import { countOf } from '../calendar/count-words.ts';
import { longDate } from '../calendar/date-words.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { governingPolicyOf } from '../modules/policy/policy.queries.ts';
import { recordHistory } from '../modules/history/history.actions.ts';
import type { HistoryRecord } from '../modules/history/history.ts';
import { allocateModification } from '../modules/allocation/allocation.actions.ts';
import { passedBaseline } from '../modules/allocation/allocation.ts';
import { createStandardReleases, recordLateAddition } from '../modules/release/release.actions.ts';
import type { Release } from '../modules/release/release.queries.ts';
import { listMeetingRows } from '../modules/meeting/meeting.queries.ts';
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

/** The SEC website's release pages: page 2 of the tag holds the releases up to 2020. */
function releasePage(goLive: string): string {
  return goLive < '2021-01-01'
    ? 'https://smartenergycodecompany.co.uk/tag/sec-release/page/2/'
    : 'https://smartenergycodecompany.co.uk/tag/sec-release/';
}

/**
 * The RID approvals the release pages give (domain.md §5.1): the date the SRID was "last
 * updated". The website does not number its versions, so each is recorded as version 1.
 */
const HISTORIC_RID_APPROVALS: readonly { release: string; on: string; words: string }[] = [
  {
    release: 'November 2019 SEC Release',
    on: '2019-10-31',
    words: 'The SEC Release Implementation Document was last updated on 31 October 2019.',
  },
  {
    release: 'November 2020 SEC Release',
    on: '2020-10-16',
    words:
      'The SEC Release Implementation Document was last updated on 16 October 2020 to reflect the approval of MP142.',
  },
  {
    release: 'November 2021 SEC Release',
    on: '2021-02-26',
    words:
      'The SEC Release Implementation Document was last updated on 26 February 2021 following MP150 falling into scope.',
  },
];

/** Ruling 13: a release of 2019–2022 and the parts it implemented, as a record of history. */
function releaseRecordOf(historic: HistoricRelease): HistoryRecord {
  const own = historic.modifications
    .filter((m) => SPLIT[m.reference] === undefined)
    .map((m) => ({ reference: m.reference, part: 'whole' }));
  // A split modification is listed under its last release; each part goes to its own.
  const split = Object.entries(SPLIT).flatMap(([reference, targets]) =>
    targets.filter((t) => t.release === historic.name).map((t) => ({ reference, part: t.part })),
  );
  const releaseType = releaseTypeOfHistoric(historic);
  const version = historic.secVersion ? `SEC v${historic.secVersion}` : '';
  return {
    type: 'release',
    name: historic.name,
    goLive: historic.goLive,
    releaseType,
    status: 'live',
    dccImpacting: releaseType !== 'february',
    notes: version,
    modifications: [...own, ...split],
    source: {
      url: releasePage(historic.goLive),
      summary: `Went live on ${longDate(historic.goLive)}${version ? `, ${version},` : ''} with ${countOf(own.length + split.length, 'modification or part', 'modifications or parts')}.`,
    },
  };
}

/**
 * Ruling 13: the releases of 2019–2022 (domain.md §8) as history, each live, holding
 * the modifications it implemented, with the RID approvals their pages give: recorded through
 * the history use case (held outside secrel, one `history.recorded` event each).
 */
async function importHistoricReleases(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, SECAS);
  const releases = HISTORIC_RELEASES.map((r) => releaseRecordOf(r));
  const approvals: HistoryRecord[] = HISTORIC_RID_APPROVALS.map((a) => ({
    type: 'rid_approval',
    release: a.release,
    version: 1,
    approvedOn: a.on,
    publishedOn: a.on,
    source: {
      url: releasePage(a.on),
      summary: `${a.words} The SEC website does not number its versions: recorded as version 1.`,
    },
  }));
  await recordHistory(ctx, secas, [...releases, ...approvals]);
}

/**
 * Ruling 13: the Panel meeting whose decisions the demo records today: the latest held on or
 * before today (the demo's meetings before its cut-over are history, so they are not gated).
 */
export async function decidingMeeting(ctx: AppContext, today: string): Promise<{ id: number }> {
  const held = (await listMeetingRows(ctx.db)).filter((m) => m.heldOn <= today).at(-1);
  if (!held) throw new Error('demo data: no Panel meeting held yet to take the decision');
  return held;
}

/**
 * The next year's standard releases, created through the real action by SECAS, with the two
 * approved modifications the November 2021 release dropped allocated to them: MP143's documents
 * to the June release and MP129 to the November release; where a scope baseline has already
 * passed, the Panel Chair first records the late-addition decision the Panel took at its latest
 * meeting (the exception route, ruling 13).
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
        meetingId: (await decidingMeeting(ctx, today)).id,
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
  await importHistoricReleases(ctx, state);
  await planNextReleases(ctx, state);
}

import type { AppContext } from '../app-context.ts';
import type { WorkingDayCalendar } from '../calendar/index.ts';
import { calendarFor } from '../modules/calendar/calendar.queries.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { raiseModification } from '../modules/modification/modification.actions.ts';
import {
  progressModification,
  withdrawModification,
} from '../modules/modification/modification-lifecycle.actions.ts';
import { lifecycleChecks } from '../modules/refinement/refinement.queries.ts';
import { adoptionDeadline as adoptionDeadlineOf } from '../modules/modification/adoption-window.ts';
import { STATUS_NAMES } from '../modules/modification/modification.ts';
import { recordHistory } from '../modules/history/history.actions.ts';
import type { HistoryRecord } from '../modules/history/history.ts';
import { formatDate } from '../calendar/format.ts';
import { demoOrganisationId, demoUserId, type DemoState } from './demo-state.ts';
import {
  HISTORIC_RELEASES,
  OTHER_HISTORIC_MODIFICATIONS,
  type HistoricModification,
  type HistoricRelease,
} from './demo-modification-history.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';

/** The SEC website's release pages: page 2 of the tag holds the releases up to 2020. */
const RELEASES_PAGE = 'https://smartenergycodecompany.co.uk/tag/sec-release/';
const EARLIER_RELEASES_PAGE = 'https://smartenergycodecompany.co.uk/tag/sec-release/page/2/';
/** The pages the sources name for single modifications (domain.md §4, §8). */
const MODIFICATION_PAGES: Record<string, string> = {
  MP117: 'https://smartenergycodecompany.co.uk/modifications/bulk-ch-returns/',
};

/** A year before go-live: the estimate of the day a released modification was raised. */
function yearBefore(date: string): string {
  return `${String(Number(date.slice(0, 4)) - 1)}${date.slice(4)}`;
}

function importSummary(
  m: HistoricModification,
  release: HistoricRelease | undefined,
  adoptionDeadline: string | null,
): string {
  const parts: string[] = [];
  if (release) {
    const version = release.secVersion ? ` (SEC v${release.secVersion})` : '';
    parts.push(`Implemented in the ${release.name} on ${formatDate(release.goLive)}${version}.`);
  } else if (m.withdrawn && adoptionDeadline) {
    parts.push(
      `Withdrawn on ${formatDate(m.withdrawn.at.slice(0, 10))}; its adoption window closed on ${formatDate(adoptionDeadline.slice(0, 10))} and nobody adopted it.`,
    );
  } else {
    parts.push(`${STATUS_NAMES[m.status]}.`);
  }
  if (m.summary) parts.push(m.summary);
  if (m.raisedOnEstimated || (!m.raisedOn && release))
    parts.push('The date raised is an estimate.');
  return parts.join(' ');
}

/** Ruling 13: one modification of the SEC's history as a record held outside secrel. */
function historyRecordOf(
  m: HistoricModification,
  release: HistoricRelease | undefined,
  proposer: string,
  calendar: WorkingDayCalendar,
): HistoryRecord {
  const adoptionDeadline = m.withdrawn ? adoptionDeadlineOf(calendar, m.withdrawn.at) : null;
  const url =
    MODIFICATION_PAGES[m.reference] ??
    (release ? (release.goLive < '2021-01-01' ? EARLIER_RELEASES_PAGE : RELEASES_PAGE) : null);
  return {
    type: 'modification',
    reference: m.reference,
    title: m.title,
    summary: m.summary ?? '',
    path: m.path ?? null,
    status: m.status,
    raisedOn: m.raisedOn ?? yearBefore(release?.goLive ?? '2019-01-01'),
    approvedOn: m.approved?.on ?? null,
    approvedBy: m.approved?.by ?? null,
    withdrawnOn: m.withdrawn ? m.withdrawn.at.slice(0, 10) : null,
    statusBeforeWithdrawal: m.withdrawn?.from ?? null,
    implementedOn: release && m.status === 'implemented' ? release.goLive : null,
    proposer,
    documents: [...(m.documents ?? [])],
    dependsOn: [...(m.dependsOn ?? [])],
    source: { url, summary: importSummary(m, release, adoptionDeadline) },
  };
}

/** Ruling 13: the Change Board's decisions the sources give (MP109, domain.md §4). */
function historicDecisions(): HistoryRecord[] {
  return [...HISTORIC_RELEASES.flatMap((r) => r.modifications), ...OTHER_HISTORIC_MODIFICATIONS]
    .filter((m) => m.approved !== undefined)
    .map((m) => ({
      type: 'decision' as const,
      modification: m.reference,
      kind: m.approved?.by === 'authority' ? 'authority_decision' : 'change_board_decision',
      outcome: 'approve' as const,
      decidedOn: m.approved?.on ?? '',
      notes: 'Recorded from the SEC website: taken before secrel’s cut-over.',
      source: { url: null, summary: m.summary ?? `${m.reference} was approved.` },
    }));
}

/**
 * Ruling 13: the SEC's modifications of 2017–2022, and the decisions the sources give, recorded
 * as history through the history use case (held outside secrel, each with its published source,
 * one `history.recorded` event each). The sources do not name the proposers: the demo assigns
 * its invented Parties in turn.
 */
async function importHistory(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, 'tom.okafor@example.org');
  const proposers = DEMO_ORGANISATIONS.filter((o) => o.kind === 'party' || o.kind === 'dcc');
  const calendar = await calendarFor(ctx);
  const all = [
    ...HISTORIC_RELEASES.flatMap((release) => release.modifications.map((m) => ({ m, release }))),
    ...OTHER_HISTORIC_MODIFICATIONS.map((m) => ({ m, release: undefined })),
  ];
  const records = all.map(({ m, release }, index) => {
    const proposer = proposers[index % proposers.length];
    if (proposer === undefined) throw new Error('demo data: no Parties to propose modifications');
    return historyRecordOf(m, release, proposer.name, calendar);
  });
  await recordHistory(ctx, secas, [...records, ...historicDecisions()]);
}

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/**
 * Live items raised and moved on through the real actions, so the demo shows the lifecycle:
 * a Party's Draft Proposal, one in the Report Phase, a Fast-Track awaiting the Change Board and
 * a withdrawn one whose adoption window is open. Their references and titles are invented.
 */
async function createLiveModifications(ctx: AppContext, state: DemoState): Promise<void> {
  const party = await principalOf(ctx, state, 'james.whitfield@example.org');
  const secas = await principalOf(ctx, state, 'tom.okafor@example.org');
  const chair = await principalOf(ctx, state, 'eleanor.hartley@example.org');
  const today = formatDate(ctx.now().toISOString().slice(0, 10));

  await raiseModification(ctx, party, {
    reference: 'DP250',
    title: 'Tell all Parties when the scope of a SEC Release changes',
    summary:
      'Problem statement: Parties that are not Users learn of changes to a SEC Release’s scope only from the Release Implementation Document, yet any Party may appeal its approval (D10.17).',
    documentIds: ['section-d'],
  });

  const reportPhase = await raiseModification(ctx, secas, {
    reference: 'MP251',
    title: 'Consultation period for SEC Release Testing Approach Documents',
    summary:
      'Sets a minimum period for the DCC’s consultation on each SEC Release Testing Approach Document (D10.20).',
    proposerOrgId: demoOrganisationId(state, 'Brightwater Energy Ltd'),
    path: 'path3',
    documentIds: ['section-d', 'sec-release-management-policy'],
  });
  await progressModification(
    ctx,
    chair,
    reportPhase.id,
    {
      to: 'report_phase',
      reason: `Panel meeting of ${today}: no refinement needed, straight to the Report Phase`,
      version: reportPhase.version,
    },
    lifecycleChecks,
  );

  const fastTrack = await raiseModification(ctx, chair, {
    reference: 'MP252',
    title: 'Correct the cross-reference to notice periods in D10.15',
    summary:
      'D10.15 refers to Section D10.8(d) for the notice periods; after the re-lettering they are in D10.8(c).',
    path: 'fast_track',
    documentIds: ['section-d'],
  });
  let version = fastTrack.version;
  for (const to of ['report_phase', 'modification_report_consultation', 'change_board'] as const) {
    const step = await progressModification(
      ctx,
      secas,
      fastTrack.id,
      { to, reason: `Fast-Track housekeeping: ${STATUS_NAMES[to]} (Panel of ${today})`, version },
      lifecycleChecks,
    );
    version = step.version;
  }

  const withdrawn = await raiseModification(ctx, party, {
    reference: 'MP253',
    title: 'Longer notice of DUIS changes in a SEC Release',
    summary: 'Asks for DUIS changes to be notified to Users earlier than other release content.',
    path: 'path2',
    documentIds: ['appendix-ad', 'sec-release-management-policy'],
  });
  await withdrawModification(ctx, party, withdrawn.id, {
    reason:
      'Albion Power withdraws it: the SEC Release Management Policy review will cover notice periods',
    version: withdrawn.version,
  });
}

/** The demo's modification register: the SEC's history, then live items through the real actions. */
export async function createDemoModifications(ctx: AppContext, state: DemoState): Promise<void> {
  await importHistory(ctx, state);
  await createLiveModifications(ctx, state);
}

import { inTransaction, type AppContext, type UnitOfWork } from '../app-context.ts';
import type { WorkingDayCalendar } from '../calendar/index.ts';
import type { Actor } from '../audit/audit.ts';
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
import { searchTextOf } from '../modules/modification/modification-register.ts';
import { formatDate } from '../calendar/format.ts';
import { demoOrganisationId, demoUserId, type DemoState } from './demo-state.ts';
import {
  HISTORIC_RELEASES,
  OTHER_HISTORIC_MODIFICATIONS,
  type HistoricModification,
  type HistoricRelease,
} from './demo-modification-history.ts';
import { DEMO_ORGANISATIONS } from './demo-organisations.ts';

/** Who the import of history is recorded as in the audit trail. */
const IMPORT_ACTOR: Actor = { id: null, label: 'SECAS (import of the SEC’s modification history)' };

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

async function importOne(
  unit: UnitOfWork,
  calendar: WorkingDayCalendar,
  m: HistoricModification,
  release: HistoricRelease | undefined,
  proposerOrgId: number,
): Promise<number> {
  const adoptionDeadline = m.withdrawn ? adoptionDeadlineOf(calendar, m.withdrawn.at) : null;
  const raisedOn = m.raisedOn ?? yearBefore(release?.goLive ?? '2019-01-01');
  const summary = importSummary(m, release, adoptionDeadline);
  const row = await unit.trx
    .insertInto('modification')
    .values({
      reference: m.reference,
      title: m.title,
      summary: m.summary ?? '',
      proposer_org_id: proposerOrgId,
      path: m.path ?? null,
      status: m.status,
      status_before_withdrawal: m.withdrawn?.from ?? null,
      raised_on: raisedOn,
      withdrawn_at: m.withdrawn ? new Date(m.withdrawn.at) : null,
      adoption_deadline: adoptionDeadline ? new Date(adoptionDeadline) : null,
      approved_on: m.approved?.on ?? null,
      approved_by: m.approved?.by ?? null,
      search_text: searchTextOf({
        reference: m.reference,
        title: m.title,
        summary: m.summary ?? '',
      }),
      created_at: unit.now,
      updated_at: unit.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const documents = m.documents ?? [];
  if (documents.length > 0) {
    await unit.trx
      .insertInto('modification_document')
      .values(documents.map((document_id) => ({ modification_id: row.id, document_id })))
      .execute();
  }
  if (release) {
    await unit.trx
      .insertInto('implementation_timetable')
      .values({
        modification_id: row.id,
        implementation_date: release.goLive,
        description: `Implemented in the ${release.name}${release.secVersion ? ` (SEC v${release.secVersion})` : ''}`,
        source: 'decision',
        recorded_by: null,
        created_at: unit.now,
      })
      .execute();
  }
  await unit.audit({
    action: 'modification.imported',
    subjectType: 'modification',
    subjectId: String(row.id),
    after: {
      reference: m.reference,
      status: m.status,
      path: m.path ?? null,
      proposerOrgId,
      raisedOn,
      release: release?.name ?? null,
      implementationDate: release?.goLive ?? null,
      adoptionDeadline,
      documentIds: documents,
      summary,
    },
    reason:
      'History loaded from the SEC website records (domain.md §8); it cannot be replayed through the lifecycle',
  });
  return row.id;
}

/**
 * The SEC's modifications of 2017–2022 with their releases, written directly in one transaction
 * (their history cannot be replayed through the lifecycle), one `modification.imported` event
 * each. The sources do not name the proposers: the demo assigns its invented Parties in turn.
 */
async function importHistory(ctx: AppContext, state: DemoState): Promise<void> {
  const proposers = DEMO_ORGANISATIONS.filter((o) => o.kind === 'party' || o.kind === 'dcc').map(
    (o) => demoOrganisationId(state, o.name),
  );
  const all = [
    ...HISTORIC_RELEASES.flatMap((release) => release.modifications.map((m) => ({ m, release }))),
    ...OTHER_HISTORIC_MODIFICATIONS.map((m) => ({ m, release: undefined })),
  ];
  await inTransaction(ctx, IMPORT_ACTOR, async (unit) => {
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const ids = new Map<string, number>();
    for (const [index, { m, release }] of all.entries()) {
      const proposer = proposers[index % proposers.length];
      if (proposer === undefined) throw new Error('demo data: no Parties to propose modifications');
      ids.set(m.reference, await importOne(unit, calendar, m, release, proposer));
    }
    for (const { m } of all) {
      for (const reference of m.dependsOn ?? []) {
        const from = ids.get(m.reference);
        const to = ids.get(reference);
        if (from === undefined || to === undefined)
          throw new Error(`demo data: no modification ${reference}`);
        await unit.trx
          .insertInto('modification_dependency')
          .values({ modification_id: from, depends_on_id: to })
          .execute();
      }
    }
  });
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

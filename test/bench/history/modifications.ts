import { SEC_CATALOGUE } from '../../../src/modules/catalogue/sec-catalogue.ts';
import { allocateModification } from '../../../src/modules/allocation/allocation.actions.ts';
import { recordDecision } from '../../../src/modules/decision/decision.actions.ts';
import { raiseModification } from '../../../src/modules/modification/modification.actions.ts';
import {
  progressModification,
  withdrawModification,
} from '../../../src/modules/modification/modification-lifecycle.actions.ts';
import type { Path } from '../../../src/modules/modification/modification.ts';
import { PURPOSES } from '../../../src/modules/refinement/refinement.ts';
import {
  recordConclusion,
  setDccTesting,
} from '../../../src/modules/refinement/refinement.actions.ts';
import { lifecycleChecks } from '../../../src/modules/refinement/refinement.queries.ts';
import { createRelease } from '../../../src/modules/release/release.actions.ts';
import { planReleaseLife, type HistoryState, type PlannedRelease } from './releases.ts';
import { addDays, addMonths } from './timeline.ts';

const SUBJECTS = [
  'notice periods for release content',
  'DUIS service request validation',
  'GBCS alert handling',
  'registration data refresh',
  'smart meter device assurance',
  'charging statements for Parties',
  'testing environment availability',
  'SMKI certificate renewal',
  'prepayment top-up messages',
  'communications hub firmware',
  'threshold anomaly detection',
  'data privacy audit evidence',
];
const VERBS = ['Clarify', 'Amend', 'Introduce', 'Simplify', 'Extend', 'Correct', 'Align'];

/** Documents whose change needs no sub-committee's view (so refinement can complete alone). */
const PLAIN_DOCUMENTS = SEC_CATALOGUE.filter((document) => document.classes.length === 0).map(
  (document) => document.id,
);

type Fate = 'approve' | 'reject' | 'withdraw' | 'stall';

/** One modification's plan: its path, where it ends and whether it changes DCC Systems. */
interface Plan {
  number: number;
  raisedOn: string;
  draft: boolean;
  path: Path;
  fate: Fate;
  refinement: boolean;
  dccImpacting: boolean;
  split: boolean;
}

function planOf(state: HistoryState, number: number, raisedOn: string): Plan {
  const { random } = state;
  const roll = random.next();
  const path: Path =
    roll < 0.4
      ? 'path3'
      : roll < 0.66
        ? 'path2'
        : roll < 0.8
          ? 'fast_track'
          : roll < 0.98
            ? 'path1'
            : 'alv';
  const fateRoll = random.next();
  const fate: Fate =
    fateRoll < 0.74
      ? 'approve'
      : fateRoll < 0.82
        ? 'reject'
        : fateRoll < 0.9
          ? 'withdraw'
          : 'stall';
  return {
    number,
    raisedOn,
    draft: (path === 'path2' || path === 'path3') && random.chance(0.3),
    path,
    fate,
    refinement: (path === 'path1' || path === 'path2' || path === 'path3') && random.chance(0.5),
    dccImpacting: path !== 'alv' && random.chance(0.45),
    split: path !== 'alv' && random.chance(0.12),
  };
}

/** The releases a part may go to today: scope not baselined for it, going live after `today`. */
function candidates(state: HistoryState, dccImpacting: boolean): PlannedRelease[] {
  const today = state.timeline.today;
  return state.releases
    .filter((release) => !release.cancelled && (!dccImpacting || release.dccImpacting))
    .filter((release) => addMonths(release.goLive, dccImpacting ? -12 : -6) > addDays(today, 7))
    .sort((a, b) => a.goLive.localeCompare(b.goLive));
}

/** The next Thursday at least `days` days after `date`. */
function thursdayAfter(date: string, days: number): string {
  let day = addDays(date, days);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 4) day = addDays(day, 1);
  return day;
}

/**
 * D10.7, D10.8(a): SECAS allocates an approved modification, whole or in two parts (its
 * documents, and its functionality to a DCC-impacting release), to the earliest release whose
 * scope is open for it; an Authority-Led Variation gets an ad-hoc release of its own. With no
 * release open, it tries again a month later.
 */
function allocate(
  state: HistoryState,
  plan: Plan,
  id: number,
  reference: string,
  attempt = 0,
): void {
  const { timeline, cast } = state;
  const on = addDays(timeline.today, state.random.between(5, 20));
  if (on > state.end) return;
  timeline.at(on, `${reference} allocated`, async () => {
    const ctx = timeline.ctx;
    if (plan.path === 'alv') {
      const goLive = thursdayAfter(timeline.today, 230);
      const created = await createRelease(ctx, cast.secas, {
        name: `Ad-hoc SEC Release for ${reference}`,
        releaseType: 'ad_hoc',
        goLive,
        notes: `An ad-hoc release for the Authority-Led Variation ${reference}.`,
      });
      const release = {
        id: created.id,
        name: created.name,
        type: 'ad_hoc',
        goLive,
        dccImpacting: created.dcc_impacting,
        cancelled: false,
      };
      state.releases.push(release);
      planReleaseLife(state, release);
      await allocateModification(ctx, cast.secas, release.id, {
        modificationId: id,
        part: 'whole',
        description: '',
        dccImpacting: false,
      });
      return;
    }
    const parts = plan.split
      ? [
          { part: 'documents', dccImpacting: false, description: 'The SEC document changes' },
          { part: 'functionality', dccImpacting: true, description: 'The DCC System changes' },
        ]
      : [{ part: 'whole', dccImpacting: plan.dccImpacting, description: '' }];
    const targets = parts.map((part) => candidates(state, part.dccImpacting)[0]);
    if (targets.some((target) => target === undefined)) {
      if (attempt < 6) allocate(state, plan, id, reference, attempt + 1);
      return;
    }
    for (const [index, part] of parts.entries()) {
      const target = targets[index];
      if (target === undefined) continue;
      await allocateModification(ctx, cast.secas, target.id, { modificationId: id, ...part });
    }
  });
}

/**
 * domain.md §4: a modification's life through the real actions: raised (a Party's Draft Proposal
 * the Panel converts, or a Modification Proposal SECAS raises for a Party), refined (every
 * purpose concluded), the Report Phase and its consultation, the Change Board or the Authority,
 * then allocation; or withdrawn, rejected, or still in progress when the history ends.
 */
export function planModification(state: HistoryState, number: number, raisedOn: string): void {
  const { timeline, cast, random } = state;
  const plan = planOf(state, number, raisedOn);
  const proposer = random.pick(cast.parties);
  const subject = random.pick(SUBJECTS);
  const title = `${random.pick(VERBS)} the arrangements for ${subject}`;
  const documents = [...new Set([random.pick(PLAIN_DOCUMENTS), random.pick(PLAIN_DOCUMENTS)])];
  let id = 0;
  let version = 0;
  let reference = `${plan.draft ? 'DP' : 'MP'}${String(number).padStart(3, '0')}`;
  const steps: { days: [number, number]; label: string; run: () => Promise<void> }[] = [];
  const step = (days: [number, number], label: string, run: () => Promise<void>) => {
    steps.push({ days, label, run });
  };
  const progress = (to: string, reason: string, path?: Path) => async () => {
    const moved = await progressModification(
      timeline.ctx,
      cast.secas,
      id,
      { to, reason, version, path },
      lifecycleChecks,
    );
    version = moved.version;
    reference = moved.reference;
  };
  const lastStep = plan.fate === 'stall' ? random.between(1, 3) : Number.POSITIVE_INFINITY;

  if (plan.draft)
    step(
      [20, 45],
      'converted',
      progress('modification_proposal', 'The Panel converts the Draft Proposal', plan.path),
    );
  if (plan.path === 'alv') {
    step(
      [14, 30],
      'to the Authority',
      progress('authority_decision', 'The Authority-Led Variation goes to the Authority'),
    );
  } else {
    if (plan.refinement) {
      step(
        [14, 30],
        'to refinement',
        progress('refinement', 'The Panel sends it to a Working Group'),
      );
      step([30, 80], 'refined', async () => {
        for (const purpose of PURPOSES) {
          await recordConclusion(timeline.ctx, cast.secas, id, purpose.letter, {
            conclusion: `The Working Group concluded on (${purpose.letter}) ${purpose.name.toLowerCase()}.`,
            version: 1,
          });
        }
        const current = await timeline.ctx.db
          .selectFrom('modification')
          .select('version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const set = await setDccTesting(timeline.ctx, cast.secas, id, {
          required: false,
          testingSolution: '',
          version: current.version,
        });
        version = set.version;
      });
      step([7, 20], 'to the Report Phase', progress('report_phase', 'Refinement is complete'));
    } else {
      step([14, 30], 'to the Report Phase', progress('report_phase', 'No refinement needed'));
    }
    step(
      [30, 60],
      'to consultation',
      progress('modification_report_consultation', 'The Modification Report goes to consultation'),
    );
    step(
      [20, 35],
      plan.path === 'path1' ? 'to the Authority' : 'to the Change Board',
      progress(
        plan.path === 'path1' ? 'authority_decision' : 'change_board',
        'The consultation has closed',
      ),
    );
  }
  const outcome = plan.fate === 'reject' ? 'reject' : 'approve';
  const decide = (kind: string, byAuthority: boolean) => async () => {
    const recorded = await recordDecision(
      timeline.ctx,
      byAuthority ? cast.authority : cast.secas,
      id,
      {
        kind,
        outcome: kind === 'change_board_recommendation' ? 'approve' : outcome,
        decidedOn: timeline.today,
        notes: '',
      },
    );
    version = recorded.modification.version;
  };
  if (plan.path === 'path2') {
    step([7, 20], 'recommended', decide('change_board_recommendation', false));
    step([30, 60], 'decided', decide('authority_decision', true));
  } else if (plan.path === 'path1' || plan.path === 'alv') {
    step([20, 45], 'decided', decide('authority_decision', true));
  } else {
    step([7, 20], 'decided', decide('change_board_decision', false));
  }
  const withdrawAt =
    plan.fate === 'withdraw' ? random.between(0, Math.max(0, steps.length - 2)) : -1;

  /** Queues step `index` after its gap; each step queues the next when it has run. */
  const queue = (index: number): void => {
    const next = steps[index];
    if (next === undefined || index >= lastStep) {
      if (next === undefined && outcome === 'approve') allocate(state, plan, id, reference);
      return;
    }
    const on = addDays(timeline.today, random.between(next.days[0], next.days[1]));
    if (on > state.end) return;
    if (index === withdrawAt) {
      timeline.at(on, `${reference} withdrawn`, async () => {
        await withdrawModification(timeline.ctx, cast.secas, id, {
          reason: 'The proposer withdraws it: the issue is addressed elsewhere',
          version,
        });
      });
      return;
    }
    timeline.at(on, `${reference} ${next.label}`, async () => {
      await next.run();
      queue(index + 1);
    });
  };

  timeline.at(raisedOn, `${reference} raised`, async () => {
    const raised = plan.draft
      ? await raiseModification(timeline.ctx, proposer.principal, {
          reference,
          title,
          documentIds: documents,
          summary: `Problem statement: ${subject}.`,
        })
      : plan.path === 'fast_track' || plan.path === 'alv'
        ? await raiseModification(timeline.ctx, plan.path === 'alv' ? cast.authority : cast.chair, {
            reference,
            title,
            summary: `Housekeeping: the ${subject}.`,
            path: plan.path,
            documentIds: documents,
          })
        : await raiseModification(timeline.ctx, cast.secas, {
            reference,
            title,
            summary: `The proposal changes the ${subject}.`,
            proposerOrgId: proposer.orgId,
            path: plan.path,
            documentIds: documents,
          });
    id = raised.id;
    version = raised.version;
    queue(0);
  });
}

import { addWorkingDays, type WorkingDayCalendar } from '../../../src/calendar/index.ts';
import { februaryVersion1, februaryVersion2 } from '../../../src/demo/demo-rid-sections.ts';
import { determineAppeal, lodgeAppeal } from '../../../src/modules/appeal/appeal.actions.ts';
import { recordGoLiveDecision } from '../../../src/modules/go-live/go-live.actions.ts';
import { createMeeting } from '../../../src/modules/meeting/meeting.actions.ts';
import { subtractWorkingDays } from '../../../src/modules/meeting/meeting.ts';
import { issueReleaseNotice } from '../../../src/modules/notice/notice.actions.ts';
import { changeReleaseStatus } from '../../../src/modules/release/release.actions.ts';
import {
  approveRidVersion,
  publishRidApproval,
} from '../../../src/modules/rid/rid-approval.actions.ts';
import {
  createRidAmendment,
  createRidDraft,
  submitRidVersion,
  updateRidSections,
  type SectionsChange,
} from '../../../src/modules/rid/rid.actions.ts';
import { approvedRidOf } from '../../../src/modules/rid/rid.queries.ts';
import { submitReadinessReport } from '../../../src/modules/testing/readiness.actions.ts';
import { readinessSchedule } from '../../../src/modules/testing/readiness.ts';
import {
  createPhasesFromRid,
  recordPhaseResults,
} from '../../../src/modules/testing/testing.actions.ts';
import type { Cast } from './people.ts';
import { addDays, addMonths, type Random, type Timeline } from './timeline.ts';

/** A release of the generated history, as the generator tracks it. */
export interface PlannedRelease {
  id: number;
  name: string;
  type: string;
  goLive: string;
  dccImpacting: boolean;
  cancelled: boolean;
}

/** What the release acts share: the timeline, the people, the calendar and the meetings. */
export interface HistoryState {
  timeline: Timeline;
  cast: Cast;
  random: Random;
  calendar: WorkingDayCalendar;
  /** Panel meetings by date. */
  meetings: Map<string, number>;
  releases: PlannedRelease[];
  /** The last date acts may happen on. */
  end: string;
}

/** The first Panel meeting on or after `date`. */
function meetingFrom(
  state: HistoryState,
  date: string,
): { id: number; heldOn: string } | undefined {
  const heldOn = [...state.meetings.keys()].filter((d) => d >= date).sort()[0];
  return heldOn === undefined ? undefined : { id: state.meetings.get(heldOn) ?? 0, heldOn };
}

async function liveAllocations(state: HistoryState, releaseId: number): Promise<number> {
  const row = await state.timeline.ctx.db
    .selectFrom('allocation')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('release_id', '=', releaseId)
    .where('descoped_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const APPEAL_REASONS =
  'The Party appeals the Panel’s approval of the Release Implementation Document: the User Integration Testing window is too short for it to regression-test its systems before go-live.';
const DETERMINATION =
  'The Authority has considered the appeal and the Panel’s reasons, and dismisses it: the testing window was consulted on and follows the SEC Release Management Policy.';

/**
 * A-RID, D10.12–D10.17: SECAS drafts the RID after the full scope baseline and submits it, the
 * Panel approves it at its next meeting and SECAS publishes it the next Working Day; a Party
 * sometimes appeals and the Authority determines the appeal.
 */
function ridVersion(
  state: HistoryState,
  release: PlannedRelease,
  meeting: { id: number; heldOn: string },
  number: number,
  sections: SectionsChange,
): void {
  const { timeline, cast } = state;
  const planned = subtractWorkingDays(state.calendar, meeting.heldOn, 8);
  const draftOn = planned > timeline.today ? planned : timeline.today;
  timeline.at(draftOn, `RID ${number} of ${release.name} drafted`, async () => {
    const ctx = timeline.ctx;
    const created =
      number === 1
        ? await createRidDraft(ctx, cast.secas, release.id)
        : await createRidAmendment(ctx, cast.secas, release.id);
    const filled = await updateRidSections(ctx, cast.secas, release.id, created.number, {
      version: created.version,
      sections,
    });
    timeline.at(
      subtractWorkingDays(state.calendar, meeting.heldOn, 3),
      `RID ${number} of ${release.name} submitted`,
      async () => {
        await submitRidVersion(timeline.ctx, cast.secas, release.id, created.number, {
          version: filled.version,
        });
      },
    );
  });
  timeline.at(
    meeting.heldOn,
    `RID ${number} of ${release.name} approved`,
    async () => {
      await approveRidVersion(timeline.ctx, cast.chair, release.id, number, {
        meetingId: meeting.id,
      });
      const publishOn = addWorkingDays(state.calendar, meeting.heldOn, 1);
      timeline.at(publishOn, `RID ${number} of ${release.name} published`, async () => {
        await publishRidApproval(timeline.ctx, cast.secas, release.id, number);
      });
      if (state.random.chance(0.3)) appeal(state, release, number, publishOn);
    },
    '15:00:00',
  );
}

function appeal(
  state: HistoryState,
  release: PlannedRelease,
  number: number,
  publishedOn: string,
): void {
  const { timeline, cast, random } = state;
  const lodgedOn = addWorkingDays(state.calendar, publishedOn, random.between(2, 8));
  const party = random.pick(cast.parties).principal;
  timeline.at(
    lodgedOn,
    `appeal against RID ${number} of ${release.name}`,
    async () => {
      const lodged = await lodgeAppeal(timeline.ctx, party, release.id, number, {
        reasons: APPEAL_REASONS,
      });
      const determinedOn = addWorkingDays(state.calendar, lodgedOn, 15);
      timeline.at(
        determinedOn,
        `appeal against RID ${number} of ${release.name} determined`,
        async () => {
          await determineAppeal(timeline.ctx, cast.authority, lodged.id, {
            outcome: 'dismissed',
            determination: DETERMINATION,
            determinedOn,
          });
        },
        '15:00:00',
      );
    },
    '10:30:00',
  );
}

/** D10.13(b)(c), D10.16: the DCC's test phases from the approved RID and its readiness reports. */
function testing(state: HistoryState, release: PlannedRelease, from: string): void {
  const { timeline, cast } = state;
  timeline.at(from, `test phases of ${release.name}`, async () => {
    const ctx = timeline.ctx;
    const phases = await createPhasesFromRid(ctx, cast.secas, release.id);
    for (const phase of phases) {
      const start =
        phase.plannedStart > timeline.today ? phase.plannedStart : addDays(timeline.today, 1);
      const end = phase.plannedEnd > start ? phase.plannedEnd : addDays(start, 1);
      if (end >= release.goLive) continue;
      let version = phase.version;
      timeline.at(start, `${phase.name} of ${release.name} started`, async () => {
        const started = await recordPhaseResults(timeline.ctx, cast.dcc, release.id, phase.id, {
          status: 'in_progress',
          actualStart: start,
          actualEnd: null,
          testsPassed: 0,
          testsFailed: 0,
          defects: {},
          notes: '',
          version,
        });
        version = started.version;
      });
      timeline.at(end, `${phase.name} of ${release.name} passed`, async () => {
        await recordPhaseResults(timeline.ctx, cast.dcc, release.id, phase.id, {
          status: 'passed',
          actualStart: start,
          actualEnd: end,
          testsPassed: state.random.between(200, 1400),
          testsFailed: 0,
          defects: {
            critical: 0,
            high: 0,
            medium: state.random.between(0, 4),
            low: state.random.between(0, 9),
          },
          notes: 'Exit criteria met; no open severity 1 or 2 defect.',
          version,
        });
      });
    }
    const rid = await approvedRidOf(ctx.db, release.id);
    if (!rid) return;
    readinessSchedule(rid.sections.reporting, release.goLive)
      .filter((due) => due > timeline.today && due < release.goLive)
      .forEach((due, index) => {
        timeline.at(due, `readiness report ${index + 1} of ${release.name}`, async () => {
          await submitReadinessReport(timeline.ctx, cast.dcc, release.id, {
            periodDue: due,
            measures: Object.fromEntries(
              rid.sections.reporting.measures.map((measure) => [measure, String(40 * (index + 1))]),
            ),
            summary: `Progress to ${due}: on plan.`,
          });
        });
      });
  });
}

/** D10.8(e), D10.13(f): the Panel decides at a meeting in the window before go-live; the release goes live. */
function goLive(state: HistoryState, release: PlannedRelease): void {
  const { timeline, cast } = state;
  const windowOpens = subtractWorkingDays(state.calendar, release.goLive, 5);
  const existing = meetingFrom(state, windowOpens);
  const decidedOn =
    existing !== undefined && existing.heldOn < release.goLive
      ? existing.heldOn
      : subtractWorkingDays(state.calendar, release.goLive, 2);
  if (decidedOn > state.end) return;
  if (!state.meetings.has(decidedOn)) {
    timeline.at(addDays(decidedOn, -30), `go-live meeting of ${release.name} called`, async () => {
      if (state.meetings.has(decidedOn)) return;
      const called = await createMeeting(timeline.ctx, cast.chair, {
        heldOn: decidedOn,
        kind: 'extraordinary',
      });
      state.meetings.set(decidedOn, called.meeting.id);
    });
  }
  timeline.at(
    decidedOn,
    `${release.name} goes live`,
    async () => {
      const rid = await approvedRidOf(timeline.ctx.db, release.id);
      if (!rid) throw new Error(`${release.name} has no approved RID to decide against`);
      await recordGoLiveDecision(timeline.ctx, cast.chair, release.id, {
        decidedOn,
        meetingId: state.meetings.get(decidedOn),
        outcome: 'go_live',
        criteria: rid.sections.goLiveCriteria.map((criterion) => ({
          id: criterion.id,
          met: true,
          evidence: 'Reported met in the DCC’s final readiness report.',
        })),
        conditions: '',
        deferredTo: '',
        reasons: '',
      });
    },
    '16:00:00',
  );
}

/**
 * A release's life after its full scope baseline: with content, its RID (sometimes amended),
 * notice, testing, readiness reports and go-live; without, the Panel cancels it.
 */
export function planReleaseLife(state: HistoryState, release: PlannedRelease): void {
  const { timeline, cast } = state;
  const baseline = addMonths(release.goLive, -6);
  if (addDays(baseline, 1) > state.end) return;
  timeline.at(addDays(baseline, 1), `scope of ${release.name} baselined`, async () => {
    const m1 = meetingFrom(state, addDays(baseline, 14));
    if (m1 === undefined || m1.heldOn > state.end) return;
    const parts = await liveAllocations(state, release.id);
    if (parts === 0) {
      release.cancelled = true;
      timeline.at(
        m1.heldOn,
        `${release.name} cancelled`,
        async () => {
          const row = await timeline.ctx.db
            .selectFrom('release')
            .select('version')
            .where('id', '=', release.id)
            .executeTakeFirstOrThrow();
          await changeReleaseStatus(timeline.ctx, cast.chair, release.id, {
            to: 'cancelled',
            version: row.version,
            meetingId: m1.id,
            reasons: 'Nothing was allocated to the release by its scope baseline.',
          });
        },
        '16:00:00',
      );
      return;
    }
    const v1 = februaryVersion1(state.calendar, release.goLive, m1.heldOn);
    ridVersion(state, release, m1, 1, v1);
    const freeze = addMonths(release.goLive, -3);
    const m2 = meetingFrom(state, addDays(m1.heldOn, 35));
    if (m2 !== undefined && m2.heldOn < addDays(freeze, -3) && state.random.chance(0.4)) {
      ridVersion(state, release, m2, 2, februaryVersion2(v1, state.calendar, release.goLive));
    }
    timeline.at(addMonths(release.goLive, -4), `notice of ${release.name}`, async () => {
      await issueReleaseNotice(timeline.ctx, cast.secas, release.id, {
        subject: `${release.name}: notice of go-live on ${release.goLive}`,
        body: `The ${release.name} goes live on ${release.goLive}. Its Release Implementation Document sets out the changes, the testing and the go-live criteria.`,
      });
    });
    testing(state, release, addWorkingDays(state.calendar, m1.heldOn, 2));
    goLive(state, release);
  });
}

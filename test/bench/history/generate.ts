import type { AppContext } from '../../../src/app-context.ts';
import { SYSTEM_ACTOR } from '../../../src/audit/audit.ts';
import { calendarFor } from '../../../src/modules/calendar/calendar.queries.ts';
import { loadSecCatalogue } from '../../../src/modules/catalogue/catalogue.actions.ts';
import { submitResponse } from '../../../src/modules/consultation/consultation-response.actions.ts';
import { openConsultation } from '../../../src/modules/consultation/consultation.actions.ts';
import { setCutOver } from '../../../src/modules/installation/installation.actions.ts';
import { closeMeeting } from '../../../src/modules/meeting/meeting-close.actions.ts';
import {
  createMeeting,
  recordNoActionsReason,
} from '../../../src/modules/meeting/meeting.actions.ts';
import {
  decidePolicyVersion,
  openPolicyConsultation,
} from '../../../src/modules/policy/policy-decision.actions.ts';
import {
  createPolicyVersion,
  submitPolicyVersion,
} from '../../../src/modules/policy/policy.actions.ts';
import { createStandardReleases } from '../../../src/modules/release/release.actions.ts';
import { planModification } from './modifications.ts';
import { createCast } from './people.ts';
import { planReleaseLife, type HistoryState } from './releases.ts';
import { addDays, Random, Timeline } from './timeline.ts';

/** How much history: the defaults are issue 12's ten years. */
export interface HistoryScale {
  /** Years of history, ending on {@link HISTORY_END}. */
  years: number;
  modificationsPerYear: number;
  users: number;
  seed: number;
}

export const TEN_YEARS: HistoryScale = {
  years: 10,
  modificationsPerYear: 60,
  users: 200,
  seed: 12,
};

/** The last day of the generated history (fixed, so the data does not depend on the day it is made). */
export const HISTORY_END = '2026-11-27';

export interface GeneratedHistory {
  acts: number;
  users: number;
  releases: number;
  modifications: number;
}

/** The second Friday of a month (domain.md §8: the Panel usually meets then). */
function secondFriday(year: number, month: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const toFriday = (5 - first.getUTCDay() + 7) % 7;
  return addDays(first.toISOString().slice(0, 10), toFriday + 7);
}

/** The Panel's ordinary meetings of a year, scheduled by SECAS in the autumn before; closed after. */
function planMeetings(state: HistoryState, year: number, scheduleOn: string): void {
  const { timeline, cast } = state;
  timeline.at(scheduleOn, `Panel meetings of ${year}`, async () => {
    for (let month = 1; month <= 12; month += 1) {
      const heldOn = secondFriday(year, month);
      if (heldOn <= timeline.today || heldOn > state.end) continue;
      const created = await createMeeting(timeline.ctx, cast.secas, { heldOn, kind: 'ordinary' });
      state.meetings.set(heldOn, created.meeting.id);
      timeline.at(addDays(heldOn, 3), `Panel meeting of ${heldOn} closed`, async () => {
        const ctx = timeline.ctx;
        const items = await ctx.db
          .selectFrom('agenda_item')
          .select('id')
          .where('meeting_id', '=', created.meeting.id)
          .where('kind', '=', 'implementation_actions')
          .execute();
        for (const item of items) {
          await recordNoActionsReason(ctx, cast.secas, created.meeting.id, item.id, {
            reason: 'The implementation needs no action beyond the release it is allocated to.',
          });
        }
        await closeMeeting(ctx, cast.secas, created.meeting.id);
      });
    }
  });
}

/** SECAS consults all Parties each spring on the release calendar two years ahead; Parties respond. */
function planConsultation(state: HistoryState, year: number): void {
  const { timeline, cast, random } = state;
  const opensOn = `${year}-03-02`;
  if (opensOn > state.end) return;
  timeline.at(opensOn, `consultation on the ${year + 2} calendar`, async () => {
    const consultation = await openConsultation(timeline.ctx, cast.secas, {
      subjectType: 'other',
      subjectId: `release-calendar-${year + 2}`,
      title: `Proposed SEC Release calendar ${year + 2}`,
      description: `SECAS proposes the ${year + 2} SEC Release dates.`,
      audiences: ['all_parties'],
      questions: ['Do you agree with the proposed release dates?', 'Any other comments?'],
      opensAt: timeline.today,
      closesAfterWorkingDays: 20,
    });
    for (const party of cast.parties.slice(0, random.between(3, cast.parties.length))) {
      timeline.at(
        addDays(opensOn, random.between(1, 20)),
        `response to the ${year + 2} calendar`,
        async () => {
          await submitResponse(timeline.ctx, party.principal, consultation.id, {
            answers: [
              {
                questionId: 'q1',
                text: random.chance(0.7)
                  ? 'Yes.'
                  : 'The June date clashes with our own change freeze.',
              },
            ],
            confidential: random.chance(0.2),
          });
        },
      );
    }
  });
}

/** SECAS plans a year's standard releases (ruling 6); each then lives its life. */
function planReleases(state: HistoryState, year: number, on: string): void {
  const { timeline, cast } = state;
  timeline.at(on, `standard releases of ${year}`, async () => {
    const { created } = await createStandardReleases(timeline.ctx, cast.secas, year);
    for (const release of created) {
      const planned = {
        id: release.id,
        name: release.name,
        type: release.release_type,
        goLive: release.go_live,
        dccImpacting: release.dcc_impacting,
        cancelled: false,
      };
      state.releases.push(planned);
      planReleaseLife(state, planned);
    }
  });
}

/** Policy version 1, consulted on with the DCC and Users and in force before the first release. */
async function firstPolicy(timeline: Timeline, start: string): Promise<void> {
  const v1 = await createPolicyVersion(
    timeline.ctx,
    null,
    { title: 'SEC Release Management Policy' },
    SYSTEM_ACTOR,
  );
  const submitted = await submitPolicyVersion(timeline.ctx, null, v1.id, v1.version, SYSTEM_ACTOR);
  await openPolicyConsultation(
    timeline.ctx,
    null,
    v1.id,
    { opensAt: start, closesAt: addDays(start, 30) },
    SYSTEM_ACTOR,
  );
  timeline.at(addDays(start, 35), 'Policy version 1 approved', async () => {
    // Ruling 13: the Panel's decision names the meeting that took it, here one the Chair called.
    const { meeting } = await createMeeting(
      timeline.ctx,
      null,
      { heldOn: timeline.today, kind: 'extraordinary' },
      SYSTEM_ACTOR,
    );
    await decidePolicyVersion(
      timeline.ctx,
      null,
      v1.id,
      {
        outcome: 'approve',
        meetingId: meeting.id,
        effectiveFrom: addDays(start, 38),
        notes: 'Approved by the Panel having considered the responses of the DCC and Users.',
        version: submitted.version,
      },
      SYSTEM_ACTOR,
    );
  });
}

/**
 * Issue 12: a deterministic history of `scale.years` years ending on {@link HISTORY_END}, made
 * through the use cases with a test clock moving through the years: the cut-over at its start,
 * people, the catalogue, the Policy, the Panel's meetings, standard and ad-hoc releases with RIDs
 * (versions, approvals, appeals), notices, testing and readiness reports, go-live decisions,
 * modifications on every path to every status with refinement, decisions and allocations (split
 * parts included), and consultations with responses. The same seed and scale give the same data.
 */
export async function generateHistory(
  base: AppContext,
  scale: HistoryScale,
  progress: (message: string) => void,
): Promise<GeneratedHistory> {
  const endYear = Number(HISTORY_END.slice(0, 4));
  const firstYear = endYear - scale.years + 1;
  const start = `${firstYear - 1}-06-01`;
  const timeline = new Timeline(base);
  timeline.setDate(start);
  const random = new Random(scale.seed);
  await setCutOver(timeline.ctx, SYSTEM_ACTOR, start);
  const cast = await createCast(timeline.ctx, random, scale.users);
  await loadSecCatalogue(timeline.ctx, null, SYSTEM_ACTOR);
  await firstPolicy(timeline, start);
  const state: HistoryState = {
    timeline,
    cast,
    random,
    calendar: await calendarFor(timeline.ctx),
    meetings: new Map(),
    releases: [],
    end: HISTORY_END,
  };
  planMeetings(state, firstYear - 1, addDays(start, 1));
  planReleases(state, firstYear, addDays(start, 45));
  for (let year = firstYear; year <= endYear; year += 1) {
    planMeetings(state, year, `${year - 1}-10-01`);
    planReleases(state, year + 1, `${year - 1}-09-01`);
    planConsultation(state, year);
  }
  planReleases(state, endYear + 2, `${endYear}-09-01`);
  let number = 100;
  for (let year = firstYear - 1; year <= endYear; year += 1) {
    const count =
      year < firstYear ? Math.round(scale.modificationsPerYear / 2) : scale.modificationsPerYear;
    const from = year < firstYear ? addDays(start, 50) : `${year}-01-05`;
    const span = Math.round(
      (new Date(`${year}-12-15`).getTime() - new Date(from).getTime()) / 86_400_000,
    );
    const days = Array.from({ length: count }, () => random.between(0, span)).sort((a, b) => a - b);
    for (const day of days) {
      const raisedOn = addDays(from, day);
      if (raisedOn <= HISTORY_END) planModification(state, number, raisedOn);
      number += 1;
    }
  }
  let lastYear = '';
  await timeline.runUntil(HISTORY_END, () => {
    const year = timeline.today.slice(0, 4);
    if (year !== lastYear) {
      lastYear = year;
      progress(`  history: ${year} (${timeline.ran.toLocaleString('en-GB')} acts so far)`);
    }
  });
  const count = async (table: 'release' | 'modification') =>
    Number(
      (
        await base.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    acts: timeline.ran,
    users: cast.users,
    releases: await count('release'),
    modifications: await count('modification'),
  };
}

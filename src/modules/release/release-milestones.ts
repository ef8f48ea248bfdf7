/**
 * D10.8(b): the milestones of a release, computed from the Policy version that governs it, and
 * whether each has happened. PURE. Testing windows come from the release's approved RID
 * (D10.13(b)) when it has one. A milestone is done only when its fact happened (issue 13): a
 * date the Policy sets is a fact once its day has passed; the RID's approval, the notice, the
 * testing and go-live are facts recorded in secrel, whatever their date says.
 */
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import {
  addDays,
  changeFreezeWindow,
  noticeStart,
  scopeBaselineDates,
} from '../policy/policy-dates.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import { hasReached, type ReleaseStatus } from './release.ts';

/**
 * done: its fact happened; in_progress: a window it is in (testing started and not finished, the
 * freeze running); upcoming: not yet due; late: due and its fact has not happened; unrecorded: the
 * release is live or cancelled and the fact was never recorded here (nothing more can be done).
 */
export type MilestoneState = 'done' | 'in_progress' | 'upcoming' | 'late' | 'unrecorded';

/** Who must act for a milestone's fact to happen. */
export type MilestoneActor = 'panel' | 'secas' | 'dcc';

export const MILESTONE_ACTOR_NAMES: Record<MilestoneActor, string> = {
  panel: 'The Panel',
  secas: 'SECAS',
  dcc: 'The DCC',
};

/** The fact a milestone waits for: who records it, what they do, and the release page they do it on. */
export interface MilestoneFact {
  actor: MilestoneActor;
  action: string;
  /** The part of the release it is done on: `/releases/<id>/<page>`. */
  page: 'rid' | 'notices' | 'testing' | 'go-live';
  /** It has been recorded (the milestone may still wait for its day, as the notice period does). */
  happened: boolean;
}

export interface ReleaseMilestone {
  id: string;
  name: string;
  date: string;
  /** The last day, for a window (a testing window, the change freeze). */
  until?: string;
  /** What must happen for it to be met; none for a date the Policy sets (met once it passed). */
  fact?: MilestoneFact;
  state: MilestoneState;
}

/** What a test phase tells the milestones (D10.16): its kind and status. */
export interface PhaseFact {
  kind: string;
  status: string;
}

export interface ReleaseForMilestones {
  releaseType: string;
  goLive: string;
  status: ReleaseStatus;
  /** D10.8(c): at least one notice has been issued to the Parties. */
  noticeIssued?: boolean;
  /** D10.16: the release's test phases. */
  phases?: readonly PhaseFact[];
}

/** D10.13(b): the testing windows the approved RID sets, when it sets them. */
export interface TestingWindows {
  dccTestingStart: string | null;
  dccTestingEnd: string | null;
  userTestingStart: string | null;
  userTestingEnd: string | null;
}

/** A release that is live or cancelled: its unmet milestones can no longer be late. */
function isClosed(status: ReleaseStatus): boolean {
  return status === 'live' || status === 'cancelled';
}

/**
 * D10.8(b): a date the Policy sets (a scope baseline) happens by itself: done once its day has
 * passed, upcoming until then (on the day itself too).
 */
export function policyDateState(date: string, today: string): MilestoneState {
  return date < today ? 'done' : 'upcoming';
}

/** D10.8(b): a window the Policy sets (the change freeze): running from its first to its last day. */
export function policyWindowState(from: string, until: string, today: string): MilestoneState {
  if (today < from) return 'upcoming';
  return today <= until ? 'in_progress' : 'done';
}

/**
 * D10.8(b), issue 13: a milestone met by one fact: done once it happened; otherwise late once
 * `lateFrom` has come (a release that is live or cancelled shows it unrecorded instead), upcoming
 * before.
 */
export function factState(
  happened: boolean,
  lateFrom: string,
  status: ReleaseStatus,
  today: string,
): MilestoneState {
  if (happened) return 'done';
  if (isClosed(status)) return 'unrecorded';
  return today >= lateFrom ? 'late' : 'upcoming';
}

/**
 * D10.8(c), D10.15, issue 13: the notice period starts on its day whatever is recorded, so the
 * milestone is upcoming until that day has passed (on the day too, even with a notice issued
 * early); then done if a notice was issued to the Parties, late if not. A live or cancelled
 * release shows it unrecorded until it is done.
 */
export function noticeState(
  date: string,
  issued: boolean,
  status: ReleaseStatus,
  today: string,
): MilestoneState {
  return factState(issued && date < today, addDays(date, 1), status, today);
}

/**
 * D10.13(b), D10.16, issue 13: a testing window of the approved RID is done when every phase of
 * its kind that is not cancelled has passed (at least one); in progress while one has started and
 * the window has not ended; late once its first day has passed with none started, or its last day
 * has passed without all passing; upcoming before. A live or cancelled release shows an unmet
 * window unrecorded.
 */
export function testingWindowState(
  kind: string,
  window: { from: string; until: string },
  release: { status: ReleaseStatus; phases?: readonly PhaseFact[] | undefined },
  today: string,
): MilestoneState {
  const phases = (release.phases ?? []).filter((p) => p.kind === kind && p.status !== 'cancelled');
  if (phases.length > 0 && phases.every((p) => p.status === 'passed')) return 'done';
  if (isClosed(release.status)) return 'unrecorded';
  const started = phases.some((p) => p.status !== 'planned');
  if (!started) return window.from < today ? 'late' : 'upcoming';
  return window.until < today ? 'late' : 'in_progress';
}

/**
 * D10.8(b), D10.13(b), D10.15, D10.8(c), D10.8(e): scope baselines and the change freeze (dates the
 * Policy sets); the RID approved before the notice period starts (ruling 5: it is frozen from that
 * day, so late on the day itself); the notice period's start (done once its day has passed with a
 * notice issued to the Parties, late once passed without one); the DCC and User testing windows of the approved RID (their phases); go-live (the Panel's
 * go-live decision, late once the day has passed without it). In date order.
 */
export function releaseMilestones(
  policy: { mechanisms: PolicyMechanisms },
  release: ReleaseForMilestones,
  calendar: WorkingDayCalendar,
  today: string,
  testing: TestingWindows | null = null,
): ReleaseMilestone[] {
  const { status } = release;
  const milestones: ReleaseMilestone[] = scopeBaselineDates(policy, release.goLive).map((b) => ({
    id: b.id,
    name: b.name,
    date: b.date,
    state: policyDateState(b.date, today),
  }));
  const notice = noticeStart(policy, release.releaseType, release.goLive, calendar);
  if (notice) {
    const approved = hasReached(status, 'rid_approved');
    milestones.push({
      id: 'rid_approval',
      name: 'RID approved',
      date: notice,
      fact: {
        actor: 'panel',
        action: 'approve the RID at a Panel meeting',
        page: 'rid',
        happened: approved,
      },
      state: factState(approved, notice, status, today),
    });
    const issued = release.noticeIssued === true;
    milestones.push({
      id: 'notice_start',
      name: 'Notice period starts',
      date: notice,
      fact: {
        actor: 'secas',
        action: 'issue the release notice to all Parties',
        page: 'notices',
        happened: issued,
      },
      state: noticeState(notice, issued, status, today),
    });
  }
  const windows = [
    [
      'dcc_testing',
      'DCC testing (RID)',
      'dcc_sit',
      testing?.dccTestingStart,
      testing?.dccTestingEnd,
    ],
    [
      'user_testing',
      'User testing (RID)',
      'user_testing',
      testing?.userTestingStart,
      testing?.userTestingEnd,
    ],
  ] as const;
  for (const [id, name, kind, from, until] of windows) {
    if (!from || !until) continue;
    const state = testingWindowState(kind, { from, until }, release, today);
    milestones.push({
      id,
      name,
      date: from,
      until,
      fact: {
        actor: 'dcc',
        action:
          kind === 'dcc_sit'
            ? 'run DCC System Integration Testing and record its results'
            : 'support User testing and record its results',
        page: 'testing',
        happened: state === 'done',
      },
      state,
    });
  }
  const freeze = changeFreezeWindow(policy, release.goLive);
  if (freeze)
    milestones.push({
      id: 'change_freeze',
      name: 'Change freeze',
      date: freeze.from,
      until: freeze.to,
      state: policyWindowState(freeze.from, freeze.to, today),
    });
  milestones.push({
    id: 'go_live',
    name: 'Go-live',
    date: release.goLive,
    fact: {
      actor: 'panel',
      action: 'decide whether the release goes live',
      page: 'go-live',
      happened: status === 'live',
    },
    state: factState(status === 'live', addDays(release.goLive, 1), status, today),
  });
  return milestones.sort((a, b) => a.date.localeCompare(b.date));
}

/** D10.8(b): the late milestones of a release. */
export function lateMilestones(milestones: readonly ReleaseMilestone[]): ReleaseMilestone[] {
  return milestones.filter((m) => m.state === 'late');
}

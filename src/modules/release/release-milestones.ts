/**
 * D10.8(b): the milestones of a release, computed from the Policy version that governs it, and
 * which are done, upcoming or late. PURE. Testing windows come from the release's approved RID
 * (D10.13(b)) when it has one.
 */
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { changeFreezeWindow, noticeStart, scopeBaselineDates } from '../policy/policy-dates.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import { hasReached, type ReleaseStatus } from './release.ts';

export type MilestoneState = 'done' | 'upcoming' | 'late';

export interface ReleaseMilestone {
  id: string;
  name: string;
  date: string;
  /** The last day, for a window (the change freeze). */
  until?: string;
  /**
   * The release status that marks the milestone as met; none for a date the Policy sets (a scope
   * baseline, the change freeze), met when the day has passed.
   */
  stage?: ReleaseStatus;
  state: MilestoneState;
}

export interface ReleaseForMilestones {
  releaseType: string;
  goLive: string;
  status: ReleaseStatus;
}

/** D10.13(b): the testing windows the approved RID sets, when it sets them. */
export interface TestingWindows {
  dccTestingStart: string | null;
  dccTestingEnd: string | null;
  userTestingStart: string | null;
  userTestingEnd: string | null;
}

/**
 * D10.8(b): done once the release has reached the milestone's stage; late when the date has
 * passed and it has not; upcoming otherwise. A milestone without a stage (a date the Policy sets)
 * is done once its day has passed. A cancelled release has nothing late.
 */
export function milestoneState(
  date: string,
  stage: ReleaseStatus | undefined,
  status: ReleaseStatus,
  today: string,
): MilestoneState {
  if (stage === undefined) return date < today ? 'done' : 'upcoming';
  if (status !== 'cancelled' && hasReached(status, stage)) return 'done';
  if (status !== 'cancelled' && date < today) return 'late';
  return date < today ? 'done' : 'upcoming';
}

/**
 * D10.8(b), D10.13(b): scope baselines (dates the Policy sets), the start of the notice period
 * (its RID is approved, D10.15), the DCC and User testing windows of the approved RID (the
 * release is in test), the change freeze if the Policy has one (a date), and go-live (it is
 * live), in date order.
 */
export function releaseMilestones(
  policy: { mechanisms: PolicyMechanisms },
  release: ReleaseForMilestones,
  calendar: WorkingDayCalendar,
  today: string,
  testing: TestingWindows | null = null,
): ReleaseMilestone[] {
  const raw: Omit<ReleaseMilestone, 'state'>[] = scopeBaselineDates(policy, release.goLive).map(
    (b) => ({ id: b.id, name: b.name, date: b.date }),
  );
  const notice = noticeStart(policy, release.releaseType, release.goLive, calendar);
  if (notice)
    raw.push({
      id: 'notice_start',
      name: 'Notice period starts',
      date: notice,
      stage: 'rid_approved',
    });
  if (testing?.dccTestingStart && testing.dccTestingEnd)
    raw.push({
      id: 'dcc_testing',
      name: 'DCC testing (RID)',
      date: testing.dccTestingStart,
      until: testing.dccTestingEnd,
      stage: 'in_test',
    });
  if (testing?.userTestingStart && testing.userTestingEnd)
    raw.push({
      id: 'user_testing',
      name: 'User testing (RID)',
      date: testing.userTestingStart,
      until: testing.userTestingEnd,
      stage: 'in_test',
    });
  const freeze = changeFreezeWindow(policy, release.goLive);
  if (freeze)
    raw.push({
      id: 'change_freeze',
      name: 'Change freeze',
      date: freeze.from,
      until: freeze.to,
    });
  raw.push({ id: 'go_live', name: 'Go-live', date: release.goLive, stage: 'live' });
  return raw
    .map((m) => ({ ...m, state: milestoneState(m.date, m.stage, release.status, today) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** D10.8(b): the late milestones of a release (for SECAS's home page). */
export function lateMilestones(milestones: readonly ReleaseMilestone[]): ReleaseMilestone[] {
  return milestones.filter((m) => m.state === 'late');
}

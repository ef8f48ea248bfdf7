/**
 * D10.8(b), issue 13: a release's health for the Panel, from its milestones. PURE. secrel's
 * reading, not the Code's words: the Code asks the Panel to oversee delivery; "at risk" is our
 * early warning (a milestone whose fact has not happened, due within AT_RISK_DAYS).
 */
import { addDays } from '../policy/policy-dates.ts';
import type { ReleaseMilestone } from './release-milestones.ts';
import type { ReleaseStatus } from './release.ts';

/** Calendar days ahead within which a milestone still waiting for its fact is at risk. */
export const AT_RISK_DAYS = 14;

export type HealthState = 'late' | 'at_risk' | 'on_track' | 'live' | 'cancelled';

export interface ReleaseHealth {
  state: HealthState;
  /** The first milestone not yet met and not late: upcoming or in progress. */
  next: ReleaseMilestone | null;
  late: ReleaseMilestone[];
  atRisk: ReleaseMilestone[];
}

/**
 * D10.8(b), issue 13: a live or cancelled release is just that; otherwise late when any milestone
 * is late, at risk when a milestone waiting for a fact not yet recorded (the RID's approval, the
 * notice, testing, the go-live decision) is upcoming and due within AT_RISK_DAYS of `today`, on
 * track otherwise.
 */
export function releaseHealth(
  status: ReleaseStatus,
  milestones: readonly ReleaseMilestone[],
  today: string,
): ReleaseHealth {
  const horizon = addDays(today, AT_RISK_DAYS);
  const late = milestones.filter((m) => m.state === 'late');
  const atRisk = milestones.filter(
    (m) => m.fact !== undefined && !m.fact.happened && m.state === 'upcoming' && m.date <= horizon,
  );
  const next = milestones.find((m) => m.state === 'upcoming' || m.state === 'in_progress') ?? null;
  const state: HealthState =
    status === 'live' || status === 'cancelled'
      ? status
      : late.length > 0
        ? 'late'
        : atRisk.length > 0
          ? 'at_risk'
          : 'on_track';
  return { state, next, late, atRisk };
}

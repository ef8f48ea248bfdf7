/**
 * Issue 13: the words and tags of milestone states and release health (D10.8(b)), shared by the
 * release page, /releases and the home pages.
 */
import { formatDate } from '../../calendar/format.ts';
import {
  MILESTONE_ACTOR_NAMES,
  type MilestoneState,
  type ReleaseMilestone,
} from './release-milestones.ts';
import type { HealthState, ReleaseHealth } from './release-health.ts';

export const MILESTONE_TAGS: Record<MilestoneState, { text: string; classes: string }> = {
  done: { text: 'Done', classes: 'govuk-tag--green' },
  in_progress: { text: 'In progress', classes: 'govuk-tag--blue' },
  upcoming: { text: 'Upcoming', classes: 'govuk-tag--grey' },
  late: { text: 'Late', classes: 'govuk-tag--red' },
  unrecorded: { text: 'Not recorded', classes: 'govuk-tag--grey' },
};

export const HEALTH_TAGS: Record<HealthState, { text: string; classes: string }> = {
  late: { text: 'Late', classes: 'govuk-tag--red' },
  at_risk: { text: 'At risk', classes: 'govuk-tag--yellow' },
  on_track: { text: 'On track', classes: 'govuk-tag--green' },
  live: { text: 'Live', classes: 'govuk-tag--blue' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--grey' },
};

/** A milestone's dates in words: `25 December 2026`, or `23 November 2026 to 7 January 2027`. */
export function milestoneDates(m: Pick<ReleaseMilestone, 'date' | 'until'>): string {
  return m.until ? `${formatDate(m.date)} to ${formatDate(m.until)}` : formatDate(m.date);
}

/**
 * "SECAS must issue the release notice to all Parties"; null for a date the Policy sets or a fact
 * already recorded.
 */
export function whoMustAct(m: ReleaseMilestone): string | null {
  if (!m.fact || m.fact.happened) return null;
  return `${MILESTONE_ACTOR_NAMES[m.fact.actor]} must ${m.fact.action}`;
}

/** A milestone as a page shows it: its tag, dates in words, who must act and where. */
export function milestoneView(releaseId: number, m: ReleaseMilestone) {
  return {
    ...m,
    tag: MILESTONE_TAGS[m.state],
    dates: milestoneDates(m),
    mustAct: whoMustAct(m),
    href: m.fact ? `/releases/${String(releaseId)}/${m.fact.page}` : null,
  };
}

/** A release's health as a page shows it. */
export function healthView(releaseId: number, health: ReleaseHealth) {
  return {
    state: health.state,
    tag: HEALTH_TAGS[health.state],
    next: health.next ? milestoneView(releaseId, health.next) : null,
    late: health.late.map((m) => milestoneView(releaseId, m)),
    atRisk: health.atRisk.map((m) => milestoneView(releaseId, m)),
  };
}

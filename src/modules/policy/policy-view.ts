/** How the Policy's mechanisms read on a page: GOV.UK table rows and summary lists. PURE. */
import type { PolicyMechanisms } from './policy-mechanisms.ts';
import { MONTH_NAMES } from '../../calendar/date-words.ts';
import {
  GO_LIVE_OUTCOME_NAMES,
  WEEKDAY_NAMES,
  describeGoLive,
  describePeriod,
} from './policy-wording.ts';

type Cell = { text: string };
const row = (...cells: string[]): Cell[] => cells.map((text) => ({ text }));

/** The tables and texts of the five mechanisms, each undefined when the version lacks it. */
export function mechanismsView(m: PolicyMechanisms) {
  const a = m.allocation;
  const notices = new Map(
    (m.notice?.noticePeriods ?? []).map((p) => [p.releaseType, describePeriod(p.amount, p.unit)]),
  );
  return {
    allocation: a && {
      releaseTypes: a.releaseTypes.map((type) =>
        row(
          type.name,
          type.kind === 'standard' ? 'Standard' : 'Ad hoc',
          describeGoLive(type),
          type.dccImpactingAllowed ? 'Yes' : 'No',
          notices.get(type.id) ?? 'None set',
        ),
      ),
      allocationRules: a.allocationRules,
      lateAddition: `${a.lateAdditionRoute.requiresPanelDecision ? 'By Panel decision. ' : ''}${a.lateAdditionRoute.description}`,
    },
    oversight: m.oversight && {
      points: [
        ...m.oversight.scopeBaselines.map((b) =>
          row(
            b.name,
            `${describePeriod(b.monthsBeforeGoLive, 'months')} before go-live`,
            b.appliesTo === 'all' ? 'All modifications' : 'DCC-impacting modifications',
          ),
        ),
        ...m.oversight.milestones.map((milestone) =>
          row(
            milestone.name,
            `${describePeriod(milestone.monthsBeforeGoLive, 'months')} before go-live`,
            'Milestone',
          ),
        ),
      ],
      reporting: m.oversight.reporting,
    },
    notice: m.notice && {
      recipients: 'All Parties; Users are the mandatory recipients.',
      changeFreeze: m.notice.changeFreeze
        ? `From ${describePeriod(m.notice.changeFreeze.startsMonthsBeforeGoLive, 'months')} before go-live until ${m.notice.changeFreeze.endsDaysAfterGoLive} days after it`
        : 'No change freeze',
    },
    costs: m.costs && {
      components: m.costs.components,
      reviewPoints: m.costs.reviewPoints.map((point) => point.name),
      authorityReporting: m.costs.authorityReporting,
    },
    goLive: m.goLive && {
      procedure: m.goLive.procedure,
      decision: `The Panel decides ${describePeriod(m.goLive.decisionWorkingDaysBeforeGoLive, 'working_days')} before go-live`,
      outcomes: m.goLive.outcomes.map((o) => GO_LIVE_OUTCOME_NAMES[o]).join(', '),
    },
  };
}

/** Select items for the simple edit forms. */
export const WEEKDAY_ITEMS = WEEKDAY_NAMES.map((name, index) => ({
  value: String(index + 1),
  text: name,
}));

export const WEEK_ITEMS = [
  { value: '1', text: 'First' },
  { value: '2', text: 'Second' },
  { value: '3', text: 'Third' },
  { value: '4', text: 'Fourth' },
  { value: 'last', text: 'Last' },
];

export const MONTH_ITEMS = MONTH_NAMES.map((name, index) => ({
  value: String(index + 1),
  text: name,
}));

export const UNIT_ITEMS = [
  { value: 'months', text: 'Months' },
  { value: 'working_days', text: 'Working Days' },
];

/** Marks the item whose value is `selected`. */
export function select(items: readonly { value: string; text: string }[], selected: string) {
  return items.map((item) => ({ ...item, selected: item.value === selected }));
}

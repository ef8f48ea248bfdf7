import type { PolicyMechanisms } from './policy-mechanisms.ts';
import type { PolicySection } from './policy.ts';

/**
 * The starting point of a first Policy version when none exists yet: the defaults domain.md §5.1
 * derives from practice (the Panel's own Policy text was not found). Standard releases go live
 * on a Thursday: February on the fourth (24 Feb 2022), June on the last (24 Jun 2021, 30 Jun
 * 2022), November on the first (4 Nov 2021, 3 Nov 2022). DCC-impacting scope is baselined about
 * 12 months ahead, full scope about 6 months ahead (November 2021 release).
 */
export const DEFAULT_MECHANISMS: Required<PolicyMechanisms> = {
  allocation: {
    releaseTypes: [
      {
        id: 'february',
        name: 'February release',
        kind: 'standard',
        month: 2,
        goLiveWeekday: 4,
        week: 4,
        dccImpactingAllowed: false,
      },
      {
        id: 'june',
        name: 'June release',
        kind: 'standard',
        month: 6,
        goLiveWeekday: 4,
        week: 'last',
        dccImpactingAllowed: true,
      },
      {
        id: 'november',
        name: 'November release',
        kind: 'standard',
        month: 11,
        goLiveWeekday: 4,
        week: 1,
        dccImpactingAllowed: true,
      },
      {
        id: 'ad_hoc',
        name: 'Ad-hoc release',
        kind: 'ad_hoc',
        goLiveWeekday: 4,
        dccImpactingAllowed: true,
      },
    ],
    allocationRules:
      'Every approved modification is allocated to a release. A modification that changes DCC Systems goes to the next June or November release whose DCC-impacting scope is not yet baselined; a document-only modification goes to the next release whose full scope is not yet baselined. A modification with a fixed implementation date (Path 1, an Authority-Led Variation) may have an ad-hoc release of its own.',
    lateAdditionRoute: {
      requiresPanelDecision: true,
      description:
        'After a scope baseline the Panel may add a modification by exception, recording its reasons and the effect on the release.',
    },
  },
  oversight: {
    scopeBaselines: [
      {
        id: 'dcc_scope',
        name: 'DCC-impacting scope baselined',
        monthsBeforeGoLive: 12,
        appliesTo: 'dcc_impacting',
      },
      { id: 'full_scope', name: 'Full scope baselined', monthsBeforeGoLive: 6, appliesTo: 'all' },
    ],
    milestones: [{ id: 'user_testing', name: 'User testing starts', monthsBeforeGoLive: 3 }],
    reporting:
      'SECAS reports each release’s status, plan and milestones to every Panel meeting; the DCC reports its progress to readiness as the Release Implementation Document sets out.',
  },
  notice: {
    noticePeriods: [
      { releaseType: 'february', amount: 2, unit: 'months' },
      { releaseType: 'june', amount: 3, unit: 'months' },
      { releaseType: 'november', amount: 3, unit: 'months' },
      { releaseType: 'ad_hoc', amount: 20, unit: 'working_days' },
    ],
    recipients: 'all_parties_users_mandatory',
    changeFreeze: null,
  },
  costs: {
    components: ['DCC design and build', 'DCC testing', 'SECAS', 'Other'],
    reviewPoints: [
      { id: 'forecast_at_baseline', name: 'Forecast at scope baseline' },
      { id: 'actuals_after_go_live', name: 'Actuals after go-live' },
    ],
    authorityReporting:
      'On the Authority’s request the Panel sends it the forecast and actual costs of a release by main component.',
  },
  goLive: {
    procedure:
      'The Panel decides whether the release goes live against the go-live criteria of its Release Implementation Document, recording each criterion as met or not met with evidence.',
    decisionBody: 'panel',
    outcomes: ['go_live', 'go_live_with_conditions', 'defer'],
    decisionWorkingDaysBeforeGoLive: 5,
  },
};

/** The prose sections a first version starts with. */
export const DEFAULT_PROSE: PolicySection[] = [
  {
    id: 'purpose',
    heading: 'Purpose',
    text: 'This Policy sets out how the Panel allocates approved modifications into SEC Releases and oversees their delivery, under Section D10.7 to D10.9 of the Smart Energy Code.',
  },
  {
    id: 'review',
    heading: 'Review of this Policy',
    text: 'The Panel reviews this Policy at least once a year. The DCC and Users are consulted before any change takes effect.',
  },
];

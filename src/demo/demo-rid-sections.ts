import type { WorkingDayCalendar } from '../calendar/index.ts';
import { subtractWorkingDays } from '../modules/meeting/meeting.ts';
import type { SectionsChange } from '../modules/rid/rid.actions.ts';
import { addDays } from '../modules/policy/policy-dates.ts';

/** D10.13(c): what the DCC's fortnightly readiness reports measure. */
export const DEMO_READINESS_MEASURES = [
  'Test cases executed',
  'Test cases passed',
  'Open severity 1–2 defects',
  'Environment availability',
];

const FREE = {
  risks:
    'Availability of the User Integration Testing environment: an outage during the UIT window shortens the time Users have to test. The DCC reports environment availability in every readiness report and the Panel may extend the window.',
  dependencies:
    'None on other releases. The June release’s GBCS changes are tested separately and do not share the UIT environment with this release.',
  notice:
    'Notice of the release goes to all Parties two months before go-live, as the SEC Release Management Policy sets for February releases; Users are the mandatory recipients.',
  costs:
    'SECAS and DCC testing costs are forecast at the scope baseline and reviewed at the Policy’s cost-review points.',
};

/**
 * A-RID, D10.13: version 1 of the February release’s RID, dated from its go-live: DCC SIT, then
 * regression, a ten Working Day UIT window, fortnightly readiness reports from two weeks after
 * the Panel’s approval, and three go-live criteria.
 */
export function februaryVersion1(
  calendar: WorkingDayCalendar,
  goLive: string,
  approvedOn: string,
): SectionsChange {
  const wd = (n: number) => subtractWorkingDays(calendar, goLive, n);
  return {
    contentNotes:
      'A document-led release: the changes are to SEC documents, with the DCC configuration changes they need tested by the DCC before go-live.',
    timescales: {
      dccTestingStart: wd(65),
      dccTestingEnd: wd(40),
      userTestingStart: wd(24),
      userTestingEnd: wd(15),
      milestones: [
        { name: 'DCC SIT exit report to the Panel', date: wd(37) },
        { name: 'Regression testing complete', date: wd(28) },
        { name: 'Panel go-live decision', date: wd(5) },
      ],
      notes:
        'DCC System Integration Testing (SIT) runs first, then the DCC’s regression testing; User Integration Testing (UIT) follows in the UIT window.',
    },
    reporting: {
      frequency: 'fortnightly',
      firstReportDue: addDays(approvedOn, 14),
      measures: DEMO_READINESS_MEASURES,
      notes:
        'The DCC reports to the Panel through SECAS; each report states progress against the plan and the go-live criteria.',
    },
    dccTesting:
      'DCC System Integration Testing (SIT) of every change in the release against the changed SEC documents, end to end across the DCC Service Providers.\nFull regression testing of the Service Requests in use, with additional manual regression of those the changed documents touch.\nThe DCC publishes its SIT exit report before regression testing completes.',
    userTesting: {
      requirements:
        'Users are not required to test, but each User should test its own systems against the changes in the User Integration Testing (UIT) window of ten Working Days.',
      dccSupport:
        'The DCC provides the UIT environment at the release version, test data and device catalogue, a weekly test-support call and triage of User-raised defects within two Working Days.',
    },
    goLiveCriteria: [
      { id: 'GL1', text: 'All severity 1 and 2 defects closed' },
      { id: 'GL2', text: 'Regression testing passed' },
      { id: 'GL3', text: 'Users notified of the go-live date and of any open defects' },
    ],
    free: [
      { key: 'risks', text: FREE.risks },
      { key: 'dependencies', text: FREE.dependencies },
      { key: 'notice', text: FREE.notice },
      { key: 'costs', text: FREE.costs },
    ],
  };
}

/**
 * D10.15: amendment version 2: the DCC's readiness reports showed SIT exit slipping a week, so
 * SIT ends later, the UIT window widens to twenty Working Days, and the DCC's confirmation of
 * readiness becomes a go-live criterion.
 */
export function februaryVersion2(
  v1: SectionsChange,
  calendar: WorkingDayCalendar,
  goLive: string,
): SectionsChange {
  const wd = (n: number) => subtractWorkingDays(calendar, goLive, n);
  const timescales = v1.timescales;
  const userTesting = v1.userTesting;
  if (!timescales || !userTesting) throw new Error('demo data: version 1 has no timescales');
  return {
    timescales: {
      ...timescales,
      dccTestingEnd: wd(35),
      userTestingStart: wd(29),
      userTestingEnd: wd(10),
      milestones: [
        { name: 'DCC SIT exit report to the Panel', date: wd(32) },
        { name: 'Regression testing complete', date: wd(24) },
        { name: 'Panel go-live decision', date: wd(5) },
      ],
      notes: `${timescales.notes} Amended: SIT exit moved one week later, as the DCC’s readiness reports showed; the UIT window widened to twenty Working Days.`,
    },
    userTesting: {
      ...userTesting,
      requirements:
        'Users are not required to test, but each User should test its own systems against the changes in the User Integration Testing (UIT) window of twenty Working Days.',
    },
    goLiveCriteria: [
      ...(v1.goLiveCriteria ?? []),
      { id: 'GL4', text: 'Release readiness confirmed by the DCC' },
    ],
  };
}

/** The June release's first draft: (a), (c), (d), (e) and free sections; (b) and (f) to come. */
export function juneDraft(today: string): SectionsChange {
  return {
    contentNotes:
      'The GBCS document changes of MP143; the functionality follows in a later release.',
    reporting: {
      frequency: 'fortnightly',
      firstReportDue: addDays(today, 28),
      measures: DEMO_READINESS_MEASURES,
      notes: 'Reports start four weeks from now, ahead of DCC SIT.',
    },
    dccTesting:
      'DCC System Integration Testing (SIT) of the GBCS v3 series changes, then regression testing of the Service Requests the changed GBCS documents touch.',
    userTesting: {
      requirements:
        'Users building to the GBCS v3 series should test in the User Integration Testing (UIT) window.',
      dccSupport:
        'The DCC provides the UIT environment with GBCS v3 test devices and a weekly test-support call.',
    },
    free: [
      {
        key: 'dependencies',
        text: 'The DCC is asked for the SIT and UIT dates, an information request on section (b); the go-live criteria follow the Panel’s next discussion.',
      },
    ],
  };
}

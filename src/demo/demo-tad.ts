import type { AppContext } from '../app-context.ts';
import { addWorkingDays, londonDateOf } from '../calendar/index.ts';
import { formatEpochDay, parseIsoDate } from '../calendar/civil-date.ts';
import { calendarFor } from '../modules/calendar/calendar.queries.ts';
import { listMeetingRows } from '../modules/meeting/meeting.queries.ts';
import { submitResponse } from '../modules/consultation/consultation-response.actions.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { openTadConsultation } from '../modules/tad/tad-review.actions.ts';
import { draftTadVersion, requestTad, submitTadVersion } from '../modules/tad/tad.actions.ts';
import { allocationsOf } from '../modules/allocation/allocation.queries.ts';
import type { TadCondition } from '../modules/tad/tad-conditions.ts';
import { demoUserId, type DemoState } from './demo-state.ts';

const SECAS = 'tom.okafor@example.org';
const DCC = 'fiona.macleod@example.org';
const PARTY = 'james.whitfield@example.org';

/** D10.19, modelled on the SEC Variation Testing Approach Document (SEC Appendix AJ). */
export const DEMO_TAD_TEXT = {
  objectives: [
    'The objective of DCC testing for this release is to demonstrate, before go-live, that every change allocated to the release has been implemented in the DCC Systems as the changed SEC and SEC Subsidiary Documents require, and that the services Users rely on today keep working.',
    'Assurance to be achieved: each changed requirement is traced to at least one executed test with a recorded result; no Severity 1 or Severity 2 defect is open at the end of DCC System Integration Testing; any open Severity 3 defect has a workaround agreed with the Panel; regression testing shows no unexplained change in the behaviour of existing Service Requests; and the DCC test completion report is independently reviewed before the Panel’s go-live decision.',
    'The DCC reports progress against these objectives to the Panel monthly from the start of build, as the Release Implementation Document sets out.',
  ].join('\n'),
  strategy: [
    'DCC System Integration Testing (SIT): each DCC Service Provider tests its own changes, then the DCC tests the changes end to end across the Data Service Provider, the Communications Service Providers and the SMKI and DCC Key Infrastructure, using the DCC’s reference test devices for SMETS2 and the enrolled SMETS1 device sets.',
    'Regression testing: the DCC runs its automated regression pack of the Service Requests and alerts in use, with additional manual regression for the Service Requests the changed GBCS and DUIS documents touch. Performance testing is repeated for the changed Service Requests at the volumes of the latest forecast.',
    'User Integration Testing (UIT) support: the DCC provides a UIT environment at the release version at least twelve weeks before go-live, publishes the test data and device catalogue for it, holds weekly test-support calls, and triages User-raised defects within two Working Days. Users decide the depth of their own testing; the DCC publishes the outcome of UIT in its readiness reports.',
    'Entry and exit criteria for each stage are published in the DCC’s depth-and-breadth of testing document for the release.',
  ].join('\n'),
  consequences: [
    'Costs: the DCC forecasts the testing of this release at about £1.4m: about £0.8m for SIT, £0.35m for regression and performance testing and £0.25m for UIT environments and support. These costs are recovered through the DCC’s charges and reported to the Panel at the cost-review points of the SEC Release Management Policy.',
    'Risks in business terms: if a Severity 1 or 2 defect is found late in SIT, the release may have to be deferred, delaying the benefits of its changes to every User and adding about £0.2m of re-test cost per month of delay. If Users do not test in UIT, defects in their own systems may surface only after go-live, with a risk of failed Service Requests for their customers. Reducing regression scope would cut about £0.1m of cost but increase the risk of an unplanned change in the live service, which the DCC does not recommend.',
  ].join('\n'),
};

/**
 * D10.18, D10.13(d)(e): how the DCC's testing and the User testing it supports meet each
 * modification of the release: one statement per modification per limb, from its allocations
 * (a modification changing DCC Systems is tested in SIT and UIT; a document-only one is not).
 */
export async function demoTadConditions(
  ctx: AppContext,
  releaseId: number,
): Promise<TadCondition[]> {
  const live = (await allocationsOf(ctx.db, releaseId)).filter(
    (a) => a.descopedAt === null && a.pendingChange !== 'removal',
  );
  const ids = [...new Set(live.map((a) => a.modificationId))];
  return ids.map((modificationId) => {
    const parts = live.filter((a) => a.modificationId === modificationId);
    const { reference, title } = parts[0] ?? { reference: '', title: '' };
    return parts.some((a) => a.dccImpacting)
      ? {
          modificationId,
          dccTesting: `${reference} (${title}) changes the DCC Systems. Each of its requirements is traced to System Integration Testing cases run end to end across the Data Service Provider and the Communications Service Providers; the Service Requests it changes join the regression pack and are performance tested at forecast volumes. Exit: no open Severity 1 or 2 defect against ${reference}.`,
          userTesting: `Users who send the Service Requests ${reference} changes test them in User Integration Testing before go-live; the DCC provides the UIT environment at the release version at least twelve weeks ahead, test data and devices for ${reference}’s scenarios, and triages User-raised defects within two Working Days.`,
        }
      : {
          modificationId,
          dccTesting: `${reference} (${title}) changes SEC documents only, not the DCC Systems: the DCC checks in regression testing that the live service is unchanged, and confirms in its test completion report that no DCC test case depends on the changed text.`,
          userTesting: `No User testing is required for ${reference}: it changes no interface Users test against. The DCC gives no specific support beyond answering Users’ questions on the changed text through its service desk.`,
        };
  });
}

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/** The London date `days` days before `date`. */
function daysBefore(date: string, days: number): string {
  return formatEpochDay(parseIsoDate(date) - days);
}

/** The context acting at 10:00 UTC on a London date in the past. */
function on(ctx: AppContext, date: string): AppContext {
  return { ...ctx, now: () => new Date(`${date}T10:00:00Z`) };
}

/**
 * D10.18–D10.20, ruling 8: for next year's June release the Panel asked for a TAD at its last
 * meeting held ten days or more before today (ruling 13: the request names the meeting and is
 * dated its day, history before the demo's cut-over); three days later the DCC drafted and submitted version 1, saying for each modification in the release how
 * D10.13(d) and (e) are met. Today (the cut-over, ruling 13: a consultation
 * opens now or later) the DCC opened its consultation of all Parties, closing 10 Working Days
 * later (the Policy's minimum), and a Party has responded.
 */
export async function createDemoTad(ctx: AppContext, state: DemoState): Promise<void> {
  const today = londonDateOf(ctx.now().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const release = await ctx.db
    .selectFrom('release')
    .select(['id', 'name'])
    .where('release_type', '=', 'june')
    .where('go_live', '>=', `${year}-01-01`)
    .where('go_live', '<=', `${year}-12-31`)
    .executeTakeFirst();
  if (!release) throw new Error(`demo data: no June ${year} release for the TAD`);
  const secas = await principalOf(ctx, state, SECAS);
  const dcc = await principalOf(ctx, state, DCC);
  const meeting = (await listMeetingRows(ctx.db))
    .filter((m) => m.heldOn <= daysBefore(today, 10))
    .toSorted((a, b) => a.heldOn.localeCompare(b.heldOn))
    .at(-1);
  if (!meeting) throw new Error('demo data: no Panel meeting to ask for the TAD');
  await requestTad(on(ctx, meeting.heldOn), secas, release.id, {
    meetingId: meeting.id,
    dueDate: daysBefore(today, 2),
    scopeNote:
      'The Panel asks the DCC to set out its System Integration Testing, regression testing and support for User Integration Testing of the changes allocated to this release, with their costs and risks.',
  });
  const draftedOn = formatEpochDay(parseIsoDate(meeting.heldOn) + 3);
  const draft = await draftTadVersion(on(ctx, draftedOn), dcc, release.id, {
    ...DEMO_TAD_TEXT,
    conditions: await demoTadConditions(ctx, release.id),
  });
  await submitTadVersion(on(ctx, daysBefore(today, 6)), dcc, release.id, 1, draft.version);
  const closesAt = addWorkingDays(await calendarFor(ctx), today, 10);
  const consultation = await openTadConsultation(ctx, dcc, release.id, 1, {
    opensAt: today,
    closesAt,
    audience: 'all_parties',
  });
  await submitResponse(ctx, await principalOf(ctx, state, PARTY), consultation.id, {
    answers: [
      {
        questionId: 'q2',
        text: 'We support the strategy. Twelve weeks of UIT is the minimum we need; please confirm the UIT environment will carry the enrolled SMETS1 device sets from its first day.',
      },
    ],
    confidential: false,
  });
}

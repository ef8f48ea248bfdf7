import { formatDate } from '../calendar/format.ts';
import type { AppContext } from '../app-context.ts';
import { addWorkingDays, londonDateOf, type WorkingDayCalendar } from '../calendar/index.ts';
import { calendarFor } from '../modules/calendar/calendar.queries.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { createMeeting } from '../modules/meeting/meeting.actions.ts';
import { subtractWorkingDays } from '../modules/meeting/meeting.ts';
import { listMeetingRows } from '../modules/meeting/meeting.queries.ts';
import { addDays } from '../modules/policy/policy-dates.ts';
import { governingPolicyOf } from '../modules/policy/policy.queries.ts';
import { allocateModification } from '../modules/allocation/allocation.actions.ts';
import { passedBaseline } from '../modules/allocation/allocation.ts';
import { recordLateAddition } from '../modules/release/release.actions.ts';
import { decidingMeeting } from './demo-releases.ts';
import { unallocatedModifications } from '../modules/allocation/allocation.queries.ts';
import { toRelease, type Release } from '../modules/release/release.store.ts';
import { approveRidVersion, publishRidApproval } from '../modules/rid/rid-approval.actions.ts';
import {
  createRidAmendment,
  createRidDraft,
  submitRidVersion,
  updateRidSections,
  type SectionsChange,
} from '../modules/rid/rid.actions.ts';
import { demoUserId, type DemoState } from './demo-state.ts';
import { februaryVersion1, februaryVersion2, juneDraft } from './demo-rid-sections.ts';

const SECAS = 'tom.okafor@example.org';
const CHAIR = 'eleanor.hartley@example.org';

/** Approved modifications the February release takes, in order of preference. */
const FEBRUARY_CANDIDATES = ['MP260', 'MP261'];

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/** The context acting at `time` (UTC) on a London date in the past. */
function on(ctx: AppContext, date: string, time = '10:00:00'): AppContext {
  return { ...ctx, now: () => new Date(`${date}T${time}Z`) };
}

/** Next year's standard release of a type, as demo-releases created it. */
async function releaseOf(ctx: AppContext, type: string, year: number): Promise<Release> {
  const row = await ctx.db
    .selectFrom('release')
    .selectAll()
    .where('release_type', '=', type)
    .where('go_live', '>=', `${year}-01-01`)
    .where('go_live', '<=', `${year}-12-31`)
    .executeTakeFirst();
  if (!row) throw new Error(`demo data: no ${type} release in ${year}`);
  return toRelease(row);
}

/** D10.7, D10.8(a): an approved, still unallocated modification goes to the February release. */
async function allocateToFebruary(
  ctx: AppContext,
  secas: Principal,
  chair: Principal,
  release: Release,
  today: string,
): Promise<void> {
  const waiting = await unallocatedModifications(ctx.db);
  const modification =
    FEBRUARY_CANDIDATES.map((ref) => waiting.find((m) => m.reference === ref)).find(Boolean) ??
    waiting[0];
  if (!modification) throw new Error('demo data: no approved modification left to allocate');
  const policy = await governingPolicyOf(ctx, release, today);
  if (!policy) throw new Error('demo data: the release has no Policy version');
  let exceptionDecisionId: number | undefined;
  if (passedBaseline(policy, release.go_live, false, today)) {
    const decision = await recordLateAddition(ctx, chair, release.id, {
      modificationId: modification.id,
      meetingId: (await decidingMeeting(ctx, today)).id,
      reasons: `${modification.reference} changes SEC documents only; the Panel adds it to the February release by exception after the scope baseline.`,
    });
    exceptionDecisionId = decision.id;
  }
  await allocateModification(ctx, secas, release.id, {
    modificationId: modification.id,
    part: 'whole',
    description: 'The SEC document changes',
    dccImpacting: false,
    exceptionDecisionId,
  });
}

/** A Panel meeting held on a date from `from` to `to`, latest first; or one created on `fallback`. */
async function meetingBetween(
  ctx: AppContext,
  secas: Principal,
  from: string,
  to: string,
  fallback: string,
): Promise<{ id: number; heldOn: string }> {
  const meetings = await listMeetingRows(ctx.db);
  const held = meetings.filter((m) => m.heldOn >= from && m.heldOn <= to).at(-1);
  if (held) return held;
  const created = await createMeeting(on(ctx, addDays(fallback, -14)), secas, {
    heldOn: fallback,
    kind: 'extraordinary',
  });
  return created.meeting;
}

/** Drafts (or amends) and fills in a version as of `date`; returns its number and row version. */
async function drafted(
  ctx: AppContext,
  secas: Principal,
  releaseId: number,
  kind: 'draft' | 'amendment',
  date: string,
  sections: SectionsChange,
) {
  const at = on(ctx, date);
  const create = kind === 'draft' ? createRidDraft : createRidAmendment;
  const version = await create(at, secas, releaseId);
  return updateRidSections(at, secas, releaseId, version.number, {
    version: version.version,
    sections,
  });
}

/**
 * Ruling 13: the demo's meetings before today are before its cut-over, so an approval at one is
 * history and carries its published source: the Panel's minutes.
 */
function panelMinutes(heldOn: string, number: number, release: Release) {
  return {
    sourceSummary: `Panel minutes of ${formatDate(heldOn)}: the Panel approved version ${number} of the Release Implementation Document for the ${release.name}.`,
  };
}

/**
 * A-RID, D10.12–D10.15, D10.17: the February release's RID: version 1 approved at the Panel
 * meeting about four months ago and published the next Working Day; amendment version 2
 * approved at a meeting a few Working Days ago and published two Working Days ago, so its
 * appeal window is open. Both approvals fall before the freeze date (go-live minus two months,
 * about 25 December): the Working Days before Christmas keep the amendment's meeting before it
 * even when the demo is loaded in the last days of the year, so no Panel override is needed.
 */
async function februaryRid(
  ctx: AppContext,
  secas: Principal,
  chair: Principal,
  release: Release,
  calendar: WorkingDayCalendar,
  today: string,
): Promise<void> {
  const target = addDays(today, -120);
  const m1 = await meetingBetween(ctx, secas, addDays(target, -20), addDays(target, 20), target);
  const v1Sections = februaryVersion1(calendar, release.go_live, m1.heldOn);
  const v1 = await drafted(ctx, secas, release.id, 'draft', addDays(m1.heldOn, -25), v1Sections);
  await submitRidVersion(on(ctx, addDays(m1.heldOn, -7)), secas, release.id, 1, {
    version: v1.version,
  });
  await approveRidVersion(on(ctx, m1.heldOn, '15:00:00'), chair, release.id, 1, {
    meetingId: m1.id,
    ...panelMinutes(m1.heldOn, 1, release),
  });
  const published1 = addWorkingDays(calendar, m1.heldOn, 1);
  await publishRidApproval(on(ctx, published1), secas, release.id, 1);

  const fallback = subtractWorkingDays(calendar, today, 4);
  const m2 = await meetingBetween(
    ctx,
    secas,
    subtractWorkingDays(calendar, today, 6),
    subtractWorkingDays(calendar, today, 3),
    fallback,
  );
  const draftedOn = subtractWorkingDays(calendar, m2.heldOn, 8);
  const v2 = await drafted(
    ctx,
    secas,
    release.id,
    'amendment',
    draftedOn,
    februaryVersion2(v1Sections, calendar, release.go_live),
  );
  await submitRidVersion(
    on(ctx, subtractWorkingDays(calendar, m2.heldOn, 3)),
    secas,
    release.id,
    2,
    { version: v2.version },
  );
  await approveRidVersion(on(ctx, m2.heldOn, '15:00:00'), chair, release.id, 2, {
    meetingId: m2.id,
    ...panelMinutes(m2.heldOn, 2, release),
  });
  await publishRidApproval(on(ctx, subtractWorkingDays(calendar, today, 2)), secas, release.id, 2);
}

/**
 * Demo step: next year's February release takes an approved modification and gets its RID
 * (version 1 and amendment version 2, approved and published); the June release gets a first
 * draft with (b) timescales and (f) go-live criteria still to come.
 */
export async function createDemoRid(ctx: AppContext, state: DemoState): Promise<void> {
  const [secas, chair] = await Promise.all([
    principalOf(ctx, state, SECAS),
    principalOf(ctx, state, CHAIR),
  ]);
  const today = londonDateOf(ctx.now().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const calendar = await calendarFor(ctx);
  const february = await releaseOf(ctx, 'february', year);
  const june = await releaseOf(ctx, 'june', year);
  await allocateToFebruary(ctx, secas, chair, february, today);
  await februaryRid(ctx, secas, chair, february, calendar, today);
  await drafted(ctx, secas, june.id, 'draft', addDays(today, -5), juneDraft(today));
}

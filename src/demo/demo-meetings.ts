import { Temporal } from 'temporal-polyfill';
import { inTransaction, type AppContext } from '../app-context.ts';
import { addWorkingDays } from '../calendar/index.ts';
import { calendarFor } from '../modules/calendar/calendar.queries.ts';
import { recordDecision } from '../modules/decision/decision.actions.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { closeMeeting } from '../modules/meeting/meeting-close.actions.ts';
import {
  createMeeting,
  recordAction,
  recordNoActionsReason,
} from '../modules/meeting/meeting.actions.ts';
import type { Meeting } from '../modules/meeting/meeting.queries.ts';
import { papersDueFor } from '../modules/meeting/meeting.ts';
import { setModificationDocuments } from '../modules/modification/modification-documents.actions.ts';
import { documentChangeRules } from '../modules/refinement/consultation-reevaluation.actions.ts';
import type { Path } from '../modules/modification/modification.ts';
import { requestNewTimetable } from '../modules/timetable/authority-request.actions.ts';
import { recordRepresentation } from '../modules/timetable/timetable.actions.ts';
import { formatDate } from '../calendar/format.ts';
import { demoOrganisationId, demoUserId, type DemoState } from './demo-state.ts';
import { todayOf } from '../calendar/deadline.ts';

const SECAS = 'tom.okafor@example.org';
const CHAIR = 'eleanor.hartley@example.org';
const AUTHORITY = 'sarah.lindqvist@example.org';
const PARTY = 'james.whitfield@example.org';

const day = (date: string, days: number): string =>
  Temporal.PlainDate.from(date).add({ days }).toString();

/** The second Friday of a month (domain.md §8: the Panel usually meets then). */
function secondFriday(year: number, month: number): string {
  const first = Temporal.PlainDate.from({ year, month, day: 1 });
  const toFriday = (5 - first.dayOfWeek + 7) % 7;
  return first.add({ days: toFriday + 7 }).toString();
}

/** Ordinary meetings on the second Friday of each month, a year either side of today. */
export function demoMeetingDates(today: string): string[] {
  const start = Temporal.PlainDate.from(today).subtract({ years: 1 });
  const end = Temporal.PlainDate.from(today).add({ years: 1 });
  const dates: string[] = [];
  for (
    let month = start.with({ day: 1 });
    Temporal.PlainDate.compare(month, end) <= 0;
    month = month.add({ months: 1 })
  ) {
    const date = secondFriday(month.year, month.month);
    if (date >= start.toString() && date <= end.toString()) dates.push(date);
  }
  return dates;
}

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/** A modification awaiting its decision, written as rows (its earlier history is not replayed). */
async function givenAwaitingDecision(
  ctx: AppContext,
  state: DemoState,
  m: {
    reference: string;
    title: string;
    summary: string;
    path: Path;
    proposer: string;
    raisedOn: string;
    implementationDate: string;
    documentIds: string[];
  },
): Promise<{ id: number; version: number }> {
  const row = await inTransaction(ctx, { id: null, label: 'SECAS (demo data)' }, async (unit) => {
    const row = await unit.trx
      .insertInto('modification')
      .values({
        reference: m.reference,
        title: m.title,
        summary: m.summary,
        proposer_org_id: demoOrganisationId(state, m.proposer),
        path: m.path,
        status: 'change_board',
        status_before_withdrawal: null,
        raised_on: m.raisedOn,
        withdrawn_at: null,
        adoption_deadline: null,
        dcc_testing_required: false,
        testing_solution: null,
        approved_on: null,
        approved_by: null,
        search_text: `${m.reference} ${m.title} ${m.summary}`.toLowerCase(),
        created_at: unit.now,
        updated_at: unit.now,
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    await unit.trx
      .insertInto('implementation_timetable')
      .values({
        modification_id: row.id,
        implementation_date: m.implementationDate,
        description: 'Proposed implementation date',
        source: 'proposal',
        recorded_by: null,
        created_at: unit.now,
      })
      .execute();
    await unit.audit({
      action: 'modification.imported',
      subjectType: 'modification',
      subjectId: String(row.id),
      after: {
        reference: m.reference,
        path: m.path,
        status: 'change_board',
        raisedOn: m.raisedOn,
        implementationDate: m.implementationDate,
      },
      reason: 'Demo data: a modification awaiting its decision',
    });
    return row;
  });
  // D6.8(e): the documents it changes cover its legal text (Section D10, demo-code.ts).
  const secas = await principalOf(ctx, state, SECAS);
  return setModificationDocuments(
    ctx,
    secas,
    row.id,
    { documentIds: m.documentIds, version: row.version },
    documentChangeRules,
  );
}

/**
 * Demo step: the Panel's calendar (second Fridays, a year back and a year ahead, plus one
 * extraordinary meeting the Panel Chair calls; a second Friday whose papers are already due
 * when the demo loads is called by the Chair as an extraordinary meeting, ruling 13); a Path 3 approval placed on the last meeting with actions for SECAS
 * and the DCC, the DCC's overdue; a Path 2 approval by the Authority with a representation and
 * a pending request for a new timetable; and the register's Fast-Track, if it awaits the
 * Change Board, approved today and placed on the next meeting. All through the real actions.
 */
export async function createDemoMeetings(ctx: AppContext, state: DemoState): Promise<void> {
  const today = todayOf(ctx.now());
  const [secas, chair, authority, party] = await Promise.all(
    [SECAS, CHAIR, AUTHORITY, PARTY].map((email) => principalOf(ctx, state, email)),
  );
  if (!secas || !chair || !authority || !party) throw new Error('demo data: people missing');
  const meetings: Meeting[] = [];
  const calendar = await calendarFor(ctx);
  for (const heldOn of demoMeetingDates(today)) {
    // Ruling 13: the demo's cut-over is today. Past meetings are history; an ordinary meeting
    // is scheduled before its papers date, so one whose papers are already due is an
    // extraordinary meeting the Panel Chair calls.
    const live = heldOn >= today && papersDueFor(calendar, heldOn) <= today;
    const created = live
      ? await createMeeting(ctx, chair, { heldOn, kind: 'extraordinary' })
      : await createMeeting(ctx, secas, { heldOn, kind: 'ordinary' });
    meetings.push(created.meeting);
  }
  const extraordinaryOn = day(
    today,
    12 + ((3 - Temporal.PlainDate.from(day(today, 12)).dayOfWeek + 7) % 7),
  );
  await createMeeting(ctx, chair, { heldOn: extraordinaryOn, kind: 'extraordinary' });
  const past = meetings.filter((m) => m.heldOn < today);
  const last = past[past.length - 1];
  const next = meetings.find((m) => m.heldOn > today);
  if (!last || !next) throw new Error('demo data: no Panel meetings either side of today');

  const selfGoverned = await givenAwaitingDecision(ctx, state, {
    reference: 'MP260',
    title: 'Publish each SEC Release notice on the SEC Website on the day it is issued',
    summary:
      'Requires SECAS to publish every notice of a SEC Release (D10.8(c)) on the SEC Website on the day it is sent to Parties.',
    path: 'path3',
    proposer: 'Kestrel Community Power Ltd',
    raisedOn: day(today, -150),
    implementationDate: day(next.heldOn, 120),
    documentIds: ['section-d'],
  });
  await recordDecision(ctx, secas, selfGoverned.id, {
    kind: 'change_board_decision',
    outcome: 'approve',
    decidedOn: day(last.heldOn, -7),
    notes: 'The Change Board approved it under Self-Governance.',
    // Ruling 13: decided before the demo's cut-over, so history with its published summary.
    sourceSummary:
      'Change Board decision summary: MP260 approved under Self-Governance; implementation in the next SEC Release.',
  });

  const authorityDetermined = await givenAwaitingDecision(ctx, state, {
    reference: 'MP261',
    title: 'DCC reporting of readiness for each SEC Release',
    summary:
      'The DCC reports its progress to readiness for each SEC Release monthly to the Panel, in the form the Release Implementation Document sets (D10.13(c)).',
    path: 'path2',
    proposer: 'Severn Valley Distribution plc',
    raisedOn: day(today, -200),
    implementationDate: day(next.heldOn, 90),
    documentIds: ['section-d'],
  });
  const recommended = await recordDecision(ctx, secas, authorityDetermined.id, {
    kind: 'change_board_recommendation',
    outcome: 'approve',
    decidedOn: day(last.heldOn, -20),
    notes: 'The Change Board recommends approval to the Authority.',
    sourceSummary:
      'Change Board meeting summary: the Change Board recommended that the Authority approve MP261.',
  });
  await recordDecision(ctx, authority, authorityDetermined.id, {
    kind: 'authority_decision',
    outcome: 'approve',
    decidedOn: day(last.heldOn, -3),
    notes: `Following the Change Board’s recommendation of ${formatDate(recommended.decision.decidedOn)}.`,
    sourceSummary: 'Authority decision letter: MP261 approved, as the Change Board recommended.',
  });

  const items = await ctx.db
    .selectFrom('agenda_item')
    .select(['id', 'modification_id'])
    .where('meeting_id', '=', last.id)
    .execute();
  const itemFor = (modificationId: number) => {
    const item = items.find((candidate) => candidate.modification_id === modificationId);
    if (!item) throw new Error('demo data: the approval is not on the last meeting’s agenda');
    return item.id;
  };
  const secasOrg = demoOrganisationId(state, 'SECAS (Gemserv)');
  const dccOrg = demoOrganisationId(state, 'Smart DCC Ltd');
  await recordAction(ctx, chair, last.id, {
    agendaItemId: itemFor(selfGoverned.id),
    description: 'Confirm in writing that MP260 needs no change to DCC Systems',
    ownerOrganisationId: dccOrg,
    dueDate: last.heldOn,
  });
  await recordAction(ctx, chair, last.id, {
    agendaItemId: itemFor(selfGoverned.id),
    description: 'Prepare the SEC Website page and the notice template for MP260',
    ownerOrganisationId: secasOrg,
    dueDate: addWorkingDays(calendar, next.heldOn, 5),
  });
  await recordAction(ctx, chair, last.id, {
    agendaItemId: itemFor(authorityDetermined.id),
    description: 'Draft the readiness report template for the Release Implementation Document',
    ownerOrganisationId: dccOrg,
    dueDate: addWorkingDays(calendar, next.heldOn, 20),
  });
  for (const meeting of past) {
    // An approval the register's history placed on a past meeting was dealt with before secrel.
    for (const item of await ctx.db
      .selectFrom('agenda_item')
      .select(['id', 'modification_id'])
      .where('meeting_id', '=', meeting.id)
      .where('kind', '=', 'implementation_actions')
      .execute()) {
      if (
        item.modification_id === selfGoverned.id ||
        item.modification_id === authorityDetermined.id
      )
        continue;
      await recordNoActionsReason(ctx, secas, meeting.id, item.id, {
        reason:
          'Decided before secrel was in use: the actions are in the Panel’s minutes of this meeting.',
      });
    }
    await closeMeeting(ctx, secas, meeting.id);
  }

  await recordRepresentation(ctx, party, authorityDetermined.id, {
    text: 'Albion Power cannot change its readiness reporting in time: the implementation date leaves no room for the DCC’s testing window.',
  });
  await requestNewTimetable(ctx, chair, authorityDetermined.id, {
    reason:
      'Having regard to the representations of Parties, the approved timetable is not reasonably practicable (D10.5).',
    proposedDate: day(next.heldOn, 180),
  });

  const fastTrack = await ctx.db
    .selectFrom('modification')
    .select(['id', 'status', 'path'])
    .where('reference', '=', 'MP252')
    .executeTakeFirst();
  if (fastTrack?.status === 'change_board' && fastTrack.path === 'fast_track') {
    await recordDecision(ctx, secas, fastTrack.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: today,
    });
  }
}

/** Issue 13: what the calendar and Atom feeds list, read from the records of other modules. */
import type { AppContext } from '../../app-context.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { formatDate } from '../../calendar/format.ts';
import { APPEAL_WINDOW_WORKING_DAYS } from '../appeal/appeal-window.ts';
import { canReadDirectory } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';
import { PAPERS_WORKING_DAYS } from '../meeting/meeting.ts';
import { freezeDateOfRelease } from '../rid/rid.queries.ts';
import type { CalendarItem, FeedEntry } from './feed.ts';

export { liveFeedTokenOf } from './feed.store.ts';
import {
  appealDeadlinesAfter,
  consultationsClosingAfter,
  latestDecisions,
  latestPublications,
  meetingsFrom,
  openActions,
  releasesFrom,
} from './feed.store.ts';

/** Dates from this long ago stay in a feed, so a calendar keeps the recent past. */
const PAST_DAYS_MS = 92 * 24 * 60 * 60_000;

const DECISION_WORDS = {
  change_board_recommendation: 'Change Board recommendation',
  change_board_decision: 'Change Board decision',
  authority_decision: 'Authority decision',
} as const;

/**
 * The public calendar: Panel meetings and their papers dates, go-lives and RID freezes of
 * releases, appeal deadlines of published RID approvals (D10.17) and consultation closes. With a
 * principal (a private feed) also the open D10.2 actions it owns (the Panel, SECAS and the
 * Authority: every open action).
 */
export async function calendarItems(
  ctx: AppContext,
  principal: Principal | null,
): Promise<CalendarItem[]> {
  const now = ctx.now();
  const since = new Date(now.getTime() - PAST_DAYS_MS);
  const from = todayOf(since);
  const today = todayOf(now);
  const items: CalendarItem[] = [];
  for (const m of await meetingsFrom(ctx.db, from)) {
    const name = m.kind === 'ordinary' ? 'Panel meeting' : 'Extraordinary Panel meeting';
    items.push({
      uid: `meeting-${m.id}`,
      date: m.held_on,
      summary: name,
      description: `SEC Panel meeting of ${formatDate(m.held_on)}; papers due ${formatDate(m.papers_due)}.`,
      path: `/meetings/${m.id}`,
    });
    items.push({
      uid: `meeting-${m.id}-papers`,
      date: m.papers_due,
      summary: `Papers due: ${name} of ${formatDate(m.held_on)}`,
      description: `Papers for the Panel meeting are due ${PAPERS_WORKING_DAYS} Working Days before it.`,
      path: `/meetings/${m.id}`,
    });
  }
  for (const r of await releasesFrom(ctx.db, from)) {
    items.push({
      uid: `release-${r.id}-go-live`,
      date: r.go_live,
      summary: `Go-live: ${r.name}`,
      description: `The planned go-live of the ${r.name}.`,
      path: `/releases/${r.id}`,
    });
    const freeze = await freezeDateOfRelease(ctx, r, today);
    if (freeze !== undefined && freeze >= from) {
      items.push({
        uid: `release-${r.id}-freeze`,
        date: freeze,
        summary: `RID freeze: ${r.name}`,
        description: `From this day the Release Implementation Document of the ${r.name} changes only with a Panel override (D10.15).`,
        path: `/releases/${r.id}/rid`,
      });
    }
  }
  for (const v of await appealDeadlinesAfter(ctx.db, since)) {
    if (!v.appeal_deadline) continue;
    const at = new Date(v.appeal_deadline).toISOString();
    items.push({
      uid: `rid-${v.id}-appeal-deadline`,
      date: todayOf(new Date(at)),
      at,
      summary: `Appeal deadline: RID version ${v.number}, ${v.name}`,
      description: `The last moment to appeal the Panel's approval of RID version ${v.number} (D10.17).`,
      path: `/releases/${v.release_id}/rid`,
    });
  }
  for (const c of await consultationsClosingAfter(ctx.db, since)) {
    const at = new Date(c.closes_at).toISOString();
    items.push({
      uid: `consultation-${c.id}-close`,
      date: todayOf(new Date(at)),
      at,
      summary: `Consultation closes: ${c.title}`,
      description: 'Responses after this are refused.',
      path: `/consultations/${c.id}`,
    });
  }
  if (principal) {
    const all = canReadDirectory(principal);
    if (all || principal.organisationId !== null) {
      const actions = await openActions(
        ctx.db,
        all ? undefined : (principal.organisationId ?? undefined),
      );
      for (const a of actions) {
        items.push({
          uid: `action-${a.id}-due`,
          date: a.due_date,
          summary: `Action due: ${a.reference} (${a.name})`,
          description: a.description,
          path: `/modifications/${a.modification_id}/implementation`,
        });
      }
    }
  }
  return items.sort((a, b) => a.date.localeCompare(b.date) || a.uid.localeCompare(b.uid));
}

/** The Atom feed of decisions: the latest decisions on modifications. */
export async function decisionEntries(ctx: AppContext): Promise<FeedEntry[]> {
  return (await latestDecisions(ctx.db, 50)).map((d) => ({
    id: `decision-${d.id}`,
    title: `${d.reference}: ${DECISION_WORDS[d.kind]} to ${d.outcome === 'approve' ? 'approve' : 'reject'}`,
    summary: `${d.reference} (${d.title}): ${DECISION_WORDS[d.kind]} of ${formatDate(d.decided_on)} to ${d.outcome}.${d.notes ? ` ${d.notes}` : ''}`,
    path: `/modifications/${d.modification_id}`,
    updated: new Date(d.recorded_at).toISOString(),
  }));
}

/** The Atom feed of publications: release notices and published RID approvals. */
export async function publicationEntries(ctx: AppContext): Promise<FeedEntry[]> {
  const { notices, approvals } = await latestPublications(ctx.db, 50);
  const entries: FeedEntry[] = [
    ...notices.map((n) => ({
      id: `notice-${n.id}`,
      title: `${n.name}: ${n.subject}`,
      summary: n.body,
      path: `/releases/${n.release_id}/notices`,
      updated: new Date(n.issued_at).toISOString(),
    })),
    ...approvals.map((v) => ({
      id: `rid-${v.id}-published`,
      title: `${v.name}: RID version ${v.number} approved and published`,
      summary: `The SEC Panel's approval of version ${v.number} of the Release Implementation Document of the ${v.name} is published (D10.12); it may be appealed for ${APPEAL_WINDOW_WORKING_DAYS} Working Days (D10.17).`,
      path: `/releases/${v.release_id}/rid`,
      updated: new Date(v.published_at ?? 0).toISOString(),
    })),
  ];
  return entries.sort((a, b) => b.updated.localeCompare(a.updated)).slice(0, 50);
}

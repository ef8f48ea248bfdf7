import { DOMParser, type Element } from '@xmldom/xmldom';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { givenAppealCast, givenAppealRelease, type AppealCast } from './appeal-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { givenModification, givenRidVersion } from '../support/release-fixtures.ts';
import { givenMeeting } from './rid-fixtures.ts';

const PUBLIC_URL = 'https://secrel.example.org';
const ATOM = 'http://www.w3.org/2005/Atom';

/** The events of an iCalendar text, parsed back (RFC 5545), by UID. */
function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
  expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
  const events = new Map<string, ICAL.Event>();
  for (const component of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    expect(component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    events.set(event.uid, event);
  }
  return events;
}

/** An Atom document parsed back (RFC 4287): the feed's required elements, then its entries. */
function atomOf(text: string) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const feed = doc.documentElement;
  expect(feed?.namespaceURI).toBe(ATOM);
  expect(feed?.localName).toBe('feed');
  const child = (parent: Element, name: string) => parent.getElementsByTagNameNS(ATOM, name)[0];
  if (!feed) throw new Error('no feed');
  for (const name of ['id', 'title', 'updated', 'author'])
    expect(child(feed, name), name).toBeDefined();
  expect(child(feed, 'updated')?.textContent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  const entries = Array.from(feed.getElementsByTagNameNS(ATOM, 'entry')).map((entry) => {
    for (const name of ['id', 'title', 'updated', 'link'])
      expect(child(entry, name), name).toBeDefined();
    return {
      id: child(entry, 'id')?.textContent ?? '',
      title: child(entry, 'title')?.textContent ?? '',
      href: child(entry, 'link')?.getAttribute('href') ?? '',
    };
  });
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  return entries;
}

describe.each(ENGINES)('calendar and Atom feeds (issue 13) on %s', (engine) => {
  let t: TestApp;
  let c: AppealCast;
  let releaseId: number;
  let modificationId: number;
  let meetingId: number;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2027-01-05T10:00:00Z'));
    t.ctx.config.publicUrl = PUBLIC_URL;
    c = await givenAppealCast(t);
    releaseId = await givenAppealRelease(t, 'February 2027 SEC Release, "Phase 2" <A&B>');
    const versionId = await givenRidVersion(t, releaseId, 1, {
      publishedAt: '2026-12-29T10:00:00Z',
    });
    await t.ctx.db
      .updateTable('rid_version')
      .set({ appeal_deadline: new Date('2027-01-12T23:59:59Z') })
      .where('id', '=', versionId)
      .execute();
    meetingId = await givenMeeting(t, '2027-01-21');
    modificationId = await givenModification(t, 'MP400', 'change_board');
    await t.ctx.db
      .insertInto('implementation_action')
      .values({
        modification_id: modificationId,
        meeting_id: null,
        description: 'Albion to update its systems; then report',
        owner_org_id: c.albionOrg,
        due_date: '2027-02-11',
        created_at: t.clock.now(),
      })
      .execute();
    const decided = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/modifications/${modificationId}/decisions`,
      {
        kind: 'change_board_decision',
        outcome: 'approve',
        decidedOn: '2027-01-05',
        ...FIXTURE_SOURCE,
      },
    );
    expect(decided.statusCode).toBe(201);
    const notice = await call(t, c.secas, 'POST', `/api/v1/releases/${releaseId}/notices`, {
      subject: 'Go-live confirmed',
      body: 'It goes live on 25 February 2027 & as planned.',
    });
    expect(notice.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('issue 13: the public calendar (RFC 5545) has meetings, papers, go-lives, appeal deadlines — and no actions', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/calendar.ics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    expect(response.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const events = eventsOf(response.body);
    const goLive = events.get(`release-${releaseId}-go-live@secrel.example.org`);
    expect(goLive?.summary).toBe('Go-live: February 2027 SEC Release, "Phase 2" <A&B>');
    expect(goLive?.startDate.isDate).toBe(true);
    expect(goLive?.startDate.toString()).toBe('2027-02-25');
    expect(events.get(`meeting-${meetingId}@secrel.example.org`)?.startDate.toString()).toBe(
      '2027-01-21',
    );
    expect(events.has(`meeting-${meetingId}-papers@secrel.example.org`)).toBe(true);
    const deadline = [...events.values()].find((e) => e.summary.startsWith('Appeal deadline'));
    expect(deadline?.startDate.toJSDate().toISOString()).toBe('2027-01-12T23:59:59.000Z');
    expect(deadline?.description).toContain(`${PUBLIC_URL}/releases/${releaseId}/rid`);
    expect([...events.values()].some((e) => e.summary.startsWith('Action due'))).toBe(false);
  });

  it('issue 13: a private feed, made on the account page and shown once, adds the owner’s actions; a revoked token is refused', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.albion.email);
    const made = await browser.post('/account/calendar-feed', {});
    expect(made.statusCode).toBe(200);
    const url = /\/calendar\/private\/cal_[A-Za-z0-9_-]{43}\.ics/.exec(made.body)?.[0];
    expect(url).toBeDefined();
    const stored = await t.ctx.db.selectFrom('calendar_feed_token').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toContain(url?.slice(18, 40) ?? '-');
    const page = await browser.get('/account/notifications');
    expect(page.body).not.toContain(url ?? '-');

    const feed = await t.app.inject({ method: 'GET', url: url ?? '' });
    expect(feed.statusCode).toBe(200);
    const events = eventsOf(feed.body);
    const action = [...events.values()].find((e) => e.summary.startsWith('Action due'));
    expect(action?.summary).toBe('Action due: MP400 (Albion Power Ltd)');
    expect(action?.description).toContain('Albion to update its systems; then report');
    expect(action?.startDate.toString()).toBe('2027-02-11');

    const revoked = await browser.post('/account/calendar-feed/revoke', {});
    expect(revoked.statusCode).toBe(303);
    const refused = await t.app.inject({ method: 'GET', url: url ?? '' });
    expect(refused.statusCode).toBe(404);
    const guessed = await t.app.inject({ method: 'GET', url: '/calendar/private/cal_x.ics' });
    expect(guessed.statusCode).toBe(404);
    const audited = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'calendar_feed.%')
      .orderBy('seq')
      .execute();
    expect(audited.map((e) => e.action)).toEqual([
      'calendar_feed.created',
      'calendar_feed.revoked',
    ]);
  });

  it('issue 13: the Atom feeds (RFC 4287) of decisions and publications parse back, linked from every page', async () => {
    const decisions = await t.app.inject({ method: 'GET', url: '/feeds/decisions.atom' });
    expect(decisions.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(atomOf(decisions.body)).toEqual([
      {
        id: expect.stringMatching(/^tag:secrel\.example\.org,2026:decision-\d+$/) as string,
        title: 'MP400: Change Board decision to approve',
        href: `${PUBLIC_URL}/modifications/${modificationId}`,
      },
    ]);
    const publications = atomOf(
      (await t.app.inject({ method: 'GET', url: '/feeds/publications.atom' })).body,
    );
    expect(publications.map((e) => e.title)).toEqual([
      'February 2027 SEC Release, "Phase 2" <A&B>: Go-live confirmed',
      'February 2027 SEC Release, "Phase 2" <A&B>: RID version 1 approved and published',
    ]);
    const releases = await t.app.inject({ method: 'GET', url: `/releases/${releaseId}` });
    expect(releases.body).toContain(
      '<link rel="alternate" type="application/atom+xml" title="SEC release publications" href="/feeds/publications.atom">',
    );
  });
});

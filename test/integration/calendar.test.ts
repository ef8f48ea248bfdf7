import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { importGovUkHolidays } from '../../src/modules/calendar/calendar.actions.ts';
import { calendarFor } from '../../src/modules/calendar/calendar.queries.ts';
import { addWorkingDays } from '../../src/calendar/index.ts';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

/** A cut-down GOV.UK bank-holidays.json: three events in two divisions. */
const GOV_UK_SAMPLE = {
  'england-and-wales': {
    division: 'england-and-wales',
    events: [
      {
        title: 'Bank holiday for the coronation of King Charles III',
        date: '2023-05-08',
        notes: '',
        bunting: true,
      },
      { title: 'Christmas Day', date: '2023-12-25', notes: '', bunting: true },
    ],
  },
  scotland: {
    division: 'scotland',
    events: [{ title: 'St Andrew’s Day', date: '2023-11-30', notes: '', bunting: true }],
  },
};

const ONE_OFF = {
  date: '2021-06-14',
  region: 'england-and-wales',
  kind: 'add',
  reason: 'One-off holiday declared by SECAS',
};

describe.each(ENGINES)('Working Day calendar on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;
  let party: TestUser;

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const as = (user: TestUser, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(user), ...(payload ? { payload } : {}) });
  const overrideCount = async (): Promise<number> =>
    (await t.ctx.db.selectFrom('calendar_override').select('id').execute()).length;
  const events = () => t.ctx.db.selectFrom('audit_event').selectAll().orderBy('seq');
  const calendarEvents = (action: string) => events().where('action', '=', action).execute();
  const allCalendarEvents = async (): Promise<number> =>
    (await events().where('action', 'like', 'calendar.%').execute()).length;

  beforeAll(async () => {
    t = await createTestApp(engine);
    secas = await givenUser(t.ctx, 'code_administrator');
    party = await givenUser(t.ctx, 'party');
  });
  afterAll(async () => {
    await t.close();
  });
  // Each test starts from the rules alone (the override table is not the append-only audit log).
  afterEach(async () => {
    await t.ctx.db.deleteFrom('calendar_override').execute();
  });

  it('Working Days: day 1 is the first Working Day after the date, so 9 Jun 2021 + 10 is 23 Jun 2021', async () => {
    const response = await get('/api/v1/calendar/add-working-days?date=2021-06-09&n=10');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      date: '2021-06-09',
      n: 10,
      region: 'england-and-wales',
      result: '2021-06-23',
    });
  });

  it('Deadlines: within 10 Working Days following 9 Jun 2021 ends at 23:59:59 UK time on 23 Jun 2021', async () => {
    const response = await get('/api/v1/calendar/deadline?instant=2021-06-09T12:00:00Z&n=10');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      instant: '2021-06-09T12:00:00Z',
      n: 10,
      region: 'england-and-wales',
      deadline: '2021-06-23T23:59:59+01:00',
    });
    // An unencoded "+" in the offset arrives as a space; it is read as the offset it was.
    const plus = await get('/api/v1/calendar/deadline?instant=2021-06-09T23:30:00+01:00&n=10');
    expect(plus.json()).toMatchObject({
      instant: '2021-06-09T23:30:00+01:00',
      deadline: '2021-06-23T23:59:59+01:00',
    });
    // 23:30 UTC on 9 June is 00:30 on 10 June in London, so day 1 is 11 June.
    const lateUtc = await get('/api/v1/calendar/deadline?instant=2021-06-09T23:30:00Z&n=10');
    expect(lateUtc.json()).toMatchObject({ deadline: '2021-06-24T23:59:59+01:00' });
  });

  it('Bank holidays: 2023 in England and Wales includes the Coronation on 8 May', async () => {
    const response = await get('/api/v1/calendar/holidays?year=2023&region=england-and-wales');
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      year: number;
      region: string;
      holidays: { date: string; name: string }[];
    }>();
    expect(body).toMatchObject({ year: 2023, region: 'england-and-wales' });
    expect(body.holidays.map((h) => h.date)).toContain('2023-05-08');
    expect(body.holidays.find((h) => h.date === '2023-05-08')?.name).toMatch(/coronation/i);
    expect(body.holidays).toHaveLength(9);
    const scotland = await get('/api/v1/calendar/holidays?year=2023&region=scotland');
    expect(scotland.json<{ holidays: { date: string }[] }>().holidays.map((h) => h.date)).toContain(
      '2023-01-03',
    );
  });

  it.each([
    ['/api/v1/calendar/add-working-days?date=2021-06-09&n=-1', 'n'],
    ['/api/v1/calendar/add-working-days?date=2021-06-09&n=1001', 'n'],
    ['/api/v1/calendar/add-working-days?date=2021-06-09&n=ten', 'n'],
    ['/api/v1/calendar/add-working-days?date=2021-06-09', 'n'],
    ['/api/v1/calendar/add-working-days?date=2021-02-30&n=10', 'date'],
    ['/api/v1/calendar/add-working-days?date=9-6-2021&n=10', 'date'],
    ['/api/v1/calendar/add-working-days?n=10', 'date'],
    ['/api/v1/calendar/add-working-days?date=9999-12-30&n=10', 'date'],
    ['/api/v1/calendar/add-working-days?date=2021-06-09&n=10&region=wales', 'region'],
    ['/api/v1/calendar/deadline?instant=2021-06-09T12:00:00&n=10', 'instant'],
    ['/api/v1/calendar/deadline?instant=yesterday&n=10', 'instant'],
    ['/api/v1/calendar/deadline?instant=2021-02-30T12:00:00Z&n=10', 'instant'],
    ['/api/v1/calendar/deadline?instant=2021-06-09T12:00:00Z&n=1.5', 'n'],
    ['/api/v1/calendar/holidays?year=0', 'year'],
    ['/api/v1/calendar/holidays?year=2023&region=England', 'region'],
  ])('Bad input: %s is refused with 400 naming %s, never a 500', async (url, field) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', field });
    expect(response.json<{ message: string }>().message).not.toBe('');
  });

  it('Working Days: a one-off holiday added by SECAS moves the deadline, and is stored and audited', async () => {
    const response = await as(secas, 'POST', '/api/v1/calendar/overrides', ONE_OFF);
    expect(response.statusCode).toBe(201);
    const created = response.json<{ id: number }>();
    expect(created).toMatchObject(ONE_OFF);

    const after = await get('/api/v1/calendar/add-working-days?date=2021-06-09&n=10');
    expect(after.json()).toMatchObject({ result: '2021-06-24' });
    const deadline = await get('/api/v1/calendar/deadline?instant=2021-06-09T12:00:00Z&n=10');
    expect(deadline.json()).toMatchObject({ deadline: '2021-06-24T23:59:59+01:00' });
    const holidays = await get('/api/v1/calendar/holidays?year=2021');
    expect(holidays.json<{ holidays: unknown[] }>().holidays).toContainEqual({
      date: '2021-06-14',
      name: ONE_OFF.reason,
      region: 'england-and-wales',
      source: 'override',
    });
    // Scotland's calendar is not England and Wales's: the override does not apply there.
    const scotland = await get(
      '/api/v1/calendar/add-working-days?date=2021-06-09&n=10&region=scotland',
    );
    expect(scotland.json()).toMatchObject({ result: '2021-06-23' });

    const rows = await t.ctx.db.selectFrom('calendar_override').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ...ONE_OFF, id: created.id, created_by: secas.id });
    const events = await calendarEvents('calendar.override_added');
    expect(events.at(-1)).toMatchObject({
      actor_id: secas.id,
      subject_type: 'calendar_override',
      subject_id: String(created.id),
      after: { ...ONE_OFF, id: created.id },
    });

    const listed = await as(secas, 'GET', '/api/v1/calendar/overrides');
    const listing = listed.json<{ id: number; createdBy: string | null }[]>();
    expect(listing.map((row) => row.id)).toEqual([created.id]);
    expect(listing[0]?.createdBy).toMatch(/^Test code_administrator/);
  });

  it('Working Days: removing the one-off holiday restores the deadline, audited with what was removed', async () => {
    const created = await as(secas, 'POST', '/api/v1/calendar/overrides', ONE_OFF);
    const { id } = created.json<{ id: number }>();
    const removed = await as(secas, 'DELETE', `/api/v1/calendar/overrides/${id}`);
    expect(removed.statusCode).toBe(204);
    expect(await overrideCount()).toBe(0);
    const result = await get('/api/v1/calendar/add-working-days?date=2021-06-09&n=10');
    expect(result.json()).toMatchObject({ result: '2021-06-23' });
    const events = await calendarEvents('calendar.override_removed');
    expect(events.at(-1)).toMatchObject({
      subject_id: String(id),
      before: { ...ONE_OFF, id },
      after: null,
    });
    const again = await as(secas, 'DELETE', `/api/v1/calendar/overrides/${id}`);
    expect(again.statusCode).toBe(404);
  });

  it('Overrides: the same date, region and kind twice is already_exists; a bad field is named; nothing changes', async () => {
    const post = (payload: object) => as(secas, 'POST', '/api/v1/calendar/overrides', payload);
    expect((await post(ONE_OFF)).statusCode).toBe(201);
    const eventsBefore = await allCalendarEvents();
    const duplicate = await post(ONE_OFF);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'already_exists', field: 'date' });
    for (const [payload, field] of [
      [{ ...ONE_OFF, date: '2021-02-30' }, 'date'],
      [{ ...ONE_OFF, date: '2021-06-12' }, 'date'], // a Saturday is never a Working Day anyway
      [{ ...ONE_OFF, region: 'wales' }, 'region'],
      [{ ...ONE_OFF, region: 'union' }, 'region'],
      [{ ...ONE_OFF, kind: 'move' }, 'kind'],
      [{ ...ONE_OFF, reason: '' }, 'reason'],
      [{ ...ONE_OFF, reason: '   ' }, 'reason'],
    ] as const) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', field });
    }
    expect(await overrideCount()).toBe(1);
    expect(await allCalendarEvents()).toBe(eventsBefore);
  });

  it('Permissions: a Party user may not change the calendar (403) and nothing changes', async () => {
    const eventsBefore = await allCalendarEvents();
    const attempts = [
      { method: 'POST' as const, url: '/api/v1/calendar/overrides', payload: ONE_OFF },
      { method: 'POST' as const, url: '/api/v1/calendar/overrides', payload: { date: 'nonsense' } },
      { method: 'POST' as const, url: '/api/v1/calendar/import', payload: GOV_UK_SAMPLE },
      { method: 'GET' as const, url: '/api/v1/calendar/overrides' },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject({ ...attempt, headers: bearer(party) });
      expect(response.statusCode, attempt.url).toBe(403);
      expect(response.json()).toMatchObject({ code: 'forbidden' });
      const anonymous = await t.app.inject(attempt);
      expect(anonymous.statusCode, attempt.url).toBe(401);
    }
    expect(await overrideCount()).toBe(0);
    expect(await allCalendarEvents()).toBe(eventsBefore);
    const result = await get('/api/v1/calendar/add-working-days?date=2021-06-09&n=10');
    expect(result.json()).toMatchObject({ result: '2021-06-23' });
  });

  it('Import: the GOV.UK bank-holidays file adds its events once, with one audit event; re-import adds none', async () => {
    const before = await calendarEvents('calendar.imported');
    const first = await as(secas, 'POST', '/api/v1/calendar/import', GOV_UK_SAMPLE);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ added: 3, skipped: 0 });
    const rows = await t.ctx.db
      .selectFrom('calendar_override')
      .selectAll()
      .orderBy('date')
      .execute();
    expect(rows.map((r) => [r.date, r.region, r.kind])).toEqual([
      ['2023-05-08', 'england-and-wales', 'add'],
      ['2023-11-30', 'scotland', 'add'],
      ['2023-12-25', 'england-and-wales', 'add'],
    ]);
    const events = await calendarEvents('calendar.imported');
    expect(events).toHaveLength(before.length + 1);
    expect(events.at(-1)).toMatchObject({
      actor_id: secas.id,
      after: { added: 3, skipped: 0, divisions: ['england-and-wales', 'scotland'] },
    });

    const second = await as(secas, 'POST', '/api/v1/calendar/import', GOV_UK_SAMPLE);
    expect(second.json()).toEqual({ added: 0, skipped: 3 });
    expect(await overrideCount()).toBe(3);

    // The CLI imports as the system actor, without a principal.
    const cli = await importGovUkHolidays(t.ctx, null, GOV_UK_SAMPLE, SYSTEM_ACTOR);
    expect(cli).toEqual({ added: 0, skipped: 3 });
    expect((await calendarEvents('calendar.imported')).at(-1)).toMatchObject({
      actor_id: null,
      actor_label: 'system',
    });
  });

  it('Import: a file that is not in the GOV.UK format is refused naming the problem, and nothing changes', async () => {
    const eventsBefore = await allCalendarEvents();
    const broken = {
      'england-and-wales': {
        events: [
          { title: 'Christmas Day', date: '2023-12-25' },
          { title: 'Bad', date: '2023-13-01' },
        ],
      },
    };
    const response = await as(secas, 'POST', '/api/v1/calendar/import', broken);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'calendar_import_invalid',
      field: 'england-and-wales.events[1].date',
    });
    const unrelated = await as(secas, 'POST', '/api/v1/calendar/import', { holidays: [] });
    expect(unrelated.json()).toMatchObject({ code: 'calendar_import_invalid', field: '$' });
    expect(await overrideCount()).toBe(0);
    expect(await allCalendarEvents()).toBe(eventsBefore);
  });

  it('Working Days: an override written by another app server is used on the next calculation', async () => {
    const calendar = await calendarFor(t.ctx);
    expect(addWorkingDays(calendar, '2021-06-09', 10)).toBe('2021-06-23');
    // Another server shares the database: its insert reaches this one only through the table.
    await t.ctx.db
      .insertInto('calendar_override')
      .values({ ...ONE_OFF, kind: 'add', region: 'all', created_by: null, created_at: new Date() })
      .execute();
    expect(addWorkingDays(await calendarFor(t.ctx), '2021-06-09', 10)).toBe('2021-06-24');
    await t.ctx.db.deleteFrom('calendar_override').execute();
    expect(addWorkingDays(await calendarFor(t.ctx), '2021-06-09', 10)).toBe('2021-06-23');
    // Nothing changed in between: the same calendar (and its cached years) is reused.
    expect(await calendarFor(t.ctx)).toBe(await calendarFor(t.ctx));
  });

  it('Calendar page: public, explains the rule, lists the bank holidays and counts Working Days', async () => {
    const page = await get('/calendar?date=2021-06-09&n=10');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('day 1 is the first Working Day after the day of the event');
    expect(page.body).toContain('23:59:59 UK time');
    expect(page.body).toMatch(
      /id="count-result">Working Day 10 after 9 June 2021 is <strong>Wednesday 23 June 2021/,
    );
    // The test clock is in 2026: that year's holidays, including the substitute Boxing Day.
    expect(page.body).toContain('Bank holidays on weekdays in 2026: England and Wales');
    expect(page.body).toContain('28 December 2026');
    expect(page.body).not.toContain('action="/calendar/overrides"');

    const coronation = await get('/calendar?year=2023&region=england-and-wales');
    expect(coronation.body).toContain('8 May 2023');
    const deadline = await get('/calendar?eventDate=2021-06-09&eventTime=23%3A30&days=10');
    expect(deadline.body).toMatch(/id="deadline-result">.*23:59:59 on Wednesday 23 June 2021/);
    expect(deadline.body).toContain('2021-06-23T23:59:59+01:00');
  });

  it('Calendar page: bad input is shown in an error summary linking to the field, never a 500', async () => {
    const page = await get(
      '/calendar?date=2021-02-30&n=10&eventDate=2021-06-09&eventTime=25%3A00&days=10&year=0',
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('href="#date"');
    expect(page.body).toContain('href="#eventTime"');
    expect(page.body).toContain('href="#year"');
    const n = await get('/calendar?date=2021-06-09&n=-1');
    expect(n.statusCode).toBe(400);
    expect(n.body).toContain('href="#n"');
    const region = await get('/calendar?region=wales');
    expect(region.body).toContain('href="#region"');
  });

  it('Calendar page: SECAS adds a one-off holiday through the form and the count moves', async () => {
    const s = new BrowserSession(t.app);
    await s.signIn(secas.email);
    const page = await s.get('/calendar');
    expect(page.body).toContain('action="/calendar/overrides"');
    const response = await s.post('/calendar/overrides', ONE_OFF);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/calendar#overrides');
    const after = await s.get('/calendar?date=2021-06-09&n=10');
    expect(after.body).toContain('2021-06-14 is now a holiday in England and Wales.');
    expect(after.body).toContain('Thursday 24 June 2021');
    expect(after.body).toContain(ONE_OFF.reason);
    expect(await overrideCount()).toBe(1);
    expect((await calendarEvents('calendar.override_added')).at(-1)).toMatchObject({
      actor_id: secas.id,
      after: ONE_OFF,
    });

    const { id } = await t.ctx.db
      .selectFrom('calendar_override')
      .select('id')
      .executeTakeFirstOrThrow();
    const removed = await s.post(`/calendar/overrides/${id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(await overrideCount()).toBe(0);
  });

  it('Calendar page: a form error re-renders with the summary linking to the field and keeps the values', async () => {
    const s = new BrowserSession(t.app);
    await s.signIn(secas.email);
    await s.get('/calendar');
    const blank = await s.post('/calendar/overrides', { ...ONE_OFF, reason: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('href="#reason"');
    // Issue 13: the date comes back in its day, month and year inputs.
    expect(blank.body).toContain('name="date-day" type="text" value="14"');
    expect(blank.body).toContain('name="date-month" type="text" value="6"');
    expect(blank.body).toContain('name="date-year" type="text" value="2021"');
    const badDate = await s.post('/calendar/overrides', { ...ONE_OFF, date: '14/06/2021' });
    expect(badDate.body).toContain('href="#overrideDate"');
    expect(await overrideCount()).toBe(0);
  });

  it('Calendar page: SECAS imports the pasted GOV.UK file and is told how many were added', async () => {
    const s = new BrowserSession(t.app);
    await s.signIn(secas.email);
    await s.get('/calendar');
    const response = await s.post('/calendar/import', { json: JSON.stringify(GOV_UK_SAMPLE) });
    expect(response.statusCode).toBe(303);
    const page = await s.get('/calendar');
    expect(page.body).toContain(
      'Imported the GOV.UK bank holidays: 3 added, 0 already in the calendar.',
    );
    const notJson = await s.post('/calendar/import', { json: '{ not json' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('href="#importJson"');
    expect(await overrideCount()).toBe(3);
  });

  it('Calendar page: a form posted without the CSRF token is refused (403) and changes nothing', async () => {
    const s = new BrowserSession(t.app);
    await s.signIn(secas.email);
    await s.get('/calendar');
    const eventsBefore = await allCalendarEvents();
    const response = await s.post('/calendar/overrides', ONE_OFF, { csrf: false });
    expect(response.statusCode).toBe(403);
    const wrongToken = await s.post('/calendar/overrides', { ...ONE_OFF, _csrf: 'forged' });
    expect(wrongToken.statusCode).toBe(403);
    expect(await overrideCount()).toBe(0);
    expect(await allCalendarEvents()).toBe(eventsBefore);
  });

  it('Calendar page: a Party user sees no management forms and may not post them', async () => {
    const s = new BrowserSession(t.app);
    await s.signIn(party.email);
    const page = await s.get('/calendar');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('action="/calendar/overrides"');
    expect(page.body).not.toContain('action="/calendar/import"');
    const response = await s.post('/calendar/overrides', ONE_OFF);
    expect(response.statusCode).toBe(403);
    expect(await overrideCount()).toBe(0);
  });

  it('OpenAPI: the calendar routes are documented, the calculators as public', async () => {
    const doc = (await get('/api/openapi.json')).json<{
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>();
    expect(doc.paths['/api/v1/calendar/add-working-days']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/calendar/deadline']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/calendar/holidays']?.get?.security).toEqual([]);
    expect(Object.keys(doc.paths['/api/v1/calendar/overrides'] ?? {}).sort()).toEqual([
      'get',
      'post',
    ]);
    expect(doc.paths['/api/v1/calendar/overrides/{id}']?.delete).toBeDefined();
    expect(doc.paths['/api/v1/calendar/import']?.post).toBeDefined();
  });
});

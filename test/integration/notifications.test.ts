import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { JOB_HANDLERS } from '../../src/cli/background.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/outbox/mailer.ts';
import { remindOverdueAction } from '../../src/modules/meeting/action-reminder.jobs.ts';
import { rescheduleActionReminders } from '../../src/modules/meeting/action-reminder.jobs.ts';
import { sendDailyDigests } from '../../src/modules/notification/notification.jobs.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { startSmtpCatcher } from '../support/smtp-catcher.ts';
import { givenCutOver } from '../support/cut-over.ts';
import { givenAppealCast, givenAppealRelease, type AppealCast } from './appeal-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { givenModification, givenRidVersion } from '../support/release-fixtures.ts';

const PUBLIC_URL = 'https://secrel.example.org';
const FROM = 'SEC Release Management <no-reply@secrel.example.org>';

describe.each(ENGINES)('each person is told what concerns them (issue 13) on %s', (engine) => {
  let t: TestApp;
  let c: AppealCast;
  let releaseId: number;
  let workers: Worker[] = [];

  /** A worker of this app (no mailer unless given), stopped after the file. */
  function worker(mailerUrl?: string) {
    const mailer = mailerUrl ? createMailer(mailerUrl, FROM) : null;
    const w = startWorker(t.ctx, {
      handlers: JOB_HANDLERS,
      mailer,
      pollMs: 3_600_000,
      workerId: `test-${workers.length}`,
      log: (level, message, detail) => {
        if (level !== 'info') console.error(message, detail);
      },
    });
    workers.push(w);
    return w;
  }

  async function mailTo(user: TestUser, keyLike: string) {
    return t.ctx.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', user.email)
      .where('dedupe_key', 'like', keyLike)
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2027-01-05T10:00:00Z'));
    t.ctx.config.publicUrl = PUBLIC_URL;
    c = await givenAppealCast(t);
    releaseId = await givenAppealRelease(t);
    await givenRidVersion(t, releaseId, 1, { publishedAt: '2026-12-24T10:00:00Z' });
    await givenRidVersion(t, releaseId, 2, { publishedAt: '2026-12-29T10:00:00Z' });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    workers = [];
    await t.close();
  });

  it('D10.17: the appellant receives the confirmation of its appeal over SMTP, with an absolute link to it', async () => {
    const smtp = await startSmtpCatcher();
    try {
      const lodged = await call(
        t,
        c.albion,
        'POST',
        `/api/v1/releases/${releaseId}/rid/versions/1/appeals`,
        { reasons: 'The User testing window is too short.' },
      );
      expect(lodged.statusCode).toBe(201);
      const appealId = lodged.json<{ id: number }>().id;
      await worker(smtp.url).runOnce();
      const confirmation = smtp.received.filter((mail) =>
        smtp.recipientsOf(mail).includes(c.albion.email),
      );
      expect(confirmation).toHaveLength(1);
      expect(confirmation[0]?.subject).toBe(
        'Your appeal is lodged: RID version 1, February 2027 SEC Release',
      );
      expect(confirmation[0]?.text).toContain(`Open it: ${PUBLIC_URL}/appeals/${appealId}`);
      expect(confirmation[0]?.text).toContain('23:59:59 on Tuesday 12 January 2027');
      // The account's notifications list it, sent, linking to the appeal.
      const listed = await call(t, c.albion, 'GET', '/api/v1/account/notifications');
      expect(listed.json()).toMatchObject({
        notifications: [{ topic: 'appeal', path: `/appeals/${appealId}`, emailStatus: 'sent' }],
      });
      const page = await t.app.inject({
        method: 'GET',
        url: '/account/notifications',
        headers: { authorization: `Bearer ${c.albion.token}` },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="/appeals/${appealId}"`);
      expect(page.body).toContain('E-mailed');
    } finally {
      await smtp.close();
    }
  });

  it('D10.8(c): a follower of a release receives its notice over SMTP; a Party follower is not told twice', async () => {
    const smtp = await startSmtpCatcher();
    try {
      for (const user of [c.chair, c.albion]) {
        const followed = await call(t, user, 'PUT', `/api/v1/releases/${releaseId}/follow`);
        expect(followed.json()).toEqual({ following: true });
      }
      const issued = await call(t, c.secas, 'POST', `/api/v1/releases/${releaseId}/notices`, {
        subject: 'Go-live confirmed',
        body: 'The February 2027 SEC Release goes live on 25 February 2027.',
      });
      expect(issued.statusCode).toBe(201);
      await worker(smtp.url).runOnce();
      const toChair = smtp.received.filter((m) => smtp.recipientsOf(m).includes(c.chair.email));
      expect(toChair.map((m) => m.subject)).toEqual([
        'February 2027 SEC Release: Go-live confirmed',
      ]);
      expect(toChair[0]?.text).toContain(`${PUBLIC_URL}/releases/${releaseId}/notices`);
      const toAlbion = smtp.received.filter((m) => smtp.recipientsOf(m).includes(c.albion.email));
      expect(toAlbion).toHaveLength(1);
      const follows = await call(t, c.chair, 'GET', '/api/v1/account/follows');
      expect(follows.json()).toMatchObject([{ type: 'release', id: releaseId }]);
    } finally {
      await smtp.close();
    }
  });

  it('issue 13: a modification’s followers are told when its status moves, and stop when they unfollow', async () => {
    const id = await givenModification(t, 'MP300', 'change_board');
    expect((await call(t, c.member, 'PUT', `/api/v1/modifications/${id}/follow`)).statusCode).toBe(
      200,
    );
    const decided = await call(t, c.secas, 'POST', `/api/v1/modifications/${id}/decisions`, {
      ...FIXTURE_SOURCE,
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2027-01-05',
    });
    expect(decided.statusCode).toBe(201);
    const told = await mailTo(c.member, `notify:modification:${id}:status:%`);
    expect(told.map((m) => m.subject)).toEqual(['MP300 is now Approved']);
    expect(told[0]?.body_text).toContain(`${PUBLIC_URL}/modifications/${id}`);
    const unfollowed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/modifications/${id}/follow`,
      headers: { authorization: `Bearer ${c.member.token}` },
    });
    expect(unfollowed.json()).toEqual({ following: false });
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_type', '=', 'modification')
      .where('subject_id', '=', String(id))
      .where('action', 'like', 'notification.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'notification.followed',
      'notification.unfollowed',
    ]);
  });

  it('issue 13: a daily summary instead of an e-mail each, sent once even with two workers', async () => {
    const chosen = await call(t, c.northwind, 'PUT', '/api/v1/account/notification-preferences', {
      appeal: 'digest',
    });
    expect(chosen.json()).toEqual({
      followed: 'immediate',
      consultation: 'immediate',
      action: 'immediate',
      appeal: 'digest',
    });
    const refused = await call(t, c.northwind, 'PUT', '/api/v1/account/notification-preferences', {
      appeal: 'weekly',
    });
    expect(refused.statusCode).toBe(400);
    const lodged = await call(
      t,
      c.northwind,
      'POST',
      `/api/v1/releases/${releaseId}/rid/versions/2/appeals`,
      { reasons: 'The go-live criteria are not measurable.' },
    );
    expect(lodged.statusCode).toBe(201);
    expect(await mailTo(c.northwind, 'notify:%')).toEqual([]);
    const [first, second] = await Promise.all([sendDailyDigests(t.ctx), sendDailyDigests(t.ctx)]);
    expect([...first, ...second].map((p) => p.email)).toEqual([c.northwind.email]);
    const summaries = await mailTo(c.northwind, 'digest:%');
    expect(summaries.map((m) => m.subject)).toEqual(['Your daily summary: 1 update']);
    expect(summaries[0]?.body_text).toContain('Your appeal is lodged: RID version 2');
    expect(summaries[0]?.body_text).toContain(`${PUBLIC_URL}/appeals/`);
    expect(await sendDailyDigests(t.ctx)).toEqual([]);
  });

  it('consultations: its audiences are told when it opens, from the jobs table, once', async () => {
    await givenCutOver(t.ctx.db, '2027-01-04');
    const opened = await call(t, c.secas, 'POST', '/api/v1/consultations', {
      subjectType: 'other',
      subjectId: 'reporting',
      title: 'DCC reporting measures',
      audiences: ['users'],
      questions: ['Are the measures right?'],
      opensAt: '2027-01-07',
      closesAfterWorkingDays: 10,
    });
    expect(opened.statusCode).toBe(201);
    const id = opened.json<{ id: number }>().id;
    const w = worker();
    await w.runOnce();
    expect(await mailTo(c.albion, `notify:consultation:${id}:opened:%`)).toEqual([]);
    t.clock.set('2027-01-07T09:00:00Z');
    await Promise.all([w.runOnce(), worker().runOnce()]);
    await w.runOnce();
    for (const party of [c.albion, c.northwind]) {
      const told = await mailTo(party, `notify:consultation:${id}:opened:%`);
      expect(told.map((m) => m.subject)).toEqual(['Consultation open: DCC reporting measures']);
      expect(told[0]?.body_text).toContain(`${PUBLIC_URL}/consultations/${id}`);
    }
    expect(await mailTo(c.dcc, `notify:consultation:${id}:opened:%`)).toEqual([]);
    expect(await mailTo(c.chair, `notify:consultation:${id}:opened:%`)).toEqual([]);
  });

  describe('D10.3: overdue actions', () => {
    let actionId: number;
    const reminderJobs = () =>
      t.ctx.db
        .selectFrom('job')
        .select(['run_at', 'done_at', 'dedupe_key'])
        .where('dedupe_key', 'like', `action:${actionId}:overdue-reminder:%`)
        .orderBy('id')
        .execute();

    beforeAll(async () => {
      t.clock.set('2027-01-06T10:00:00Z');
      const modificationId = await givenModification(t, 'MP301', 'approved');
      const row = await t.ctx.db
        .insertInto('implementation_action')
        .values({
          modification_id: modificationId,
          meeting_id: null,
          description: 'DCC to publish the interface change',
          owner_org_id: c.albionOrg,
          due_date: '2027-01-07',
          created_at: t.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      actionId = row.id;
    });

    it('D10.3: the reminder is queued for 09:00 on the first Working Day after the due date', async () => {
      await rescheduleActionReminders(t.ctx);
      const jobs = await reminderJobs();
      expect(jobs.map((j) => [new Date(j.run_at).toISOString(), j.done_at])).toEqual([
        ['2027-01-08T09:00:00.000Z', null],
      ]);
    });

    it('D10.3: a bank-holiday override on that day moves the reminder at once to the next Working Day', async () => {
      const added = await call(t, c.secas, 'POST', '/api/v1/calendar/overrides', {
        date: '2027-01-08',
        region: 'all',
        kind: 'add',
        reason: 'A one-off bank holiday',
      });
      expect(added.statusCode).toBe(201);
      await worker().runOnce();
      const jobs = await reminderJobs();
      expect(jobs.map((j) => [j.dedupe_key, j.done_at !== null])).toEqual([
        [`action:${actionId}:overdue-reminder:2027-01-08`, true],
        [`action:${actionId}:overdue-reminder:2027-01-11`, false],
      ]);
      expect(new Date(jobs[1]?.run_at ?? 0).toISOString()).toBe('2027-01-11T09:00:00.000Z');
      t.clock.set('2027-01-08T09:30:00Z');
      await worker().runOnce();
      expect(await mailTo(c.albion, `notify:action:${actionId}:overdue:%`)).toEqual([]);
    });

    it('D10.3: on its day the owner and SECAS are reminded once, with two workers and the job run twice', async () => {
      t.clock.set('2027-01-11T09:00:00Z');
      await Promise.all([worker().runOnce(), worker().runOnce()]);
      const again = await Promise.all([
        remindOverdueAction(t.ctx, actionId),
        remindOverdueAction(t.ctx, actionId),
      ]);
      expect(again).toEqual([false, false]);
      const toOwner = await mailTo(c.albion, `notify:action:${actionId}:overdue:%`);
      expect(toOwner.map((m) => m.subject)).toEqual(['Overdue implementation action: MP301']);
      expect(toOwner[0]?.body_text).toContain('was due on 7 January 2027');
      expect(toOwner[0]?.body_text).toContain(`${PUBLIC_URL}/modifications/`);
      expect(await mailTo(c.secas, `notify:action:${actionId}:overdue:%`)).toHaveLength(1);
      const audited = await t.ctx.db
        .selectFrom('audit_event')
        .select('action')
        .where('action', '=', 'implementation_action.overdue_reminded')
        .where('subject_id', '=', String(actionId))
        .execute();
      expect(audited).toHaveLength(1);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MECHANISMS, DEFAULT_PROSE } from '../../src/modules/policy/policy-defaults.ts';
import { sweepReleaseGovernance } from '../../src/modules/release/release.jobs.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';

/** An approved version whose November notice period is `months` months. */
async function givenVersion(t: TestApp, number: number, effectiveFrom: string, months: number) {
  const mechanisms = {
    ...DEFAULT_MECHANISMS,
    notice: {
      ...DEFAULT_MECHANISMS.notice,
      noticePeriods: DEFAULT_MECHANISMS.notice.noticePeriods.map((p) =>
        p.releaseType === 'november' ? { ...p, amount: months } : p,
      ),
    },
  };
  const row = await t.ctx.db
    .insertInto('policy_version')
    .values({
      number,
      title: 'SEC Release Management Policy',
      status: 'approved',
      mechanisms: JSON.stringify(mechanisms),
      prose: JSON.stringify(DEFAULT_PROSE),
      based_on_id: null,
      created_by: null,
      created_at: new Date('2026-10-01T10:00:00Z'),
      submitted_at: new Date('2026-10-02T10:00:00Z'),
      decided_on: '2026-11-01',
      decision_notes: null,
      effective_from: effectiveFrom,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

type Milestone = { id: string; date: string };
type Detail = {
  milestones: Milestone[];
  policyChanges: { fromVersion: number; toVersion: number; moved: unknown[] }[];
};

describe.each(ENGINES)(
  'A-POL, ruling 14: the Policy version that governs a release, on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;
    let v1: number;
    let v2: number;
    let release: number;

    const mailCount = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('outbox_message')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const detail = async () =>
      (await call(t, c.albion, 'GET', `/api/v1/releases/${release}`)).json<Detail>();
    const noticeStart = async () =>
      (await detail()).milestones.find((m) => m.id === 'notice_start')?.date;
    const recordedVersion = async () =>
      (
        await t.ctx.db
          .selectFrom('release')
          .select('policy_version_id')
          .where('id', '=', release)
          .executeTakeFirstOrThrow()
      ).policy_version_id;

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenCast(t);
      v1 = await givenPolicy(t);
      // Version 2 lengthens the November notice period from 3 to 6 months from 1 March 2027.
      v2 = await givenVersion(t, 2, '2027-03-01', 6);
      release = await givenRelease(
        t,
        v1,
        'November 2027 SEC Release',
        'planned',
        '2027-11-04',
        'november',
      );
    });
    afterAll(async () => {
      await t.close();
    });

    it('Ruling 14: before the new version takes effect the release follows the one in force, and the sweep changes nothing', async () => {
      expect(await noticeStart()).toBe('2027-08-04');
      expect(await sweepReleaseGovernance(t.ctx)).toEqual([]);
      expect(await recordedVersion()).toBe(v1);
    });

    it('Ruling 14: once it takes effect the milestones follow it; the sweep records the moved dates, audits and tells the Panel and SECAS once', async () => {
      t.clock.set('2027-03-01T10:00:00Z');
      expect(await noticeStart()).toBe('2027-05-04');
      const mails = await mailCount();
      expect(await sweepReleaseGovernance(t.ctx)).toEqual([release]);
      expect(await recordedVersion()).toBe(v2);
      const event = await t.ctx.db
        .selectFrom('audit_event')
        .select(['before', 'after'])
        .where('action', '=', 'release.policy_version_changed')
        .executeTakeFirstOrThrow();
      expect(event.before).toEqual({ policyVersion: 1 });
      expect(event.after).toMatchObject({
        policyVersion: 2,
        effectiveFrom: '2027-03-01',
        moved: [
          { id: 'rid_approval', from: '2027-08-04', to: '2027-05-04' },
          { id: 'notice_start', from: '2027-08-04', to: '2027-05-04' },
        ],
      });
      const sent = await t.ctx.db
        .selectFrom('outbox_message')
        .select(['to_address', 'subject'])
        .orderBy('id', 'desc')
        .limit(10)
        .execute();
      const recipients = sent.filter((m) => m.subject.includes('Policy version 2 now governs'));
      expect(recipients.map((m) => m.to_address).sort()).toEqual(
        [c.secas.email, c.chair.email, c.member.email].sort(),
      );
      expect(await mailCount()).toBe(mails + 3);
      expect((await detail()).policyChanges).toMatchObject([
        {
          fromVersion: 1,
          toVersion: 2,
          moved: [
            { id: 'rid_approval', to: '2027-05-04' },
            { id: 'notice_start', to: '2027-05-04' },
          ],
        },
      ]);
      const page = await t.app.inject({ method: 'GET', url: `/releases/${release}` });
      expect(page.body).toContain('Milestones moved by a new Policy version');
      expect(page.body).toContain('/rules#ruling-14');

      expect(await sweepReleaseGovernance(t.ctx)).toEqual([]);
      expect(await mailCount()).toBe(mails + 3);
    });

    it('Ruling 14, D10.15: from its freeze the release keeps its version; a later version moves nothing', async () => {
      await givenVersion(t, 3, '2027-06-01', 1);
      t.clock.set('2027-06-02T10:00:00Z');
      expect(await noticeStart()).toBe('2027-05-04');
      const events = await count(t, 'audit_event');
      expect(await sweepReleaseGovernance(t.ctx)).toEqual([]);
      expect(await recordedVersion()).toBe(v2);
      expect(await count(t, 'audit_event')).toBe(events);
    });
  },
);

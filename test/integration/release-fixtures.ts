import { DEFAULT_MECHANISMS, DEFAULT_PROSE } from '../../src/modules/policy/policy-defaults.ts';
import type { TestApp } from '../support/test-app.ts';

/** The Policy in force (the default mechanisms), approved and effective since February 2026. */
export async function givenPolicy(t: TestApp): Promise<number> {
  const row = await t.ctx.db
    .insertInto('policy_version')
    .values({
      number: 1,
      title: 'SEC Release Management Policy',
      status: 'approved',
      mechanisms: JSON.stringify(DEFAULT_MECHANISMS),
      prose: JSON.stringify(DEFAULT_PROSE),
      based_on_id: null,
      created_by: null,
      created_at: new Date('2026-01-05T10:00:00Z'),
      submitted_at: new Date('2026-01-06T10:00:00Z'),
      decided_on: '2026-02-01',
      decision_notes: null,
      effective_from: '2026-02-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A release row in a given status. */
export async function givenRelease(
  t: TestApp,
  policyId: number,
  name: string,
  status: string,
  goLive: string,
): Promise<number> {
  const row = await t.ctx.db
    .insertInto('release')
    .values({
      name,
      release_type: 'ad_hoc',
      go_live: goLive,
      status,
      policy_version_id: policyId,
      created_by: null,
      created_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An allocated modification with its current implementation date. */
export async function givenAllocatedModification(
  t: TestApp,
  reference: string,
  implementationDate: string,
): Promise<number> {
  const now = t.clock.now();
  const row = await t.ctx.db
    .insertInto('modification')
    .values({
      reference,
      title: `${reference} test modification`,
      proposer_org_id: null,
      path: 'path3',
      status: 'allocated',
      status_before_withdrawal: null,
      raised_on: '2026-01-10',
      withdrawn_at: null,
      adoption_deadline: null,
      dcc_testing_required: null,
      testing_solution: null,
      approved_on: '2026-10-01',
      approved_by: 'change_board',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.ctx.db
    .insertInto('implementation_timetable')
    .values({
      modification_id: row.id,
      implementation_date: implementationDate,
      source: 'decision',
      recorded_by: null,
      created_at: now,
      superseded_at: null,
    })
    .execute();
  return row.id;
}

/** A part of a modification allocated to a release. */
export async function givenAllocation(
  t: TestApp,
  releaseId: number,
  modificationId: number,
  part: string,
): Promise<number> {
  const row = await t.ctx.db
    .insertInto('allocation')
    .values({
      release_id: releaseId,
      modification_id: modificationId,
      part,
      exception_decision_id: null,
      allocated_by: null,
      allocated_at: t.clock.now(),
      descoped_at: null,
      descope_decision_id: null,
      implemented_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The audit actions recorded on a release, oldest first. */
export async function releaseActions(t: TestApp, id: number): Promise<string[]> {
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('subject_type', '=', 'release')
    .where('subject_id', '=', String(id))
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.action);
}

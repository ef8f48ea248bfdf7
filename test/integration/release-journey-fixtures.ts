import { DEFAULT_MECHANISMS, DEFAULT_PROSE } from '../../src/modules/policy/policy-defaults.ts';
import type { TestApp } from '../support/test-app.ts';

/** A SEC Release Management Policy version in force since 1 February 2026 (the default mechanisms). */
export async function givenPolicyInForce(t: TestApp): Promise<number> {
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

/** A Path 3 modification with `status` (approved ones approved by the Change Board on 1 October 2026). */
export async function givenModification(
  t: TestApp,
  reference: string,
  status: string,
): Promise<number> {
  const now = t.clock.now();
  const row = await t.ctx.db
    .insertInto('modification')
    .values({
      reference,
      title: `${reference} test modification`,
      proposer_org_id: null,
      path: 'path3',
      status,
      status_before_withdrawal: null,
      raised_on: '2026-01-10',
      withdrawn_at: null,
      adoption_deadline: null,
      dcc_testing_required: null,
      testing_solution: null,
      approved_on: status === 'approved' ? '2026-10-01' : null,
      approved_by: status === 'approved' ? 'change_board' : null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

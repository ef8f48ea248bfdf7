import { givenOrganisation, givenUser, type TestApp, type TestUser } from '../support/test-app.ts';
import { givenCast, type Cast } from './modification-fixtures.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';

/** The appeal tests' people: the modification cast plus a DCC user and a consumer body's user. */
export interface AppealCast extends Cast {
  dcc: TestUser;
  dccOrg: number;
  consumer: TestUser;
}

export async function givenAppealCast(t: TestApp): Promise<AppealCast> {
  const cast = await givenCast(t);
  const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc');
  const consumerOrg = await givenOrganisation(t.ctx, 'Citizens Advice', 'consumer_body');
  return {
    ...cast,
    dcc: await givenUser(t.ctx, 'dcc', { organisationId: dccOrg }),
    dccOrg,
    // A consumer body is not a Party: even with the party role its people cannot appeal.
    consumer: await givenUser(t.ctx, 'party', { organisationId: consumerOrg }),
  };
}

const policies = new WeakMap<TestApp, Promise<number>>();

/** A release (go-live 25 February 2027) governed by the default Policy (created once per app). */
export async function givenAppealRelease(t: TestApp, name = 'February 2027 SEC Release') {
  let policyId = policies.get(t);
  if (policyId === undefined) {
    policyId = givenPolicy(t);
    policies.set(t, policyId);
  }
  return givenRelease(t, await policyId, name, 'planned', '2027-02-25');
}

/** Rows in a table. */
export async function countRows(
  t: TestApp,
  table: 'rid_appeal' | 'audit_event' | 'outbox_message',
): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

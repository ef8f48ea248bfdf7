import { givenOrganisation, givenUser, type TestApp, type TestUser } from '../support/test-app.ts';
import { givenCast, type Cast } from './modification-fixtures.ts';
import { givenApprovedRid, givenPolicy, givenRelease } from '../support/release-fixtures.ts';

/** The people and releases of the testing tests. */
export interface TestingWorld {
  c: Cast;
  dcc: TestUser;
  /** In test, go-live 25 February 2027, with an approved RID (ridSections()). */
  february: number;
  /** Planned, no RID approved. */
  june: number;
}

export async function givenTestingWorld(t: TestApp): Promise<TestingWorld> {
  const c = await givenCast(t);
  const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc', null, false);
  const dcc = await givenUser(t.ctx, 'dcc', { organisationId: dccOrg });
  const policyId = await givenPolicy(t);
  const february = await givenRelease(
    t,
    policyId,
    'February 2027 SEC Release',
    'in_test',
    '2027-02-25',
  );
  const june = await givenRelease(t, policyId, 'June 2027 SEC Release', 'planned', '2027-06-24');
  await givenApprovedRid(t, february);
  return { c, dcc, february, june };
}

/** Rows in one of the testing tables. */
export async function rows(
  t: TestApp,
  table: 'test_phase' | 'readiness_report' | 'test_evidence' | 'audit_event',
): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The audit actions of the testing module, oldest first. */
export async function testingActions(t: TestApp): Promise<string[]> {
  const events = await t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('subject_type', 'in', ['test_phase', 'readiness_report'])
    .orderBy('seq')
    .execute();
  return events.map((e) => e.action);
}

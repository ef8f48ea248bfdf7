import type { RidSections } from '../../src/modules/rid/rid-sections.ts';
import { givenOrganisation, givenUser, type TestApp, type TestUser } from '../support/test-app.ts';
import { givenCast, type Cast } from './modification-fixtures.ts';
import { givenPolicy, givenRelease } from './release-fixtures.ts';

/** A complete set of RID sections (D10.13(a)–(f)); override what a test needs. */
export function ridSections(overrides: Partial<RidSections> = {}): RidSections {
  return {
    contentNotes: 'The modifications allocated to the release.',
    timescales: {
      dccTestingStart: '2026-10-01',
      dccTestingEnd: '2026-12-18',
      userTestingStart: '2027-01-04',
      userTestingEnd: '2027-02-05',
      milestones: [],
      notes: '',
    },
    reporting: {
      frequency: 'fortnightly',
      firstReportDue: '2026-10-15',
      measures: ['SIT test cases passed (%)', 'Open critical defects', 'Environments ready'],
      notes: '',
    },
    dccTesting: 'System Integration Testing of the DCC Systems changes.',
    userTesting: { requirements: 'User Integration Testing', dccSupport: 'Test environments' },
    goLiveCriteria: [
      { id: 'GL1', text: 'DCC SIT complete with no open critical defects' },
      { id: 'GL2', text: 'The DCC confirms operational readiness' },
    ],
    free: [],
    ...overrides,
  };
}

/** An approved RID version of a release, inserted directly (the RID module's own tests approve them). */
export async function givenApprovedRid(
  t: TestApp,
  releaseId: number,
  sections: RidSections = ridSections(),
): Promise<number> {
  const last = await t.ctx.db
    .selectFrom('rid_version')
    .select('number')
    .where('release_id', '=', releaseId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  const row = await t.ctx.db
    .insertInto('rid_version')
    .values({
      release_id: releaseId,
      number: (last?.number ?? 0) + 1,
      status: 'approved',
      sections: JSON.stringify(sections),
      created_by: null,
      created_at: t.clock.now(),
      approved_on: '2026-09-10',
      published_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The people and releases of the testing tests. */
export interface TestingWorld {
  c: Cast;
  dcc: TestUser;
  /** In test, go-live 25 February 2027, with an approved RID (ridSections()). */
  february: number;
  /** Scoped, no RID approved. */
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
  const june = await givenRelease(t, policyId, 'June 2027 SEC Release', 'scoped', '2027-06-24');
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

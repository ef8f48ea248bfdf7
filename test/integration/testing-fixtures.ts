import type { RidSections } from '../../src/modules/rid/rid-sections.ts';
import type { TestApp } from '../support/test-app.ts';

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

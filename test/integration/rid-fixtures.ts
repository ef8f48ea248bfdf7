import type { TestApp } from '../support/test-app.ts';

/** A Panel meeting row held on `heldOn`. */
export async function givenMeeting(t: TestApp, heldOn: string): Promise<number> {
  const row = await t.ctx.db
    .insertInto('panel_meeting')
    .values({ held_on: heldOn, kind: 'ordinary', papers_due: heldOn, created_at: t.clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A TAD version row of a release in a given status. */
export async function givenTadVersion(
  t: TestApp,
  releaseId: number,
  number: number,
  status: 'draft' | 'submitted' | 'reviewed' | 'effective' | 'superseded',
): Promise<number> {
  const row = await t.ctx.db
    .insertInto('tad_version')
    .values({
      release_id: releaseId,
      number,
      status,
      objectives: `Objectives of TAD ${number}: assurance that DCC SIT covers every change`,
      strategy: `Strategy of TAD ${number}: risk-based regression`,
      consequences: `Consequences of TAD ${number}: costs and risks in business terms`,
      created_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every D10.13 section (b)–(f) defined, as a real SEC release RID reads. */
export const COMPLETE_SECTIONS = {
  contentNotes: 'Document changes only; no change to DCC Systems.',
  timescales: {
    dccTestingStart: '2026-12-01',
    dccTestingEnd: '2027-01-15',
    userTestingStart: '2027-01-18',
    userTestingEnd: '2027-02-12',
    milestones: [{ name: 'Release readiness confirmed', date: '2027-02-18' }],
    notes: '',
  },
  reporting: {
    frequency: 'fortnightly',
    firstReportDue: '2026-12-04',
    measures: ['Test cases executed', 'Test cases passed', 'Open severity 1–2 defects'],
    notes: '',
  },
  dccTesting: 'DCC System Integration Testing (SIT) of every change, then full regression testing.',
  userTesting: {
    requirements: 'Users may test in the User Integration Testing (UIT) window.',
    dccSupport: 'The DCC provides the UIT environment and a testing helpdesk.',
  },
  goLiveCriteria: [
    { id: 'GL1', text: 'All severity 1 and 2 defects closed' },
    { id: 'GL2', text: 'Regression testing passed' },
  ],
  free: [{ key: 'risks', text: 'Environment availability during the UIT window.' }],
};

/** The audit actions on one RID version, oldest first. */
export async function ridActions(t: TestApp, versionId: number): Promise<string[]> {
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('subject_type', '=', 'rid_version')
    .where('subject_id', '=', String(versionId))
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.action);
}

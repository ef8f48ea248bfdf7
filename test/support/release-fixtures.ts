import type { RidSections } from '../../src/modules/rid/rid-sections.ts';
import { emptyRidSections } from '../../src/modules/rid/rid-sections.ts';
import type { RidContentItem } from '../../src/modules/rid/rid-content.ts';
import { DEFAULT_MECHANISMS, DEFAULT_PROSE } from '../../src/modules/policy/policy-defaults.ts';
import type { TestApp } from './test-app.ts';

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

/** A release row in a given status (an ad hoc release unless `releaseType` says otherwise). */
export async function givenRelease(
  t: TestApp,
  policyId: number,
  name: string,
  status: string,
  goLive: string,
  releaseType = 'ad_hoc',
): Promise<number> {
  const row = await t.ctx.db
    .insertInto('release')
    .values({
      name,
      release_type: releaseType,
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

/**
 * A Path 3 modification with `status`; approved and allocated ones were approved by the Change
 * Board on 1 October 2026.
 */
export async function givenModification(
  t: TestApp,
  reference: string,
  status: string,
): Promise<number> {
  const now = t.clock.now();
  const approved = status === 'approved' || status === 'allocated';
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
      approved_on: approved ? '2026-10-01' : null,
      approved_by: approved ? 'change_board' : null,
      created_at: now,
      updated_at: now,
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
  const id = await givenModification(t, reference, 'allocated');
  await t.ctx.db
    .insertInto('implementation_timetable')
    .values({
      modification_id: id,
      implementation_date: implementationDate,
      source: 'decision',
      recorded_by: null,
      created_at: t.clock.now(),
      superseded_at: null,
    })
    .execute();
  return id;
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

/**
 * D10.13(a): the release's parts in force as a RID version freezes them when it is submitted
 * (no SEC documents named).
 */
export async function contentOf(t: TestApp, releaseId: number): Promise<RidContentItem[]> {
  const rows = await t.ctx.db
    .selectFrom('allocation')
    .innerJoin('modification', 'modification.id', 'allocation.modification_id')
    .select([
      'allocation.modification_id',
      'modification.reference',
      'modification.title',
      'allocation.part',
      'allocation.description',
      'allocation.dcc_impacting',
    ])
    .where('allocation.release_id', '=', releaseId)
    .where('allocation.descoped_at', 'is', null)
    .orderBy('allocation.id')
    .execute();
  return rows.map((row) => ({
    modificationId: row.modification_id,
    reference: row.reference,
    title: row.title,
    part: row.part,
    description: row.description,
    dccImpacting: row.dcc_impacting,
    documents: [],
  }));
}

/**
 * An approved RID version of a release, inserted directly (the RID module's own tests approve
 * them), its content (D10.13(a), ruling 15) the release's parts allocated so far.
 */
export async function givenApprovedRid(
  t: TestApp,
  releaseId: number,
  sections: RidSections = ridSections(),
): Promise<number> {
  const content = await contentOf(t, releaseId);
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
      content_snapshot: JSON.stringify(content),
      created_by: null,
      created_at: t.clock.now(),
      approved_on: '2026-09-10',
      published_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A RID version of `releaseId` inserted directly (the RID module's actions are not needed here):
 * `status` approved or superseded with its approval date, published at `publishedAt` (or not).
 */
export async function givenRidVersion(
  t: TestApp,
  releaseId: number,
  number: number,
  options: {
    status?: 'draft' | 'submitted' | 'approved' | 'superseded' | 'withdrawn';
    approvedOn?: string | null;
    publishedAt?: string | null;
  } = {},
): Promise<number> {
  const status = options.status ?? 'approved';
  const approved = status === 'approved' || status === 'superseded';
  const row = await t.ctx.db
    .insertInto('rid_version')
    .values({
      release_id: releaseId,
      number,
      status,
      sections: JSON.stringify(emptyRidSections()),
      created_at: new Date('2026-10-01T09:00:00Z'),
      approved_on: options.approvedOn ?? (approved ? '2026-12-11' : null),
      published_at:
        options.publishedAt === undefined || options.publishedAt === null
          ? null
          : new Date(options.publishedAt),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * D10.8(c): a notice of a release issued to all Parties at `issuedAt`, inserted directly (the
 * notice module's tests issue them).
 */
export async function givenNotice(
  t: TestApp,
  releaseId: number,
  issuedAt: string,
  subject = 'Notice of the release',
): Promise<number> {
  const row = await t.ctx.db
    .insertInto('release_notice')
    .values({
      release_id: releaseId,
      subject,
      body: 'The release goes live as planned.',
      issued_by: null,
      issued_at: new Date(issuedAt),
      recipients: 3,
      mandatory_recipients: 2,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * D6.8(e): the modification lists Sections A and D among the documents it changes — what legal
 * text drafted on SECMP0061's text (A1.1, D6.8, D10) must have once it is past refinement.
 */
export async function givenSectionsAAndD(t: TestApp, modificationId: number): Promise<void> {
  const now = t.clock.now();
  await t.ctx.db
    .insertInto('sec_document')
    .values([
      {
        id: 'section-a',
        kind: 'section',
        code: 'Section A',
        title: 'Definitions and Interpretation',
        created_at: now,
        updated_at: now,
      },
      {
        id: 'section-d',
        kind: 'section',
        code: 'Section D',
        title: 'Modification Process',
        created_at: now,
        updated_at: now,
      },
    ])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await t.ctx.db
    .insertInto('modification_document')
    .values([
      { modification_id: modificationId, document_id: 'section-a' },
      { modification_id: modificationId, document_id: 'section-d' },
    ])
    .execute();
}

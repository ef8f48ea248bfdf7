import { emptyRidSections } from '../../src/modules/rid/rid-sections.ts';
import { givenOrganisation, givenUser, type TestApp, type TestUser } from '../support/test-app.ts';
import { givenCast, type Cast } from './modification-fixtures.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';

/** The people of the auditor tests: the modification cast, the DCC and two audit firms. */
export interface AuditorCast extends Cast {
  dcc: TestUser;
  /** An External Auditor of Harbour & Finch LLP (kind auditor). */
  auditor: TestUser;
  /** A colleague at the same firm. */
  colleague: TestUser;
  /** An External Auditor of another firm. */
  rival: TestUser;
  firm: number;
  rivalFirm: number;
  /** Two releases: the audited one and another. */
  audited: number;
  other: number;
}

export async function givenAuditorCast(t: TestApp): Promise<AuditorCast> {
  const cast = await givenCast(t);
  const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc', null, false);
  const firm = await givenOrganisation(t.ctx, 'Harbour & Finch LLP', 'auditor', null, false);
  const rivalFirm = await givenOrganisation(
    t.ctx,
    'Moorgate Assurance LLP',
    'auditor',
    null,
    false,
  );
  const policyId = await givenPolicy(t);
  return {
    ...cast,
    dcc: await givenUser(t.ctx, 'dcc', { organisationId: dccOrg }),
    auditor: await givenUser(t.ctx, 'external_auditor', { organisationId: firm }),
    colleague: await givenUser(t.ctx, 'external_auditor', { organisationId: firm }),
    rival: await givenUser(t.ctx, 'external_auditor', { organisationId: rivalFirm }),
    firm,
    rivalFirm,
    audited: await givenRelease(t, policyId, 'June 2027 SEC Release', 'planned', '2027-06-24'),
    other: await givenRelease(t, policyId, 'November 2027 SEC Release', 'planned', '2027-11-04'),
  };
}

const PDF = new TextEncoder().encode('%PDF-1.4 SIT exit report');

/**
 * The records of a release as the other modules keep them: a RID version, a test phase with
 * results and an evidence file, a readiness report and a DCC information request with its
 * response. Returns the evidence file's id.
 */
export async function givenReleaseRecords(t: TestApp, releaseId: number, tag: string) {
  const db = t.ctx.db;
  const now = t.clock.now();
  await db
    .insertInto('rid_version')
    .values({
      release_id: releaseId,
      number: 1,
      status: 'approved',
      sections: JSON.stringify({
        ...emptyRidSections(),
        contentNotes: `${tag} content`,
        dccTesting: `${tag} DCC testing`,
        goLiveCriteria: [{ id: 'GL1', text: 'No open severity 1 defects' }],
      }),
      created_at: now,
      approved_on: '2026-11-02',
    })
    .execute();
  const phase = await db
    .insertInto('test_phase')
    .values({
      release_id: releaseId,
      name: `${tag} SIT`,
      kind: 'dcc_sit',
      planned_start: '2027-01-04',
      planned_end: '2027-02-26',
      status: 'in_progress',
      tests_passed: 412,
      tests_failed: 9,
      defects: JSON.stringify({ severity1: 0, severity2: 3 }),
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('readiness_report')
    .values({
      release_id: releaseId,
      period_due: '2026-11-20',
      measures: JSON.stringify([{ name: 'Tests run', value: 421 }]),
      summary: `${tag} on track`,
      submitted_at: now,
    })
    .execute();
  const evidence = await db
    .insertInto('test_evidence')
    .values({
      release_id: releaseId,
      test_phase_id: phase.id,
      filename: `${tag} SIT exit report.pdf`,
      content_type: 'application/pdf',
      size_bytes: PDF.length,
      data: PDF,
      uploaded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('dcc_info_request')
    .values({
      release_id: releaseId,
      subject: `${tag} regression scope`,
      due_date: '2026-12-04',
      status: 'answered',
      requested_at: now,
      response: `${tag} regression covers DUIS`,
      responded_at: now,
    })
    .execute();
  return { evidenceId: evidence.id, bytes: PDF };
}

/** How many audit events of `action` a release has. */
export async function releaseEvents(t: TestApp, releaseId: number, action: string) {
  return t.ctx.db
    .selectFrom('audit_event')
    .select(['after', 'actor_id'])
    .where('subject_type', '=', 'release')
    .where('subject_id', '=', String(releaseId))
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

/** The outbox messages to one address. */
export async function mailTo(t: TestApp, email: string) {
  return t.ctx.db
    .selectFrom('outbox_message')
    .select(['subject', 'body_text'])
    .where('to_address', '=', email)
    .orderBy('id')
    .execute();
}

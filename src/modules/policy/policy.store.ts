import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { PolicyVersionTable } from '../../db/schema.ts';
import { memoRead } from '../../db/read-memo.ts';
import { AppError } from '../../errors.ts';
import type { PolicyMechanisms } from './policy-mechanisms.ts';
import type { PolicySection, PolicyVersion } from './policy.ts';

export type PolicyVersionRow = Selectable<PolicyVersionTable>;

/** JSON columns come back parsed from pg and PGlite alike; text is parsed just in case. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

export function toPolicyVersion(row: PolicyVersionRow): PolicyVersion {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    status: row.status,
    mechanisms: json(row.mechanisms) as PolicyMechanisms,
    prose: json(row.prose) as PolicySection[],
    basedOnId: row.based_on_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
    decidedOn: row.decided_on,
    decisionMeetingId: row.decision_meeting_id,
    decisionNotes: row.decision_notes,
    effectiveFrom: row.effective_from,
    version: row.version,
    consultationWorkingDays: row.consultation_working_days,
  };
}

/** Every version, newest first. */
export async function listPolicyVersions(db: Db): Promise<PolicyVersion[]> {
  // Issue 12: the milestones, the freeze and the RID read the versions; once per request.
  const rows = await memoRead(db, 'policy_version:all', () =>
    db.selectFrom('policy_version').selectAll().orderBy('number', 'desc').execute(),
  );
  return rows.map(toPolicyVersion);
}

/** The submitted versions (waiting for the Panel's decision), oldest first. */
export async function listSubmittedPolicyVersions(db: Db): Promise<PolicyVersion[]> {
  const rows = await db
    .selectFrom('policy_version')
    .selectAll()
    .where('status', '=', 'submitted')
    .orderBy('number')
    .execute();
  return rows.map(toPolicyVersion);
}

export async function findPolicyVersion(db: Db, id: number): Promise<PolicyVersion | undefined> {
  const row = await db
    .selectFrom('policy_version')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toPolicyVersion(row) : undefined;
}

/** Loads and locks a version in a use case; a stale `expectedVersion` is refused (409). */
export async function lockPolicyVersion(
  trx: Tx,
  id: number,
  expectedVersion?: number,
): Promise<PolicyVersion> {
  const row = await trx
    .selectFrom('policy_version')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no Policy version ${id}`);
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      `Version ${row.number} of the Policy has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
  return toPolicyVersion(row);
}

/** Locks every version, so that a new draft's number and the one-draft rule are read alone. */
export async function lockPolicyVersions(trx: Tx): Promise<void> {
  await trx.selectFrom('policy_version').select('id').forUpdate().execute();
}

/** A new draft as createPolicyVersion has checked it. */
export type NewPolicyVersionRecord = Pick<
  PolicyVersion,
  'number' | 'title' | 'mechanisms' | 'prose' | 'basedOnId' | 'createdBy' | 'createdAt'
> & { consultationWorkingDays?: number | undefined };

export async function insertPolicyVersion(
  trx: Tx,
  v: NewPolicyVersionRecord,
): Promise<PolicyVersion> {
  const row = await trx
    .insertInto('policy_version')
    .values({
      number: v.number,
      title: v.title,
      mechanisms: JSON.stringify(v.mechanisms),
      prose: JSON.stringify(v.prose),
      based_on_id: v.basedOnId,
      created_by: v.createdBy,
      created_at: v.createdAt,
      ...(v.consultationWorkingDays === undefined
        ? {}
        : { consultation_working_days: v.consultationWorkingDays }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPolicyVersion(row);
}

/** What a use case changes of a version. */
export type PolicyVersionChanges = Partial<
  Pick<
    PolicyVersion,
    | 'title'
    | 'mechanisms'
    | 'prose'
    | 'status'
    | 'submittedAt'
    | 'decidedOn'
    | 'decisionMeetingId'
    | 'decisionNotes'
    | 'effectiveFrom'
    | 'consultationWorkingDays'
  >
>;

/** Stores the changes and the next version number; returns the version as stored. */
export async function updatePolicyVersionRow(
  trx: Tx,
  id: number,
  changes: PolicyVersionChanges,
): Promise<PolicyVersion> {
  const row = await trx
    .updateTable('policy_version')
    .set((eb) => ({
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.mechanisms === undefined
        ? {}
        : { mechanisms: JSON.stringify(changes.mechanisms) }),
      ...(changes.prose === undefined ? {} : { prose: JSON.stringify(changes.prose) }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
      ...(changes.submittedAt === undefined ? {} : { submitted_at: changes.submittedAt }),
      ...(changes.decidedOn === undefined ? {} : { decided_on: changes.decidedOn }),
      ...(changes.decisionMeetingId === undefined
        ? {}
        : { decision_meeting_id: changes.decisionMeetingId }),
      ...(changes.decisionNotes === undefined ? {} : { decision_notes: changes.decisionNotes }),
      ...(changes.effectiveFrom === undefined ? {} : { effective_from: changes.effectiveFrom }),
      ...(changes.consultationWorkingDays === undefined
        ? {}
        : { consultation_working_days: changes.consultationWorkingDays }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPolicyVersion(row);
}

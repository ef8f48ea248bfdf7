import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PolicyVersionTable } from '../../db/schema.ts';
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
    decisionNotes: row.decision_notes,
    effectiveFrom: row.effective_from,
    version: row.version,
  };
}

/** Every version, newest first. */
export async function listPolicyVersions(db: Kysely<DB>): Promise<PolicyVersion[]> {
  const rows = await db
    .selectFrom('policy_version')
    .selectAll()
    .orderBy('number', 'desc')
    .execute();
  return rows.map(toPolicyVersion);
}

export async function findPolicyVersion(
  db: Kysely<DB>,
  id: number,
): Promise<PolicyVersion | undefined> {
  const row = await db
    .selectFrom('policy_version')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toPolicyVersion(row) : undefined;
}

/** Loads and locks a version in a use case; a stale `expectedVersion` is refused (409). */
export async function lockPolicyVersion(
  trx: Transaction<DB>,
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

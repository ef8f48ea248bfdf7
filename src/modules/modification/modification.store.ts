import type { Kysely, Selectable, Transaction } from 'kysely';
import type { UnitOfWork } from '../../app-context.ts';
import type { DB, ModificationTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import {
  STATUS_NAMES,
  canTransition,
  isStatus,
  type Path,
  type Status,
  type TransitionCause,
} from './modification.ts';

export type ModificationRow = Selectable<ModificationTable>;

/** A modification as rules see it: the row with its status and path typed. */
export interface Modification extends Omit<ModificationRow, 'status' | 'path'> {
  status: Status;
  path: Path | null;
}

export function toModification(row: ModificationRow): Modification {
  if (!isStatus(row.status))
    throw new Error(`modification ${row.id} has unknown status ${row.status}`);
  return { ...row, status: row.status, path: row.path };
}

export async function findModification(
  db: Kysely<DB>,
  id: number,
): Promise<Modification | undefined> {
  const row = await db
    .selectFrom('modification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toModification(row) : undefined;
}

/**
 * Loads a modification inside a use case's transaction and locks its row, so two changes to the
 * same modification queue up. With `expectedVersion`, a caller that read an older version is
 * refused (`stale_version`) instead of overwriting what it never saw.
 */
export async function lockModification(
  trx: Transaction<DB>,
  id: number,
  expectedVersion?: number,
): Promise<Modification> {
  const row = await trx
    .selectFrom('modification')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such modification');
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new AppError(
      'stale_version',
      `${row.reference} has changed since you opened it: reload and try again`,
      {
        field: 'version',
      },
    );
  }
  return toModification(row);
}

/** Marks the modification changed: bumps its version and updated time. */
export async function touchModification(unit: UnitOfWork, id: number): Promise<number> {
  const row = await unit.trx
    .updateTable('modification')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: unit.now }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/**
 * Moves a modification to `to` if the lifecycle table allows it for this cause and path
 * (`invalid_transition` otherwise), and records the step in the audit trail with its reason.
 */
export async function moveStatus(
  unit: UnitOfWork,
  modification: Modification,
  to: Status,
  cause: TransitionCause,
  reason: string | null,
  extra: Partial<
    Pick<
      ModificationRow,
      | 'approved_on'
      | 'approved_by'
      | 'status_before_withdrawal'
      | 'withdrawn_at'
      | 'adoption_deadline'
    >
  > = {},
): Promise<void> {
  if (!canTransition(modification.status, to, cause, modification.path)) {
    throw new AppError(
      'invalid_transition',
      `${modification.reference} cannot move from ${STATUS_NAMES[modification.status]} to ${STATUS_NAMES[to]}`,
      { field: 'status' },
    );
  }
  await unit.trx
    .updateTable('modification')
    .set((eb) => ({ status: to, version: eb('version', '+', 1), updated_at: unit.now, ...extra }))
    .where('id', '=', modification.id)
    .execute();
  await unit.audit({
    action: 'modification.status_changed',
    subjectType: 'modification',
    subjectId: String(modification.id),
    before: { status: modification.status },
    after: { status: to, cause, ...extra },
    reason,
  });
}

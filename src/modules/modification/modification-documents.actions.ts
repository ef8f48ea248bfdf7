import type { Transaction } from 'kysely';
import { inTransaction, type AppContext } from '../../app-context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import type { StepOutcome } from './modification.actions.ts';
import { isDecided } from './modification.ts';
import { canSetModificationDocuments } from './modification.access.ts';
import { lockModification, touchModification } from './modification.store.ts';
import { actorOf } from '../identity/identity.ts';

/**
 * The catalogue entries `ids` name, all existing; entries not in `keep` must not be retired.
 * Throws `validation_failed` on `documentIds` naming the first one at fault.
 */
export async function checkDocuments(
  trx: Transaction<DB>,
  ids: readonly string[],
  keep: readonly string[] = [],
): Promise<string[]> {
  const unique = [...new Set(ids.map((id) => id.trim()))];
  if (unique.length === 0) return [];
  const rows = await trx
    .selectFrom('sec_document')
    .select(['id', 'title', 'retired'])
    .where('id', 'in', unique)
    .execute();
  for (const id of unique) {
    const row = rows.find((candidate) => candidate.id === id);
    if (!row) throw invalid('documentIds', `The catalogue has no document with id ${id}`);
    if (row.retired && !keep.includes(id))
      throw invalid('documentIds', `${row.title} is retired from the catalogue`);
  }
  return unique;
}

/**
 * The Code Administrator records which SEC documents the modification changes, until it is
 * decided. Entries already on it may stay when retired; new ones must be current. Audited
 * `modification.documents_changed` with before and after.
 */
export async function setModificationDocuments(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { documentIds: readonly string[]; version: number },
): Promise<StepOutcome> {
  if (!principal) throw new AppError('unauthenticated');
  if (!canSetModificationDocuments(principal)) {
    throw new AppError(
      'forbidden',
      'Only the Code Administrator records the documents a modification changes',
    );
  }
  const editor = principal;
  return inTransaction(ctx, actorOf(editor), async (unit) => {
    const modification = await lockModification(unit.trx, id, input.version);
    if (isDecided(modification.status)) {
      throw new AppError(
        'invalid_transition',
        `${modification.reference} has been decided: the documents it changes are fixed`,
        {
          field: 'documentIds',
        },
      );
    }
    const current = await unit.trx
      .selectFrom('modification_document')
      .select('document_id')
      .where('modification_id', '=', id)
      .orderBy('document_id')
      .execute();
    const before = current.map((row) => row.document_id);
    const after = (await checkDocuments(unit.trx, input.documentIds, before)).sort();
    await unit.trx.deleteFrom('modification_document').where('modification_id', '=', id).execute();
    if (after.length > 0) {
      await unit.trx
        .insertInto('modification_document')
        .values(after.map((document_id) => ({ modification_id: id, document_id })))
        .execute();
    }
    const version = await touchModification(unit, id);
    await unit.audit({
      action: 'modification.documents_changed',
      subjectType: 'modification',
      subjectId: String(id),
      before: { documentIds: before },
      after: { documentIds: after },
    });
    return { id, reference: modification.reference, status: modification.status, version };
  });
}

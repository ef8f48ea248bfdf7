import { inTransaction, type AppContext, type Tx } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { isDecided, type StepOutcome } from './modification.ts';
import { canSetModificationDocuments } from './modification.access.ts';
import { checkDocumentChoice, uniqueDocumentIds } from './modification-register.ts';
import {
  documentIdsOf,
  findDocuments,
  lockModification,
  replaceDocuments,
  touchModification,
} from './modification.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

/**
 * The catalogue entries `ids` name, all existing; entries not in `keep` must not be retired.
 * Throws `validation_failed` on `documentIds` naming the first one at fault.
 */
export async function checkDocuments(
  trx: Tx,
  ids: readonly string[],
  keep: readonly string[] = [],
): Promise<string[]> {
  const unique = uniqueDocumentIds(ids);
  if (unique.length === 0) return [];
  const problem = checkDocumentChoice(unique, await findDocuments(trx, unique), keep);
  if (problem) throw invalid(problem.field, problem.message);
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
  const editor = requireActor(
    principal,
    canSetModificationDocuments,
    'Only the Code Administrator records the documents a modification changes',
  );
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
    const before = await documentIdsOf(unit.trx, id);
    const after = (await checkDocuments(unit.trx, input.documentIds, before)).sort();
    await replaceDocuments(unit.trx, id, after);
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

import { inTransaction, type AppContext, type Tx, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal, SubCommittee } from '../identity/identity.ts';
import { isDecided, type StepOutcome } from './modification.ts';
import { canSetModificationDocuments } from './modification.access.ts';
import { checkDocumentChoice, uniqueDocumentIds } from './modification-register.ts';
import {
  documentIdsOf,
  findDocuments,
  lockModification,
  replaceDocuments,
  touchModification,
  type Modification,
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

/** D6.8(f)–(i): a modification returned to refinement by a change of its documents, and why. */
export interface ReturnedToRefinement {
  reason: string;
  /** The sub-committees whose views became mandatory and have not been sought. */
  bodies: SubCommittee[];
}

/**
 * What a change of documents asks of refinement, inside the same transaction once the
 * modification's row is locked and its documents replaced. The modification module comes
 * before refinement and cannot import it, so the caller (the web layer, the demo) hands in the
 * refinement module's `documentChangeRules` (consultation-reevaluation.actions.ts).
 */
export interface DocumentChangeRules {
  /**
   * D6.8(f)–(i): re-runs the consultation rules on the new documents; after refinement, returns
   * the modification to refinement where a body's views became mandatory and were not sought.
   */
  documentsChanged(
    unit: UnitOfWork,
    modification: Modification,
    before: readonly string[],
  ): Promise<ReturnedToRefinement | null>;
}

/**
 * The Code Administrator records which SEC documents the modification changes, until it is
 * decided. Entries already on it may stay when retired; new ones must be current. Audited
 * `modification.documents_changed` with before and after. The consultation rules of
 * D6.8(f)–(i) run again (`rules`): after refinement, a change that makes a sub-committee's views
 * newly mandatory returns the modification to refinement, with the reason.
 */
export async function setModificationDocuments(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { documentIds: readonly string[]; version: number },
  rules: DocumentChangeRules,
): Promise<StepOutcome & { returnedToRefinement: ReturnedToRefinement | null }> {
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
    await unit.audit({
      action: 'modification.documents_changed',
      subjectType: 'modification',
      subjectId: String(id),
      before: { documentIds: before },
      after: { documentIds: after },
    });
    const returned = await rules.documentsChanged(unit, modification, before);
    const version = await touchModification(unit, id);
    return {
      id,
      reference: modification.reference,
      status: returned ? 'refinement' : modification.status,
      version,
      returnedToRefinement: returned,
    };
  });
}

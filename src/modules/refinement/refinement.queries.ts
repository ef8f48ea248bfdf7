import type { Db, Tx } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { assertLegalTextCovered } from '../code-text/code-authoring.actions.ts';
import type { LifecycleChecks } from '../modification/modification-lifecycle.actions.ts';
import { findModification, type Modification } from '../modification/modification.queries.ts';
import { unsoughtViews } from './consultation-rules.ts';
import { completionBlockers, type Blocker } from './refinement.ts';
import { loadChecklist, loadConsultationState } from './refinement.store.ts';

/** D6.8: every reason the modification cannot leave refinement yet (empty when it can). */
export async function refinementBlockers(db: Db, modification: Modification): Promise<Blocker[]> {
  const items = await loadChecklist(db, modification.id);
  const state = await loadConsultationState(db, modification.id);
  const requested = state.requests.map((request) => request.body);
  return completionBlockers({
    items,
    dccTesting: {
      required: modification.dcc_testing_required,
      testingSolution: modification.testing_solution,
    },
    unsought: unsoughtViews(state.consultations, requested),
  });
}

/**
 * D6.8: refuses (with the first blocker's error code, its message naming every open purpose,
 * the missing testing solution or the bodies not asked and why) unless refinement may complete.
 * Call it inside the transaction that moves the modification on, after locking its row.
 */
export async function assertRefinementComplete(trx: Tx, modificationId: number): Promise<void> {
  const modification = await findModification(trx, modificationId);
  if (!modification) throw new AppError('not_found', 'No such modification');
  const blockers = await refinementBlockers(trx, modification);
  const [first] = blockers;
  if (first === undefined) return;
  const sameCode = blockers.filter((blocker) => blocker.code === first.code);
  throw new AppError(first.code, sameCode.map((blocker) => blocker.message).join('. '));
}

/**
 * What the modification lifecycle asks of refinement before a step (it cannot import the modules
 * after it): the web layer and the demo hand these to `progressModification`, and
 * `completeRefinement` applies them. D6.8, and D6.8(e) for the legal text: refinement completes
 * only when its own record is complete and the documents list every Section the legal text
 * changes (`legal_text_documents_missing`, code-coverage.ts rule 1), by whichever route.
 */
export const lifecycleChecks: LifecycleChecks = {
  refinementComplete: async (trx, modificationId) => {
    await assertRefinementComplete(trx, modificationId);
    await assertLegalTextCovered(trx, modificationId, 'refinement');
  },
};

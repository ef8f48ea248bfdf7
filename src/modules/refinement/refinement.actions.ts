import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid, requiredText } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { STATUS_NAMES } from '../modification/modification.ts';
import {
  lockModification,
  moveStatus,
  touchModification,
  type Modification,
} from '../modification/modification.queries.ts';
import {
  canCompleteRefinement,
  canDecideDccTesting,
  canRecordConclusion,
  canRecordTestingSolution,
} from './refinement.access.ts';
import { MAX_TEXT_LENGTH, isRefinementOpen, purposeInfo, type Purpose } from './refinement.ts';
import { lifecycleChecks } from './refinement.queries.ts';
import {
  ensureChecklist,
  lockChecklistItem,
  saveConclusion,
  saveDccTesting,
} from './refinement.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

/** D6.8: refinement work is recorded only while the modification is a proposal or in refinement. */
export function requireRefinementOpen(modification: Modification, what: string): void {
  if (!isRefinementOpen(modification.status)) {
    throw new AppError(
      'invalid_transition',
      `${modification.reference} is at ${STATUS_NAMES[modification.status]}: ${what} can only be recorded during refinement`,
      { field: 'status' },
    );
  }
}

export interface RecordedConclusion {
  purpose: Purpose;
  conclusion: string;
  concludedBy: string;
  concludedAt: Date;
  version: number;
}

/**
 * D6.8(a)–(l): records the Working Group's conclusion on one purpose. SECAS or the Panel Chair;
 * only while the modification is a proposal or in refinement; refused with `stale_version` when
 * the item changed since `version` was read. Audited as `refinement.concluded`.
 */
export async function recordConclusion(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  purpose: Purpose,
  input: { conclusion: string; version: number },
): Promise<RecordedConclusion> {
  const actor = actorOf(requireActor(principal, canRecordConclusion));
  const conclusion = requiredText(
    'conclusion',
    input.conclusion,
    'the conclusion',
    MAX_TEXT_LENGTH,
  );
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId);
    requireRefinementOpen(modification, 'conclusions');
    await ensureChecklist(unit.trx, modificationId);
    const item = await lockChecklistItem(unit.trx, modificationId, purpose);
    if (item.version !== input.version) {
      throw new AppError(
        'stale_version',
        `Purpose (${purpose}) of ${modification.reference} has changed since you opened it: reload and try again`,
        { field: 'version' },
      );
    }
    const updated = await saveConclusion(unit, modificationId, purpose, conclusion);
    await unit.audit({
      action: 'refinement.concluded',
      subjectType: 'modification',
      subjectId: String(modificationId),
      before: { purpose, conclusion: item.conclusion },
      after: { purpose, name: purposeInfo(purpose).name, conclusion },
    });
    return {
      purpose,
      conclusion,
      concludedBy: actor.label,
      concludedAt: updated.concludedAt ?? unit.now,
      version: updated.version,
    };
  });
}

export interface DccTestingInput {
  required: boolean;
  testingSolution: string;
  /** The modification version the caller read. */
  version: number;
}

/**
 * D6.8(e): records whether DCC testing is required and the testing solution (or the process to
 * develop one). SECAS or the Panel Chair decide the question; the DCC, which proposes the
 * solution, may record the solution but not change the answer. Refused with `stale_version` on
 * an old modification version. Audited as `refinement.dcc_testing_set`.
 */
export async function setDccTesting(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: DccTestingInput,
): Promise<{ required: boolean; testingSolution: string | null; version: number }> {
  const actor = actorOf(requireActor(principal, canRecordTestingSolution));
  const solution = input.testingSolution.trim();
  if (solution.length > MAX_TEXT_LENGTH) {
    throw invalid(
      'testingSolution',
      `The testing solution must be ${MAX_TEXT_LENGTH} characters or fewer`,
    );
  }
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId, input.version);
    requireRefinementOpen(modification, 'DCC testing');
    if (modification.dcc_testing_required !== input.required && !canDecideDccTesting(principal)) {
      throw new AppError(
        'forbidden',
        'Only SECAS or the Panel Chair decide whether DCC testing is required; the DCC records the testing solution',
      );
    }
    const before = {
      required: modification.dcc_testing_required,
      testingSolution: modification.testing_solution,
    };
    const after = { required: input.required, testingSolution: solution === '' ? null : solution };
    await saveDccTesting(unit.trx, modificationId, after);
    const version = await touchModification(unit, modificationId);
    await unit.audit({
      action: 'refinement.dcc_testing_set',
      subjectType: 'modification',
      subjectId: String(modificationId),
      before,
      after,
    });
    return { ...after, version };
  });
}

/**
 * D6.8: completes refinement and moves the modification to the Report Phase. SECAS or the Panel
 * Chair; refused with `refinement_incomplete` (open purposes named), `testing_solution_required`
 * or `mandatory_view_not_sought` (bodies and reasons named), and `stale_version` on an old
 * version; and `legal_text_documents_missing` while the legal text changes a Section the
 * documents do not list (D6.8(e), code-coverage.ts). Audited as `refinement.completed` and
 * `modification.status_changed`. The checks are `lifecycleChecks`, the same the Panel's
 * lifecycle step applies, so refinement completes by no route without them.
 */
export async function completeRefinement(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: { version: number; reason?: string | undefined },
): Promise<{ status: 'report_phase'; version: number }> {
  const actor = actorOf(requireActor(principal, canCompleteRefinement));
  const reason = input.reason?.trim() ?? '';
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId, input.version);
    if (modification.status !== 'refinement') {
      throw new AppError(
        'invalid_transition',
        `${modification.reference} is at ${STATUS_NAMES[modification.status]}, not in refinement`,
        { field: 'status' },
      );
    }
    await lifecycleChecks.refinementComplete(unit.trx, modificationId);
    await unit.audit({
      action: 'refinement.completed',
      subjectType: 'modification',
      subjectId: String(modificationId),
      after: {
        dccTestingRequired: modification.dcc_testing_required,
        testingSolution: modification.testing_solution,
      },
      reason: reason === '' ? null : reason,
    });
    await moveStatus(
      unit,
      modification,
      'report_phase',
      'progress',
      reason === '' ? 'Refinement completed' : reason,
    );
    return { status: 'report_phase', version: modification.version + 1 };
  });
}

import { inTransaction, type AppContext, type Tx, type UnitOfWork } from '../../app-context.ts';
import { isoWithLondonOffset } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import { formatInstant } from '../../calendar/format.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { adoptionDeadline } from './adoption-window.ts';
import {
  canAdopt,
  convertedReference,
  isPath,
  isStatus,
  type Path,
  type Status,
  type StepOutcome,
} from './modification.ts';
import {
  canAdoptModification,
  canProgressModification,
  canWithdrawModification,
  isProposerParty,
} from './modification.access.ts';
import { checkConversionPath, checkReason, searchTextOf } from './modification-register.ts';
import { moveStatus } from './modification.queries.ts';
import {
  lockModification,
  referenceTaken,
  saveAdoption,
  saveConversion,
  type Modification,
} from './modification.store.ts';
import { isSignedIn, requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

function requireReason(reason: string): string {
  const problem = checkReason(reason);
  if (problem) throw invalid(problem.field, problem.message);
  return reason.trim();
}

/** Refuses an edit based on a version the caller did not read (after the permission check). */
function assertVersion(modification: Modification, version: number): void {
  if (modification.version !== version) {
    throw new AppError(
      'stale_version',
      `${modification.reference} has changed since you opened it: reload and try again`,
      {
        field: 'version',
      },
    );
  }
}

/**
 * What the lifecycle asks of the modules after it before a step, inside the step's transaction
 * once the modification's row is locked. The modification module comes first and cannot import
 * them, so the caller (the web layer, the demo) hands the checks in: the refinement module's
 * `lifecycleChecks` in refinement.queries.ts.
 */
export interface LifecycleChecks {
  /** D6.8: refuses unless refinement of the modification may complete. */
  refinementComplete(trx: Tx, modificationId: number): Promise<void>;
}

export interface ProgressInput {
  to: string;
  reason: string;
  version: number;
  /** The path the Panel set: required when converting a Draft Proposal, refused otherwise if different. */
  path?: string | null | undefined;
}

/** The path a progress step names, if any (only a Draft Proposal's conversion sets one). */
function pathOf(value: string | null | undefined): Path | null {
  if (value === undefined || value === null || value === '') return null;
  if (!isPath(value)) throw invalid('path', 'Choose a path from the list');
  return value;
}

/**
 * domain.md §4.2: the Panel converts a Draft Proposal: DP090 becomes MP090 on the path it set.
 * Audited `modification.converted`; returns the modification as it now is.
 */
async function convertDraft(
  unit: UnitOfWork,
  modification: Modification,
  path: Path | null,
  reason: string,
): Promise<Modification> {
  const problem = checkConversionPath(path);
  if (problem) throw invalid(problem.field, problem.message);
  const reference = convertedReference(modification.reference);
  if (await referenceTaken(unit.trx, reference, modification.id))
    throw new AppError('already_exists', `${reference} is already in the register`, {
      field: 'reference',
    });
  const searchText = searchTextOf({ ...modification, reference });
  await saveConversion(unit.trx, modification.id, { reference, path, searchText });
  await unit.audit({
    action: 'modification.converted',
    subjectType: 'modification',
    subjectId: String(modification.id),
    before: { reference: modification.reference, path: modification.path },
    after: { reference, path },
    reason,
  });
  return { ...modification, reference, path };
}

/**
 * Records a step of the Panel or the Change Board's process (domain.md §4) that the lifecycle
 * table allows for the modification's path, with its reason. Converting a Draft Proposal renames
 * it (DP090 → MP090) and sets its path in the same step; leaving refinement needs refinement
 * complete (D6.8, asked of `checks`). Code Administrator or Panel Chair; audited
 * `modification.status_changed`.
 */
export async function progressModification(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: ProgressInput,
  checks: LifecycleChecks,
): Promise<StepOutcome> {
  const recorder = requireActor(
    principal,
    canProgressModification,
    'Only the Code Administrator or the Panel Chair records the Panel’s steps',
  );
  const to = input.to;
  if (!isStatus(to)) throw invalid('to', 'Choose the status to move the modification to');
  const reason = requireReason(input.reason);
  const path = pathOf(input.path);
  return inTransaction(ctx, actorOf(recorder), async (unit) => {
    let modification = await lockModification(unit.trx, id, input.version);
    if (modification.status === 'draft_proposal' && to === 'modification_proposal') {
      modification = await convertDraft(unit, modification, path, reason);
    } else if (path !== null && path !== modification.path) {
      throw invalid('path', 'The path is set when the Panel converts a Draft Proposal');
    }
    if (modification.status === 'refinement' && to === 'report_phase') {
      await checks.refinementComplete(unit.trx, id);
    }
    await moveStatus(unit, modification, to, 'progress', reason);
    return { id, reference: modification.reference, status: to, version: modification.version + 1 };
  });
}

/**
 * domain.md §4.7: the proposer withdraws (or SECAS for it), before any decision. The 10 Working
 * Day adoption window opens: it closes at 23:59:59 UK time on the tenth Working Day after the
 * day of withdrawal. Audited `modification.status_changed` with the reason.
 */
export async function withdrawModification(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { reason: string; version: number },
): Promise<StepOutcome & { adoptionDeadline: string }> {
  const withdrawer = requireActor(principal, isSignedIn);
  const reason = requireReason(input.reason);
  return inTransaction(ctx, actorOf(withdrawer), async (unit) => {
    const modification = await lockModification(unit.trx, id);
    if (!canWithdrawModification(withdrawer, modification.proposer_org_id)) {
      throw new AppError(
        'forbidden',
        `Only the proposer of ${modification.reference}, or SECAS on its behalf, may withdraw it`,
      );
    }
    assertVersion(modification, input.version);
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const deadline = adoptionDeadline(calendar, unit.now.toISOString());
    await moveStatus(unit, modification, 'withdrawn', 'withdrawal', reason, {
      status_before_withdrawal: modification.status,
      withdrawn_at: unit.now,
      adoption_deadline: new Date(deadline),
    });
    return {
      id,
      reference: modification.reference,
      status: 'withdrawn' as const,
      version: modification.version + 1,
      adoptionDeadline: deadline,
    };
  });
}

/**
 * domain.md §4.7: who may adopt a withdrawn modification, and whether its window is still open.
 * Returns the status it goes back to.
 */
function adoptable(
  adopter: Principal,
  modification: Modification,
  version: number,
  now: Date,
): Status {
  if (isProposerParty(adopter, modification.proposer_org_id)) {
    throw new AppError(
      'forbidden',
      `${modification.reference} was proposed by your own organisation: only another Party may adopt it`,
    );
  }
  if (
    !canAdoptModification(adopter, modification.proposer_org_id) ||
    adopter.organisationId === null
  ) {
    throw new AppError('forbidden', 'Only a Party may adopt a withdrawn modification');
  }
  assertVersion(modification, version);
  const restored = modification.status_before_withdrawal;
  if (modification.status !== 'withdrawn' || restored === null || !isStatus(restored)) {
    throw new AppError(
      'invalid_transition',
      `${modification.reference} is not withdrawn, so there is nothing to adopt`,
      {
        field: 'status',
      },
    );
  }
  if (!canAdopt(modification.adoption_deadline, now)) {
    const closed = modification.adoption_deadline;
    throw new AppError(
      'adoption_window_closed',
      closed
        ? `The adoption window of ${modification.reference} closed on ${formatInstant(closed)} (${isoWithLondonOffset(closed.toISOString())})`
        : `${modification.reference} has no adoption window`,
    );
  }
  return restored;
}

/**
 * domain.md §4.7: within the adoption window another Party adopts the withdrawn proposal: it
 * returns to the status it had, with the adopter as proposer. The proposer's own Party cannot
 * adopt it, and after the window closes nobody can (`adoption_window_closed`). Audited
 * `modification.adopted`.
 */
export async function adoptModification(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { reason?: string | undefined; version: number },
): Promise<StepOutcome> {
  const adopter = requireActor(principal, isSignedIn);
  return inTransaction(ctx, actorOf(adopter), async (unit) => {
    const modification = await lockModification(unit.trx, id);
    const restored = adoptable(adopter, modification, input.version, unit.now);
    const reason = input.reason?.trim() ?? '';
    await saveAdoption(unit, id, restored, adopter.organisationId);
    await unit.audit({
      action: 'modification.adopted',
      subjectType: 'modification',
      subjectId: String(id),
      before: {
        status: modification.status,
        proposerOrgId: modification.proposer_org_id,
        adoptionDeadline: modification.adoption_deadline?.toISOString() ?? null,
      },
      after: { status: restored, proposerOrgId: adopter.organisationId, cause: 'adoption' },
      reason:
        reason === ''
          ? `Adopted by ${adopter.organisationName ?? 'another Party'} within the adoption window`
          : reason,
    });
    return {
      id,
      reference: modification.reference,
      status: restored,
      version: modification.version + 1,
    };
  });
}

/**
 * Authoring a modification's legal text in the UI (issue 14): the working text and its
 * operations, an edit turned into an operation and saved through setModificationAmendments (the
 * API's rules and audit event), the modifications it depends on, and the D6.8(e) cross-check of
 * the refinement's record against the provisions the legal text touches — shown as findings and,
 * for refinement to complete or a part to be allocated, a refusal (`legal_text_documents_missing`).
 */
import { inTransaction, type AppContext, type Db, type Tx } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import type { AmendOp } from './code-amendments.ts';
import {
  allDependencies,
  authoringSubject,
  dependenciesOf,
  modificationsByReference,
  replaceDependencies,
  type AuthoringSubject,
  type DependencyRow,
} from './code-authoring.store.ts';
import { coverageRefusal, type CoverageFinding, type CoverageGate } from './code-coverage.ts';
import {
  deriveOperations,
  DeriveError,
  workingVersion,
  type AuthoringEdit,
  type Drafting,
} from './code-derive.ts';
import { legalTextFindings, setModificationAmendments } from './code-text.actions.ts';
import { canManageCodeText } from './code-text.access.ts';
import { amendmentOf, loadVersion, versionMeta, type CodeVersionMeta } from './code-text.store.ts';
import type { CodeVersion } from './code-tree.ts';

export interface LegalTextState {
  modification: AuthoringSubject;
  /** The base version and the operations so far; undefined before a base version is chosen. */
  base?: CodeVersionMeta;
  drafting?: Drafting;
  /** The base with every operation applied (renumbered). */
  working?: CodeVersion;
  dependsOn: DependencyRow[];
  coverage: CoverageFinding[];
}

async function coverageFor(
  db: Db,
  modification: AuthoringSubject,
  drafting: Drafting | undefined,
): Promise<CoverageFinding[]> {
  if (!drafting) return [];
  return legalTextFindings(db, modification, drafting.base, drafting.ops);
}

/** A modification's legal text as SECAS authors it; not_found for an unknown modification. */
export async function legalTextState(db: Db, modificationId: number): Promise<LegalTextState> {
  const modification = await authoringSubject(db, modificationId);
  if (!modification) throw new AppError('not_found', 'There is no such modification');
  const dependsOn = await dependenciesOf(db, modificationId);
  const stored = await amendmentOf(db, modificationId);
  const base = stored ? await versionMeta(db, stored.baseVersionId) : undefined;
  if (!stored || !base) return { modification, dependsOn, coverage: [] };
  const drafting: Drafting = {
    reference: modification.reference,
    base: await loadVersion(db, base),
    ops: stored.ops,
  };
  const working = workingVersion(drafting);
  return {
    modification,
    base,
    drafting,
    ...(working ? { working } : {}),
    dependsOn,
    coverage: await coverageFor(db, modification, drafting),
  };
}

/**
 * The D6.8(e) findings of a modification's legal text against its refinement record: none while
 * it has no legal text, found in one read (issue 12: allocation asks under the release's lock).
 */
export async function legalTextCoverageOf(
  db: Db,
  modificationId: number,
): Promise<CoverageFinding[]> {
  if (!(await amendmentOf(db, modificationId))) return [];
  return (await legalTextState(db, modificationId)).coverage;
}

/**
 * D6.8(e), rule 1 of code-coverage.ts: refuses (`legal_text_documents_missing`) while the legal
 * text changes a Section the modification does not list among its documents. Every gated route
 * calls it inside the transaction that moves the modification on, after locking its row:
 * refinement's lifecycle checks (refinement.queries.ts) and allocation to a release.
 */
export async function assertLegalTextCovered(
  trx: Tx,
  modificationId: number,
  gate: CoverageGate,
): Promise<void> {
  const refusal = coverageRefusal(await legalTextCoverageOf(trx, modificationId), gate);
  if (refusal) throw new AppError('legal_text_documents_missing', refusal);
}

const MANAGE = 'Only the Code Administrator keeps the text of the Code';

/**
 * Derives the operations of one edit against the working text (for the confirmation redline),
 * without saving. A DeriveError becomes a validation error naming the field.
 */
export function previewEdit(
  state: LegalTextState,
  edit: AuthoringEdit,
  newId: () => string,
): { ops: AmendOp[]; before: CodeVersion; after: CodeVersion } {
  if (!state.drafting || !state.working)
    throw invalid(
      'baseVersion',
      'Choose the version of the Code the legal text is drafted against',
    );
  let ops: AmendOp[];
  try {
    ops = deriveOperations(state.working, edit, newId);
  } catch (error) {
    if (error instanceof DeriveError) throw invalid(error.field, error.message);
    throw error;
  }
  const drafting = { ...state.drafting, ops: [...state.drafting.ops, ...ops] };
  const after = workingVersion(drafting);
  if (!after) throw invalid('text', 'The change does not apply to the working text');
  return { ops, before: state.working, after };
}

/** Saves the legal text with the given operations added, through setModificationAmendments. */
export async function appendOperations(
  ctx: AppContext,
  principal: Principal | null,
  state: LegalTextState,
  ops: AmendOp[],
): Promise<void> {
  requireActor(principal, canManageCodeText, MANAGE);
  if (!state.drafting || !state.base)
    throw invalid(
      'baseVersion',
      'Choose the version of the Code the legal text is drafted against',
    );
  await setModificationAmendments(ctx, principal, state.modification, {
    baseVersion: state.base.name,
    ops: [...state.drafting.ops, ...ops],
    source: 'edit',
  });
}

/** Removes one operation (by position); refused if a later one depends on it. */
export async function removeOperation(
  ctx: AppContext,
  principal: Principal | null,
  state: LegalTextState,
  index: number,
): Promise<AmendOp> {
  requireActor(principal, canManageCodeText, MANAGE);
  const ops = state.drafting?.ops ?? [];
  const removed = ops[index];
  if (!state.base || removed === undefined)
    throw new AppError('not_found', 'There is no such operation');
  try {
    await setModificationAmendments(ctx, principal, state.modification, {
      baseVersion: state.base.name,
      ops: ops.filter((_, i) => i !== index),
      source: 'edit',
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed')
      throw invalid(
        'ops',
        `This operation cannot be removed while a later one relies on it: ${error.message}`,
      );
    throw error;
  }
  return removed;
}

/** Chooses the base version; only while there are no operations (they were drafted against the old one). */
export async function chooseBaseVersion(
  ctx: AppContext,
  principal: Principal | null,
  state: LegalTextState,
  baseVersion: string,
): Promise<void> {
  requireActor(principal, canManageCodeText, MANAGE);
  if (!baseVersion) throw invalid('baseVersion', 'Choose the version of the Code');
  if (state.drafting && state.drafting.ops.length > 0)
    throw invalid(
      'baseVersion',
      'Remove the operations first: they were drafted against the version chosen before',
    );
  await setModificationAmendments(ctx, principal, state.modification, {
    baseVersion,
    ops: [],
    source: 'edit',
  });
}

/** "SECMP0008, SECMP0010" → the references, upper-cased, without repeats. */
export function parseReferences(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((r) => r.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/**
 * Names the modifications this one depends on (legal-text.md §5 dependsOn; consolidation refuses
 * a release missing one). Refused for an unknown reference, the modification itself, or a cycle.
 * Audited as `modification.dependencies_changed`.
 */
export async function setDependencies(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  references: readonly string[],
): Promise<DependencyRow[]> {
  const actor = actorOf(requireActor(principal, canManageCodeText, MANAGE));
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await authoringSubject(unit.trx, modificationId);
    if (!modification) throw new AppError('not_found', 'There is no such modification');
    const found = await modificationsByReference(unit.trx, references);
    const known = new Set(found.map((m) => m.reference.toUpperCase()));
    const unknown = references.filter((r) => !known.has(r.toUpperCase()));
    if (unknown.length > 0)
      throw invalid('dependsOn', `There is no modification ${unknown.join(', ')}`);
    if (found.some((m) => m.id === modificationId))
      throw invalid('dependsOn', `${modification.reference} cannot depend on itself`);
    const edges = (await allDependencies(unit.trx)).filter(
      (e) => e.modification_id !== modificationId,
    );
    const next = new Map<number, number[]>();
    for (const e of edges)
      next.set(e.modification_id, [...(next.get(e.modification_id) ?? []), e.depends_on_id]);
    const reaches = (from: number, seen = new Set<number>()): boolean => {
      if (from === modificationId) return true;
      if (seen.has(from)) return false;
      seen.add(from);
      return (next.get(from) ?? []).some((n) => reaches(n, seen));
    };
    const cyclic = found.filter((m) => reaches(m.id));
    if (cyclic.length > 0)
      throw invalid(
        'dependsOn',
        `${cyclic.map((m) => m.reference).join(', ')} already depends on ${modification.reference}: the dependencies would go round in a circle`,
      );
    const before = await dependenciesOf(unit.trx, modificationId);
    await replaceDependencies(
      unit.trx,
      modificationId,
      found.map((m) => m.id),
    );
    await unit.audit({
      action: 'modification.dependencies_changed',
      subjectType: 'modification',
      subjectId: String(modificationId),
      before: { dependsOn: before.map((d) => d.reference) },
      after: { dependsOn: found.map((m) => m.reference).sort() },
    });
    return found;
  });
}

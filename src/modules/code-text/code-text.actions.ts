/**
 * Use cases of the Code as data (issue 14, D10.1): import a version, record a modification's
 * legal text as amendments, consolidate a release (a preview SECAS reviews, with its findings),
 * and — inside the go-live decision's transaction — produce the next version of the Code.
 */
import { inTransaction, type AppContext, type Db, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import type { AmendOp } from './code-amendments.ts';
import {
  listedDocuments,
  lockLegalTextSubject,
  type AuthoringSubject,
} from './code-authoring.store.ts';
import { checkVersion, type Finding } from './code-checks.ts';
import { consolidate, type Consolidation } from './code-consolidate.ts';
import {
  coverageRefusal,
  legalTextChangeGated,
  legalTextCoverage,
  type CoverageFinding,
} from './code-coverage.ts';
import { touchedLabels } from './code-derive.ts';
import { importPlainText } from './code-import.ts';
import { canManageCodeText } from './code-text.access.ts';
import { nextVersionName, refusalReasons } from './code-versions.ts';
import type { CodeVersion } from './code-tree.ts';
import {
  amendmentsOfRelease,
  insertConsolidation,
  insertVersion,
  listVersions,
  liveVersion,
  loadVersion,
  saveAmendment,
  versionByName,
  versionMeta,
  type CodeVersionMeta,
} from './code-text.store.ts';
import { A1_TERMS_NOT_LOADED } from './secmp0061-text.ts';

const MANAGE = 'Only the Code Administrator keeps the text of the Code';

export interface ImportVersionInput {
  name: string;
  text: string;
  /** Label prefixes loaded in full ("D10"); empty or absent for the whole Code. */
  scope?: string[] | undefined;
  live?: boolean | undefined;
}

/** Imports a version from plain text; refused, listing them, if any line cannot be classified. */
export async function importCodeVersion(
  ctx: AppContext,
  principal: Principal | null,
  input: ImportVersionInput,
  newId: () => string = () => crypto.randomUUID(),
  actor: Actor = actorOf(requireActor(principal, canManageCodeText, MANAGE)),
): Promise<CodeVersionMeta> {
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw invalid('name', 'Enter the version’s name, such as SEC 5.21');
  const result = importPlainText(input.text, { newId });
  if (result.unclassified.length > 0) {
    const first = result.unclassified
      .slice(0, 5)
      .map((u) => `line ${u.line} (“${u.text.slice(0, 60)}”): ${u.reason}`);
    throw invalid(
      'text',
      `${result.unclassified.length} lines could not be classified: ${first.join('; ')}`,
    );
  }
  const scope = input.scope?.map((s) => s.trim()).filter(Boolean);
  const version: CodeVersion = {
    name,
    root: result.root,
    ...(scope && scope.length > 0 ? { scope } : {}),
  };
  return inTransaction(ctx, actor, async (unit) => {
    if (await versionByName(unit.trx, name))
      throw new AppError('already_exists', `There is already a version called ${name}`, {
        field: 'name',
      });
    const meta = await insertVersion(unit.trx, {
      version,
      parentId: null,
      releaseId: null,
      lineage: [],
      live: input.live === true || (await liveVersion(unit.trx)) === undefined,
      createdBy: actor.id,
      createdAt: unit.now,
    });
    await unit.audit({
      action: 'code.version_imported',
      subjectType: 'code_version',
      subjectId: String(meta.id),
      after: { name, live: meta.live, scope: meta.scope },
    });
    return meta;
  });
}

/** The D6.8(e) findings (code-coverage.ts) of legal text — `ops` against `base` — for a modification. */
export async function legalTextFindings(
  db: Db,
  modification: AuthoringSubject,
  base: CodeVersion,
  ops: readonly AmendOp[],
): Promise<CoverageFinding[]> {
  if (ops.length === 0) return [];
  return legalTextCoverage({
    touched: touchedLabels(base, ops),
    documents: await listedDocuments(db, modification.id),
    dccTesting: {
      required: modification.dccTestingRequired,
      testingSolution: modification.testingSolution,
    },
  });
}

export interface AmendmentsInput {
  /** The version the legal text was drafted against. */
  baseVersion: string;
  ops: AmendOp[];
  source?: 'json' | 'edit' | 'docx' | 'fixture' | undefined;
}

/**
 * Records a modification's legal text; every operation must apply to its base version as drafted.
 * D6.8(e), rule 1 of code-coverage.ts: once the modification has passed the refinement gate, the
 * new legal text is refused (`legal_text_documents_missing`, nothing stored) while it changes a
 * Section the modification does not list among its documents — by every route that sets it (the
 * API, the Word import, the edit page), since all of them come here.
 */
export async function setModificationAmendments(
  ctx: AppContext,
  principal: Principal | null,
  modification: { id: number; reference: string },
  input: AmendmentsInput,
): Promise<void> {
  const actor = actorOf(requireActor(principal, canManageCodeText, MANAGE));
  await inTransaction(ctx, actor, async (unit) => {
    const base = await versionByName(unit.trx, input.baseVersion);
    if (!base)
      throw invalid('baseVersion', `There is no version of the Code called ${input.baseVersion}`);
    const baseVersion = await loadVersion(unit.trx, base);
    const trial = consolidate(
      baseVersion,
      [],
      [
        {
          reference: modification.reference,
          baseVersion: base.name,
          dependsOn: [],
          ops: input.ops,
        },
      ],
      'trial',
    );
    if (trial.conflicts.length > 0)
      throw invalid('ops', trial.conflicts.map((c) => c.message).join(' '));
    const subject = await lockLegalTextSubject(unit.trx, modification.id);
    if (!subject) throw new AppError('not_found', 'There is no such modification');
    if (legalTextChangeGated(subject.status)) {
      const findings = await legalTextFindings(unit.trx, subject, baseVersion, input.ops);
      const refusal = coverageRefusal(findings, 'legal-text');
      if (refusal) throw new AppError('legal_text_documents_missing', refusal);
    }
    await saveAmendment(unit.trx, {
      modificationId: modification.id,
      baseVersionId: base.id,
      ops: input.ops,
      source: input.source ?? 'json',
      by: actor.id,
      at: unit.now,
    });
    await unit.audit({
      action: 'code.amendments_set',
      subjectType: 'modification',
      subjectId: String(modification.id),
      after: {
        baseVersion: base.name,
        operations: input.ops.length,
        source: input.source ?? 'json',
      },
    });
  });
}

export interface ReleaseConsolidation {
  base: CodeVersionMeta;
  result: Consolidation;
  findings: Finding[];
  consolidationId: number;
}

async function consolidateOn(
  unit: UnitOfWork,
  releaseId: number,
): Promise<Omit<ReleaseConsolidation, 'consolidationId'> | undefined> {
  const base = await liveVersion(unit.trx);
  const amendments = await amendmentsOfRelease(unit.trx, releaseId);
  if (!base || amendments.length === 0) return undefined;
  const baseVersion = await loadVersion(unit.trx, base);
  const taken = new Set((await listVersions(unit.trx)).map((v) => v.name));
  const result = consolidate(
    baseVersion,
    base.lineage,
    amendments.map((a) => ({
      reference: a.reference,
      baseVersion: String(a.baseVersionId),
      dependsOn: a.dependsOn,
      ops: a.ops,
    })),
    nextVersionName(base.name, taken),
  );
  const findings = result.version
    ? checkVersion({
        version: result.version,
        previous: baseVersion,
        externalTerms: A1_TERMS_NOT_LOADED,
      })
    : [];
  return { base, result, findings };
}

/** SECAS consolidates a release's legal text against the live version: a preview with its findings. */
export async function consolidateRelease(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  actor: Actor = actorOf(requireActor(principal, canManageCodeText, MANAGE)),
): Promise<ReleaseConsolidation> {
  return inTransaction(ctx, actor, async (unit) => {
    const done = await consolidateOn(unit, releaseId);
    if (!done)
      throw new AppError(
        'not_found',
        'There is no live version of the Code, or no legal text for this release’s modifications',
      );
    const consolidationId = await insertConsolidation(unit.trx, {
      releaseId,
      baseVersionId: done.base.id,
      resultVersionId: null,
      result: done.result,
      findings: done.findings,
      by: actor.id,
      at: unit.now,
    });
    await unit.audit({
      action: 'code.release_consolidated',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: {
        consolidationId,
        base: done.base.name,
        refused: !done.result.version,
        conflicts: done.result.conflicts.length,
        findings: done.findings.length,
      },
    });
    return { ...done, consolidationId };
  });
}

/**
 * D10.1: going live varies the Code. Inside the go-live decision's transaction: the release's
 * modifications (de-scoped ones left out) are consolidated into the next version, which becomes
 * live, with its audit event. Nothing happens without a live version or legal text; a refused
 * consolidation refuses the decision (code_consolidation_refused).
 */
export async function produceNextVersion(
  unit: UnitOfWork,
  releaseId: number,
): Promise<CodeVersionMeta | undefined> {
  const done = await consolidateOn(unit, releaseId);
  if (!done) return undefined;
  const { result, base, findings } = done;
  if (!result.version) {
    throw new AppError('code_consolidation_refused', undefined, {
      details: { reasons: refusalReasons(result) },
    });
  }
  const meta = await insertVersion(unit.trx, {
    version: result.version,
    parentId: base.id,
    releaseId,
    lineage: [...base.lineage, ...result.order],
    live: true,
    createdBy: unit.actor.id,
    createdAt: unit.now,
  });
  const consolidationId = await insertConsolidation(unit.trx, {
    releaseId,
    baseVersionId: base.id,
    resultVersionId: meta.id,
    result,
    findings,
    by: unit.actor.id,
    at: unit.now,
  });
  await unit.audit({
    action: 'code.version_produced',
    subjectType: 'code_version',
    subjectId: String(meta.id),
    before: { live: base.name },
    after: {
      live: meta.name,
      releaseId,
      consolidationId,
      modifications: result.order,
      renumbered: result.labelMap.length,
    },
  });
  return meta;
}

/** A stored version by id, with its tree. */
export async function readVersion(
  ctx: AppContext,
  id: number,
): Promise<{ meta: CodeVersionMeta; version: CodeVersion } | undefined> {
  const meta = await versionMeta(ctx.db, id);
  return meta ? { meta, version: await loadVersion(ctx.db, meta) } : undefined;
}

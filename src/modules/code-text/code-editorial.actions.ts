/**
 * Issue 14: SECAS accepts a check's suggested fix as an editorial amendment. The fix is not an
 * edit of the live version (versions are immutable) but an amendment set of its own, with no
 * modification, consolidated into the next version, which becomes live — in one transaction
 * with its audit event and the record of the finding it answers.
 */
import { inTransaction, type AppContext, type Db } from '../../app-context.ts';
import { insertEditorial } from './code-editorial.store.ts';

export { editorialOf, type EditorialRecord } from './code-editorial.store.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { checkVersion, type Finding } from './code-checks.ts';
import { consolidate } from './code-consolidate.ts';
import { editorialOps, findingKey } from './code-editorial.ts';
import { canManageCodeText } from './code-text.access.ts';
import {
  insertVersion,
  listVersions,
  loadVersion,
  versionMeta,
  type CodeVersionMeta,
} from './code-text.store.ts';
import type { CodeVersion } from './code-tree.ts';
import { nextVersionName } from './code-versions.ts';
import { A1_TERMS_NOT_LOADED } from './secmp0061-text.ts';

/** A finding of a version with its address and whether SECAS could accept its suggestion. */
export interface VersionFinding extends Finding {
  key: string;
  fixable: boolean;
}

/** The checks on a stored version, against the version it came from. */
export async function versionFindings(
  db: Db,
  meta: CodeVersionMeta,
  version?: CodeVersion,
): Promise<VersionFinding[]> {
  const tree = version ?? (await loadVersion(db, meta));
  const parent = meta.parentId ? await versionMeta(db, meta.parentId) : undefined;
  const previous = parent ? await loadVersion(db, parent) : undefined;
  return checkVersion({
    version: tree,
    ...(previous ? { previous } : {}),
    externalTerms: A1_TERMS_NOT_LOADED,
  }).map((f) => ({ ...f, key: findingKey(f), fixable: editorialOps(tree, f) !== undefined }));
}

/**
 * SECAS accepts the suggestion of finding `key` of the live version `versionId`: the next
 * version is produced from it and becomes live. Refused when the version is no longer live or the
 * finding no longer there (stale_version), or when the suggestion is not one that can be applied
 * as words (validation_failed): that needs a modification.
 */
export async function acceptEditorialAmendment(
  ctx: AppContext,
  principal: Principal | null,
  versionId: number,
  key: string,
): Promise<{ version: CodeVersionMeta; finding: Finding }> {
  const actor = actorOf(
    requireActor(
      principal,
      canManageCodeText,
      'Only the Code Administrator accepts editorial amendments',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const meta = await versionMeta(unit.trx, versionId);
    if (!meta) throw new AppError('not_found', 'There is no such version of the Code');
    if (!meta.live)
      throw new AppError(
        'stale_version',
        `${meta.name} is no longer the live version: accept the finding on the live version`,
      );
    const tree = await loadVersion(unit.trx, meta);
    const finding = (await versionFindings(unit.trx, meta, tree)).find((f) => f.key === key);
    if (!finding) throw new AppError('stale_version', `${meta.name} has no such finding any more`);
    const ops = editorialOps(tree, finding);
    if (!ops)
      throw invalid(
        'finding',
        'This finding has no suggestion that can be accepted as words: draft it as a modification',
      );
    const taken = new Set((await listVersions(unit.trx)).map((v) => v.name));
    const result = consolidate(
      tree,
      meta.lineage,
      [{ reference: 'Editorial amendment', baseVersion: meta.name, dependsOn: [], ops }],
      nextVersionName(meta.name, taken),
    );
    if (!result.version) throw invalid('finding', result.conflicts.map((c) => c.message).join(' '));
    const produced = await insertVersion(unit.trx, {
      version: result.version,
      parentId: meta.id,
      releaseId: null,
      lineage: meta.lineage,
      live: true,
      createdBy: actor.id,
      createdAt: unit.now,
    });
    const id = await insertEditorial(unit.trx, {
      base_version_id: meta.id,
      version_id: produced.id,
      check_id: finding.check,
      provision_id: finding.provision,
      where_label: finding.where,
      message: finding.message,
      suggestion: finding.suggestion ?? '',
      ops: JSON.stringify(ops),
      accepted_by: actor.id,
      accepted_at: unit.now,
    });
    await unit.audit({
      action: 'code.editorial_accepted',
      subjectType: 'code_version',
      subjectId: String(produced.id),
      before: { live: meta.name },
      after: {
        live: produced.name,
        editorialId: id,
        check: finding.check,
        where: finding.where,
        suggestion: finding.suggestion ?? null,
        operations: ops.length,
      },
    });
    return { version: produced, finding };
  });
}

import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { isOpenForScope, RELEASE_STATUS_NAMES } from '../release/release.ts';
import { lockRelease, type Release } from '../release/release.queries.ts';
import {
  emptyRidSections,
  missingRidSections,
  type FreeSectionKey,
  type RidSections,
} from './rid-sections.ts';
import { checkRidSections, FREE_SECTION_HEADINGS, normaliseSections } from './rid-validation.ts';
import {
  canMoveRid,
  incompleteMessage,
  isOpen,
  nextRidNumber,
  requireUnfrozen,
  RID_STATUS_NAMES,
  type RidVersion,
} from './rid.ts';
import { canDraftRid } from './rid.access.ts';
import { freezeDateOfRelease } from './rid.queries.ts';
import {
  insertRidVersion,
  listRidVersions,
  lockRidVersion,
  ridContentOf,
  unusedOverrideOf,
  updateRidVersion,
  type RidVersionChanges,
} from './rid.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

/** What the audit trail records of a version. */
export function ridAuditView(v: RidVersion) {
  const { number, status, sections, basedOnId, freezeOverrideId } = v;
  return { number, status, sections, basedOnId, freezeOverrideId };
}

/** A release whose RID may still change: not live, closed or cancelled. */
export async function lockOpenRelease(unit: UnitOfWork, releaseId: number): Promise<Release> {
  const release = await lockRelease(unit.trx, releaseId);
  if (!isOpenForScope(release.status))
    throw new AppError(
      'invalid_transition',
      `${release.name} is ${RELEASE_STATUS_NAMES[release.status].toLowerCase()}: its Release Implementation Document can no longer change`,
      { field: 'releaseId' },
    );
  return release;
}

/**
 * D10.15, ruling 5: inside a use case that changes the RID, the freeze date and any unused Panel
 * override are loaded and the rule applied: `rid_frozen` from the freeze date unless the version
 * carries an override or an unused one exists; returns the override the version must now take.
 */
export async function guardFreeze(
  ctx: AppContext,
  unit: UnitOfWork,
  release: Release,
  version: Pick<RidVersion, 'freezeOverrideId'> | null,
): Promise<number | undefined> {
  const freezeDate = await freezeDateOfRelease(ctx, release, todayOf(unit.now), unit.trx);
  return requireUnfrozen(
    {
      freezeDate,
      today: todayOf(unit.now),
      versionOverridden: version !== null && version.freezeOverrideId !== null,
      unusedOverrideId: await unusedOverrideOf(unit.trx, release.id),
    },
    release.name,
  );
}

/** Saves changes to a version, bumping its row version. */
export async function saveRidVersion(
  unit: UnitOfWork,
  id: number,
  changes: RidVersionChanges,
): Promise<RidVersion> {
  return updateRidVersion(unit.trx, id, changes);
}

async function insertVersion(
  ctx: AppContext,
  unit: UnitOfWork,
  release: Release,
  kind: 'draft' | 'amendment',
): Promise<RidVersion> {
  const versions = await listRidVersions(unit.trx, release.id);
  const open = versions.find((v) => isOpen(v.status));
  if (open)
    throw new AppError(
      'invalid_transition',
      `Version ${open.number} of the RID is still ${RID_STATUS_NAMES[open.status].toLowerCase()}: finish or withdraw it first`,
      { field: 'kind' },
    );
  const approved = versions.find((v) => v.status === 'approved');
  if (kind === 'draft' && approved)
    throw new AppError(
      'invalid_transition',
      `Version ${approved.number} of the RID is approved: change it through an amendment`,
      { field: 'kind' },
    );
  if (kind === 'amendment' && !approved)
    throw new AppError(
      'invalid_transition',
      'The Panel has approved no version of this RID yet: an amendment needs an approved version to amend',
      { field: 'kind' },
    );
  const overrideId = await guardFreeze(ctx, unit, release, null);
  const sections = approved ? approved.sections : emptyRidSections();
  const version = await insertRidVersion(unit.trx, {
    releaseId: release.id,
    number: nextRidNumber(versions.map((v) => v.number)),
    sections,
    basedOnId: approved?.id ?? null,
    freezeOverrideId: overrideId ?? null,
    createdBy: unit.actor.id,
    createdAt: unit.now,
  });
  await unit.audit({
    action: 'rid.drafted',
    subjectType: 'rid_version',
    subjectId: String(version.id),
    after: { releaseId: release.id, kind, ...ridAuditView(version) },
    reason:
      overrideId === undefined ? null : `Panel override ${overrideId} of the RID freeze (D10.15)`,
  });
  return version;
}

/** D10.12: SECAS creates the first draft of a release's RID for the Panel. */
export async function createRidDraft(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
): Promise<RidVersion> {
  const actor = actorOf(requireActor(principal, canDraftRid, 'Only SECAS drafts the RID'));
  return inTransaction(ctx, actor, async (unit) =>
    insertVersion(ctx, unit, await lockOpenRelease(unit, releaseId), 'draft'),
  );
}

/**
 * D10.15: SECAS drafts an amendment: a new version based on the latest approved one, starting
 * from its sections. From the freeze date it needs an unused Panel override, which it takes.
 */
export async function createRidAmendment(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
): Promise<RidVersion> {
  const actor = actorOf(requireActor(principal, canDraftRid, 'Only SECAS drafts RID amendments'));
  return inTransaction(ctx, actor, async (unit) =>
    insertVersion(ctx, unit, await lockOpenRelease(unit, releaseId), 'amendment'),
  );
}

/** The sections of an edit: any of them, each replacing the version's whole section. */
export type SectionsChange = Partial<Omit<RidSections, 'free'>> & {
  free?: { key: FreeSectionKey; text: string; heading?: string }[];
};

/** The version's sections with an edit applied (free sections take their standard headings). */
function applyChange(sections: RidSections, change: SectionsChange): RidSections {
  const { free, ...rest } = change;
  return {
    ...sections,
    ...rest,
    free: free
      ? free.map((f) => ({ key: f.key, heading: FREE_SECTION_HEADINGS[f.key], text: f.text }))
      : sections.free,
  };
}

/**
 * A-RID, D10.13: SECAS edits the sections of a draft (a stale `version` is refused). The draft
 * may stay incomplete; what it holds must be well formed. Frozen from the freeze date.
 */
export async function updateRidSections(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { version: number; sections: SectionsChange },
): Promise<RidVersion> {
  const actor = actorOf(requireActor(principal, canDraftRid, 'Only SECAS edits the RID'));
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockOpenRelease(unit, releaseId);
    const before = await lockRidVersion(unit.trx, releaseId, number, input.version);
    if (before.status !== 'draft')
      throw new AppError(
        'invalid_transition',
        `Version ${number} is ${RID_STATUS_NAMES[before.status].toLowerCase()}: only a draft can be edited`,
        { field: 'version' },
      );
    const overrideId = await guardFreeze(ctx, unit, release, before);
    const sections = normaliseSections(applyChange(before.sections, input.sections));
    const problem = checkRidSections(sections);
    if (problem) throw invalid(`sections.${problem.field}`, problem.message);
    const after = await saveRidVersion(unit, before.id, {
      sections,
      ...(overrideId === undefined ? {} : { freezeOverrideId: overrideId }),
    });
    await unit.audit({
      action: 'rid.updated',
      subjectType: 'rid_version',
      subjectId: String(after.id),
      before: ridAuditView(before),
      after: ridAuditView(after),
    });
    return after;
  });
}

/**
 * D10.13: SECAS submits a draft to the Panel. Refused with `rid_incomplete` (naming the missing
 * sections) unless (a)–(f) are all defined; (a), the content, is then frozen into the version.
 */
export async function submitRidVersion(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { version: number },
): Promise<RidVersion> {
  const actor = actorOf(
    requireActor(principal, canDraftRid, 'Only SECAS submits the RID to the Panel'),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockOpenRelease(unit, releaseId);
    const before = await lockRidVersion(unit.trx, releaseId, number, input.version);
    if (!canMoveRid(before.status, 'submitted'))
      throw new AppError(
        'invalid_transition',
        `Version ${number} is ${RID_STATUS_NAMES[before.status].toLowerCase()}: only a draft goes to the Panel`,
        { field: 'version' },
      );
    const overrideId = await guardFreeze(ctx, unit, release, before);
    const content = await ridContentOf(unit.trx, releaseId);
    const missing = missingRidSections(before.sections, content.length);
    if (missing.length > 0)
      throw new AppError('rid_incomplete', incompleteMessage(missing), {
        field: 'sections',
        details: { missing },
      });
    const after = await saveRidVersion(unit, before.id, {
      status: 'submitted',
      contentSnapshot: content,
      submittedAt: unit.now,
      submittedBy: actor.id,
      ...(overrideId === undefined ? {} : { freezeOverrideId: overrideId }),
    });
    await unit.audit({
      action: 'rid.submitted',
      subjectType: 'rid_version',
      subjectId: String(after.id),
      before: { status: before.status },
      after: { status: after.status, content },
    });
    return after;
  });
}

/** A-RID: SECAS withdraws a draft, or a version the Panel has not approved. */
export async function withdrawRidVersion(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { version: number; reason?: string | undefined },
): Promise<RidVersion> {
  const actor = actorOf(requireActor(principal, canDraftRid, 'Only SECAS withdraws RID versions'));
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockRidVersion(unit.trx, releaseId, number, input.version);
    if (!canMoveRid(before.status, 'withdrawn'))
      throw new AppError(
        'invalid_transition',
        `Version ${number} is ${RID_STATUS_NAMES[before.status].toLowerCase()}: only a draft or a version awaiting the Panel can be withdrawn`,
        { field: 'version' },
      );
    const after = await saveRidVersion(unit, before.id, { status: 'withdrawn' });
    const reason = input.reason?.trim() ?? '';
    await unit.audit({
      action: 'rid.withdrawn',
      subjectType: 'rid_version',
      subjectId: String(after.id),
      before: { status: before.status },
      after: { status: after.status },
      reason: reason === '' ? null : reason,
    });
    return after;
  });
}

/**
 * Allocation of approved modifications into SEC Releases by parts (D10.7, D10.8(a), ruling 6),
 * and the scope baselines after which only a Panel exception may add one (D10.8(a)(b)). PURE.
 */
import { formatDate } from '../../calendar/format.ts';
import { scopeBaselineDates } from '../policy/policy-dates.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import type { Status } from '../modification/modification.ts';
import type { Refusal } from '../release/release.ts';

export const WHOLE = 'whole';
export const PART_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** D10.7, A-REL: only an approved modification not yet implemented can be allocated. */
export function canBeAllocated(status: Status): boolean {
  return status === 'approved' || status === 'allocated';
}

/** A part label: lower-case words joined by hyphens ('whole', 'documents', 'functionality'). */
export function checkPart(part: string): Refusal | null {
  if (!PART_PATTERN.test(part) || part.length > 60)
    return {
      code: 'validation_failed',
      field: 'part',
      message: 'A part is lower-case letters, digits and hyphens, e.g. documents or functionality',
    };
  return null;
}

export interface PassedBaseline {
  id: string;
  name: string;
  date: string;
}

/**
 * D10.8(a)(b): the first scope baseline of the release that has passed on `today` and applies
 * to the part: a DCC-impacting part is held by every baseline, any other part only by the
 * full-scope baselines. Null while the part may still be allocated without an exception.
 */
export function passedBaseline(
  policy: { mechanisms: PolicyMechanisms },
  goLive: string,
  dccImpacting: boolean,
  today: string,
): PassedBaseline | null {
  const applicable = scopeBaselineDates(policy, goLive)
    .filter((b) => dccImpacting || b.appliesTo === 'all')
    .filter((b) => b.date <= today)
    .sort((a, b) => a.date.localeCompare(b.date));
  const first = applicable[0];
  return first ? { id: first.id, name: first.name, date: first.date } : null;
}

/** A refusal of an allocation: the error code, the field at fault and a message for people. */
export interface AllocationRefusal {
  code: 'invalid_transition' | 'validation_failed' | 'not_approved' | 'already_exists';
  field: string;
  message: string;
}

/**
 * D10.7: only an approved modification is allocated, and a DCC-impacting part only to a release
 * the Policy lets carry changes to DCC Systems.
 */
export function checkAllocatable(
  modification: { reference: string; status: Status },
  release: { name: string; dcc_impacting: boolean },
  dccImpacting: boolean,
): AllocationRefusal | null {
  if (!canBeAllocated(modification.status))
    return {
      code: 'not_approved',
      field: 'modificationId',
      message: `${modification.reference} is not approved: only approved modifications are allocated to releases`,
    };
  if (dccImpacting && !release.dcc_impacting)
    return {
      code: 'validation_failed',
      field: 'dccImpacting',
      message: `${release.name} cannot carry changes to DCC Systems under the Policy`,
    };
  return null;
}

/**
 * D10.7: a part is allocated to one release at a time, and a whole modification and its parts
 * cannot both be allocated. `live` are live parts of the modification, with their releases (all of
 * them, or only those that may clash: allocation.store.ts `clashingPartOf`).
 */
export function checkPartFree(
  live: readonly { part: string; releaseName: string }[],
  part: string,
  reference: string,
): AllocationRefusal | null {
  const clash = live.find((a) => a.part === part || a.part === WHOLE || part === WHOLE);
  if (!clash) return null;
  return {
    code: 'already_exists',
    field: 'part',
    message:
      clash.part === part
        ? `The ${part} part of ${reference} is already allocated to ${clash.releaseName}`
        : `${reference} is already allocated as “${clash.part}” to ${clash.releaseName}: a whole modification and its parts cannot both be allocated`,
  };
}

/** The message when a passed scope baseline means the allocation needs a Panel exception. */
export function exceptionRequiredMessage(
  baseline: PassedBaseline,
  releaseName: string,
  reference: string,
): string {
  return `${baseline.name} for ${releaseName} on ${formatDate(baseline.date)} (${baseline.date}): adding ${reference} now needs a Panel late-addition decision`;
}

/**
 * D10.8(a): the decision an allocation after a passed baseline relies on is the Panel's
 * late-addition decision for this modification in this release.
 */
export function checkExceptionDecision(
  decision: { kind: string; releaseId: number; modificationId: number } | undefined,
  expected: { decisionId: number; releaseId: number; releaseName: string },
  modification: { id: number; reference: string },
): AllocationRefusal | null {
  if (
    decision?.kind === 'late_addition' &&
    decision.releaseId === expected.releaseId &&
    decision.modificationId === modification.id
  )
    return null;
  return {
    code: 'validation_failed',
    field: 'exceptionDecisionId',
    message: `Decision ${expected.decisionId} is not a Panel late-addition decision for ${modification.reference} in ${expected.releaseName}`,
  };
}

/**
 * D10.8(a): only a part still in the release (neither de-scoped nor already live) can be de-scoped;
 * ruling 15: a part whose removal is already pending waits for the RID amendment.
 */
export function checkDescopable(
  allocation: {
    part: string;
    descopedAt: Date | null;
    implementedAt: Date | null;
    pendingChange?: 'addition' | 'removal' | null;
  },
  reference: string,
  releaseName: string,
): AllocationRefusal | null {
  if (allocation.pendingChange === 'removal')
    return {
      code: 'invalid_transition',
      field: 'allocationId',
      message: `The Panel has already decided to de-scope the ${allocation.part} part of ${reference} from ${releaseName}: it leaves when an amendment of the approved RID dropping it is approved (ruling 15)`,
    };
  if (allocation.descopedAt === null && allocation.implementedAt === null) return null;
  return {
    code: 'invalid_transition',
    field: 'allocationId',
    message: `The ${allocation.part} part of ${reference} is no longer in ${releaseName}`,
  };
}

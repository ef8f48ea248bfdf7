/**
 * Ruling 15 (D10.13(a), D10.15): the approved RID fixes a release's content. After a RID version
 * is approved, an allocation is a pending addition and a de-scoping a pending removal until a RID
 * amendment carrying it is approved; from the RID freeze no change is accepted unless the Panel
 * recorded an override. Ruling 17 (D10.5(b)): which allocations are out of step with their
 * modification's implementation date. PURE: no database, HTTP or clock.
 */
import { longDate } from '../../calendar/date-words.ts';
import { dayOfWeek, tryParseIsoDate } from '../../calendar/civil-date.ts';
import { outOfStep, type DateStanding, type OutOfStep } from '../timetable/timetable.ts';

export type PendingChange = 'addition' | 'removal';

export const PENDING_CHANGE_NAMES: Record<PendingChange, string> = {
  addition: 'Pending addition: waits for a RID amendment',
  removal: 'Pending removal: waits for a RID amendment',
};

/** What an allocation change of a release depends on (ruling 15). */
export interface ScopeFacts {
  /** The number of the approved RID version in force; null before any approval. */
  approvedRidNumber: number | null;
  /** D10.15, ruling 5: the day the RID freezes (notice period starts); undefined if never. */
  freezeDate: string | undefined;
  today: string;
  /**
   * D10.15, ruling 5: a Panel override of the freeze that a RID amendment can still carry: one
   * no version has used yet, or one taken by an amendment still in draft.
   */
  overrideOpen: boolean;
}

/** ISO weekday names, 1 = Monday. */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `2027-01-12` → `Tuesday 12 January 2027`. */
function dayInWords(date: string): string {
  const day = tryParseIsoDate(date);
  return day === undefined ? date : `${WEEKDAYS[dayOfWeek(day) - 1] ?? ''} ${longDate(date)}`;
}

export interface FrozenRefusal {
  code: 'rid_frozen';
  field: string;
  message: string;
  freezeDate: string;
}

/**
 * D10.15, ruling 5, ruling 15: from the freeze date (inclusive) the release's content cannot
 * change, unless the Panel recorded an override that a RID amendment can still carry.
 */
export function checkContentUnfrozen(
  facts: ScopeFacts,
  releaseName: string,
  field: string,
): FrozenRefusal | null {
  const freezeDate = facts.freezeDate;
  if (freezeDate === undefined || facts.today < freezeDate || facts.overrideOpen) return null;
  return {
    code: 'rid_frozen',
    field,
    freezeDate,
    message: `The content of ${releaseName} is fixed: its Release Implementation Document is frozen from ${dayInWords(freezeDate)}, when the notice period before go-live started (D10.15). An allocation change needs the Panel’s recorded override of the freeze first`,
  };
}

/**
 * Ruling 15: a change of a release's scope applies at once while no RID version is approved;
 * after approval it is pending until a RID amendment carrying it is approved.
 */
export function changeMode(facts: Pick<ScopeFacts, 'approvedRidNumber'>): 'direct' | 'pending' {
  return facts.approvedRidNumber === null ? 'direct' : 'pending';
}

/** An allocation as ruling 15 sees it. */
export interface ScopePart {
  id: number;
  modificationId: number;
  part: string;
  pendingChange: PendingChange | null;
  descopedAt: Date | null;
  implementedAt: Date | null;
}

/** A part as the approved RID's content (D10.13(a)) lists it. */
export interface ContentKey {
  modificationId: number;
  part: string;
}

const keyOf = (item: ContentKey): string => `${item.modificationId}/${item.part}`;

/** What approving a RID version does to one allocation (see `approvalEffects`). */
export interface ApprovalEffect {
  allocationId: number;
  effect: 'addition_applied' | 'removal_applied' | 'addition_held';
}

/**
 * What approving a RID version does to the release's allocations (ruling 15):
 * - `addition_applied`: a pending addition the version carries is in force;
 * - `removal_applied`: a pending removal the version no longer lists is de-scoped;
 * - `addition_held`: a part in force that the version does not list (allocated after the
 *   version was submitted) becomes a pending addition: the approved RID fixes the content.
 * A pending change the version does not carry stays pending. De-scoped and implemented parts are
 * left alone.
 */
export function approvalEffects(
  parts: readonly ScopePart[],
  content: readonly ContentKey[],
): ApprovalEffect[] {
  const carried = new Set(content.map(keyOf));
  return parts.flatMap((part): ApprovalEffect[] => {
    if (part.descopedAt !== null || part.implementedAt !== null) return [];
    const listed = carried.has(keyOf(part));
    if (part.pendingChange === 'addition' && listed)
      return [{ allocationId: part.id, effect: 'addition_applied' }];
    if (part.pendingChange === 'removal' && !listed)
      return [{ allocationId: part.id, effect: 'removal_applied' }];
    if (part.pendingChange === null && !listed)
      return [{ allocationId: part.id, effect: 'addition_held' }];
    return [];
  });
}

/** A difference between the release's scope and its approved RID. */
export interface ScopeDifferenceItem {
  /** The allocation concerned; null for a part the approved RID lists that the release lost. */
  allocationId: number | null;
  modificationId: number;
  reference: string;
  part: string;
  /** True while a RID amendment is awaited (a recorded pending change). */
  pending: boolean;
}

export interface ScopeDifference {
  /** The approved RID version compared with; null before any approval (nothing is fixed). */
  approvedRidNumber: number | null;
  /** In the release, not in the approved RID. */
  additions: ScopeDifferenceItem[];
  /** In the approved RID, leaving (or gone from) the release. */
  removals: ScopeDifferenceItem[];
}

/**
 * Ruling 15, D10.13(a): the difference between the release's scope (its allocations not
 * de-scoped, pending additions included, pending removals leaving) and the content of its approved
 * RID. Empty before any approval, and when the two agree.
 */
export function scopeDifference(
  parts: readonly (ScopePart & { reference: string })[],
  approved: { number: number; content: readonly (ContentKey & { reference: string })[] } | null,
): ScopeDifference {
  if (approved === null) return { approvedRidNumber: null, additions: [], removals: [] };
  const listed = new Set(approved.content.map(keyOf));
  const held = parts.filter((p) => p.descopedAt === null);
  const heldKeys = new Set(held.map(keyOf));
  const item = (p: ScopePart & { reference: string }): ScopeDifferenceItem => ({
    allocationId: p.id,
    modificationId: p.modificationId,
    reference: p.reference,
    part: p.part,
    pending: p.pendingChange !== null,
  });
  return {
    approvedRidNumber: approved.number,
    additions: held.filter((p) => p.pendingChange !== 'removal' && !listed.has(keyOf(p))).map(item),
    removals: [
      ...held.filter((p) => p.pendingChange === 'removal').map(item),
      ...approved.content
        .filter((c) => !heldKeys.has(keyOf(c)))
        .map((c) => ({
          allocationId: null,
          modificationId: c.modificationId,
          reference: c.reference,
          part: c.part,
          pending: false,
        })),
    ],
  };
}

/** A live allocation with its release, as ruling 17 checks it. */
export interface StepPart {
  allocationId: number;
  releaseId: number;
  releaseName: string;
  goLive: string;
  modificationId: number;
  reference: string;
  part: string;
}

/**
 * Ruling 17: the allocations out of step with their modification's implementation date (see
 * `outOfStep`), each with the problem. A modification without a standing is in step.
 */
export function allocationsOutOfStep<T extends StepPart>(
  parts: readonly T[],
  standings: readonly DateStanding[],
): (T & { problem: OutOfStep; implementationDate: string })[] {
  const byId = new Map(standings.map((s) => [s.modificationId, s]));
  return parts.flatMap((part) => {
    const standing = byId.get(part.modificationId);
    if (!standing || standing.implementationDate === null) return [];
    const problem = outOfStep(part.reference, standing, {
      name: part.releaseName,
      goLive: part.goLive,
    });
    return problem ? [{ ...part, problem, implementationDate: standing.implementationDate }] : [];
  });
}

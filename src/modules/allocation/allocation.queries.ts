/**
 * What the release pages and the modules after allocation use of it (D10.7, D10.8(a)(e)); the
 * store stays private. Reads: a release's allocations, the approved modifications not yet
 * allocated, those that may be, the allocations out of step with their implementation date
 * (ruling 17). In the go-live decision's unit of work: the release's live parts marked
 * implemented, and whether each part of a modification is.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { dateStandings } from '../timetable/timetable.queries.ts';
import type { OutOfStep } from '../timetable/timetable.ts';
import {
  allocationsOutOfStep,
  scopeDifference,
  type ScopeDifference,
  type StepPart,
} from './allocation-scope.ts';
import { allocationsOf, approvedContentOf, stepPartsOf } from './allocation.store.ts';

export {
  allocatableModifications,
  allocationsOf,
  implementedFlagsOf,
  modificationCountsOf,
  saveLivePartsImplemented as implementLiveParts,
  unallocatedModifications,
  type Allocation,
  type AllocationView,
  type UnallocatedModification,
} from './allocation.store.ts';

/** An allocation out of step with its modification's implementation date (ruling 17). */
export type OutOfStepPart = StepPart & { problem: OutOfStep; implementationDate: string };

/**
 * Ruling 17: the allocations of releases not yet live that are out of step with their
 * modification's implementation date (see `outOfStep`); of one modification, or of all.
 */
export async function outOfStepParts(
  db: Kysely<DB>,
  modificationId?: number,
): Promise<OutOfStepPart[]> {
  const parts = await stepPartsOf(db, modificationId);
  const standings = await dateStandings(
    db,
    parts.map((p) => p.modificationId),
  );
  return allocationsOutOfStep(parts, standings);
}

/**
 * Ruling 15, D10.13(a): how the release's scope (its allocations, pending changes included)
 * differs from the content of its approved RID; empty before any approval.
 */
export async function scopeAgainstRid(db: Kysely<DB>, releaseId: number): Promise<ScopeDifference> {
  const [parts, approved] = await Promise.all([
    allocationsOf(db, releaseId),
    approvedContentOf(db, releaseId),
  ]);
  return scopeDifference(parts, approved);
}

/**
 * What the release pages and the modules after allocation use of it (D10.7, D10.8(a)(e)); the
 * store stays private. Reads: a release's allocations, the approved modifications not yet
 * allocated, those that may be. In the go-live decision's unit of work: the release's live parts
 * marked implemented, and whether each part of a modification is.
 */
export {
  allocatableModifications,
  allocationsOf,
  implementedFlagsOf,
  saveLivePartsImplemented as implementLiveParts,
  unallocatedModifications,
  type Allocation,
  type AllocationView,
  type UnallocatedModification,
} from './allocation.store.ts';

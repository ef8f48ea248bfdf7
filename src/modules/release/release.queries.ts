/**
 * The reads of releases the modules after release use (A-REL, D10.8): a release by id, the list
 * by go-live date, and a release locked for a use case's unit of work. The store stays private.
 */
export { findRelease, listReleases, lockRelease, type Release } from './release.store.ts';

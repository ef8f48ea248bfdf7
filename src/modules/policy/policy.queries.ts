/**
 * The reads of the Policy that other modules use (the version that governs a release, the
 * versions in force over time); the Policy's store stays private to this module.
 */
export { findPolicyVersion, listPolicyVersions } from './policy.store.ts';

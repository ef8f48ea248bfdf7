/**
 * What the modules after release use of it (A-REL, D10.8); the store stays private. Reads: a
 * release by id, the list by go-live date, a Panel decision by id. In another module's unit of
 * work: a release locked for the use case, its version bumped when its scope changes, a Panel
 * de-scoping decision recorded (allocation), and its new status or go-live date saved (the RID's
 * approval, the Panel's go-live decision); the caller audits. The Panel's cancellations, deferrals
 * and notice exceptions (ruling 16): recorded by go-live's deferral, read by the go-live decision.
 */
export {
  findRelease,
  findReleaseDecision,
  insertReleaseDecision,
  insertReleasePanelDecision,
  panelDecisionsOf,
  listReleases,
  lockRelease,
  saveReleaseState,
  touchRelease,
  type Release,
  type ReleasePanelDecision,
} from './release.store.ts';

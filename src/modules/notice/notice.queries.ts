/**
 * What the modules after notice use of it (D10.8(c)); the store stays private: the notices of a
 * release, which the go-live decision checks (D10.15, ruling 16).
 */
export { noticeCounts, noticesOf, type ReleaseNotice } from './notice.store.ts';
export { allNotices } from './notice.store.ts';

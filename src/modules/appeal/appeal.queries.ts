/** What other modules read of appeals (D10.17): the release and RID pages show them. */
export { appealsOfRelease } from './appeal.store.ts';
export type { Appeal } from './appeal.ts';

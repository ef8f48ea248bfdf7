import type { Principal } from '../identity/identity.ts';
import { canReadRefinement } from '../refinement/refinement.access.ts';
import { canReadImplementation } from '../timetable/timetable.access.ts';

/** A section of a modification's pages: "summary", "refinement" or "implementation". */
export type ModificationSection = 'summary' | 'refinement' | 'implementation';

/**
 * The sections of a modification a reader may open, by the policies their routes use: the
 * summary is public (the register), refinement and implementation are for those signed in.
 */
export function modificationSections(principal: Principal | null): ModificationSection[] {
  return [
    'summary',
    ...(canReadRefinement(principal) ? (['refinement'] as const) : []),
    ...(canReadImplementation(principal) ? (['implementation'] as const) : []),
  ];
}

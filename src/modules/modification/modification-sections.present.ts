import type { Principal } from '../identity/identity.ts';
import { canReadRefinement } from '../refinement/refinement.access.ts';
import { canReadImplementation } from '../timetable/timetable.access.ts';
import { canManageCodeText } from '../code-text/code-text.access.ts';

/** A section of a modification's pages: "summary", "refinement", "implementation" or "legal-text". */
export type ModificationSection = 'summary' | 'refinement' | 'implementation' | 'legal-text';

/**
 * The sections of a modification a reader may open, by the policies their routes use: the
 * summary is public (the register), refinement and implementation are for those signed in,
 * and the legal text (issue 14) for SECAS, who authors it.
 */
export function modificationSections(principal: Principal | null): ModificationSection[] {
  return [
    'summary',
    ...(canReadRefinement(principal) ? (['refinement'] as const) : []),
    ...(canReadImplementation(principal) ? (['implementation'] as const) : []),
    ...(canManageCodeText(principal) ? (['legal-text'] as const) : []),
  ];
}

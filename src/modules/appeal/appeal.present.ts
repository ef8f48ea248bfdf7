import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import {
  APPEAL_STATUS_NAMES,
  FURTHER_APPEAL_OUTCOME_NAMES,
  type Appeal,
  type FurtherAppeal,
} from './appeal.ts';
import { canSeeAppealReasons } from './appeal.access.ts';

/** A further appeal to the CMA as pages show it, with its outcome's name. */
export type VisibleFurtherAppeal = FurtherAppeal & { outcomeName: string | null };

/** An appeal as a page or the API shows it to `principal`: reasons null when hidden. */
export interface VisibleAppeal extends Omit<Appeal, 'reasons' | 'furtherAppeal'> {
  reasons: string | null;
  statusName: string;
  furtherAppeal: VisibleFurtherAppeal | null;
}

/**
 * D10.17: the appeals as `principal` may see them: the reasons are kept only for the Panel,
 * SECAS, the Authority, the DCC and the appellant (canSeeAppealReasons), null for anyone else.
 */
export function visibleReasons(
  appeals: readonly Appeal[],
  principal: Principal | null,
): VisibleAppeal[] {
  return appeals.map((appeal) => ({
    ...appeal,
    statusName: APPEAL_STATUS_NAMES[appeal.status],
    furtherAppeal:
      appeal.furtherAppeal === null
        ? null
        : {
            ...appeal.furtherAppeal,
            outcomeName:
              appeal.furtherAppeal.outcome === null
                ? null
                : FURTHER_APPEAL_OUTCOME_NAMES[appeal.furtherAppeal.outcome],
          },
    reasons: canSeeAppealReasons(principal, { organisationId: appeal.organisationId })
      ? appeal.reasons
      : null,
  }));
}

/** D10.17, s.173 Energy Act 2004: the API's view of a further appeal to the CMA. */
export function presentFurtherAppeal(further: VisibleFurtherAppeal | null) {
  if (further === null) return null;
  return {
    to: 'Competition and Markets Authority',
    appellant: further.appellant,
    broughtOn: further.broughtOn,
    details: further.details,
    recordedAt: new Date(further.recordedAt).toISOString(),
    outcome: further.outcome,
    outcomeName: further.outcomeName,
    outcomeText: further.outcomeText,
    decidedOn: further.decidedOn,
  };
}

/** The API's view of an appeal. */
export function presentAppeal(appeal: VisibleAppeal) {
  return {
    id: appeal.id,
    releaseId: appeal.releaseId,
    releaseName: appeal.releaseName,
    ridVersionId: appeal.ridVersionId,
    ridVersionNumber: appeal.ridVersionNumber,
    organisation: { id: appeal.organisationId, name: appeal.organisationName },
    lodgedAt: new Date(appeal.lodgedAt).toISOString(),
    reasons: appeal.reasons,
    status: appeal.status,
    statusName: appeal.statusName,
    determination: appeal.determination,
    determinedOn: appeal.determinedOn,
    furtherAppeal: presentFurtherAppeal(appeal.furtherAppeal),
    version: appeal.version,
  };
}

/** One appeal as `principal` may see it (the reasons hidden from those who may not). */
export function visibleAppeal(appeal: Appeal, principal: Principal | null): VisibleAppeal {
  const [visible] = visibleReasons([appeal], principal);
  if (!visible) throw new AppError('not_found', `There is no appeal ${appeal.id}`);
  return visible;
}

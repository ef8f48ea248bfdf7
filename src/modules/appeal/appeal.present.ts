import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { APPEAL_STATUS_NAMES, type Appeal } from './appeal.ts';
import { canSeeAppealReasons } from './appeal.access.ts';

/** An appeal as a page or the API shows it to `principal`: reasons null when hidden. */
export interface VisibleAppeal extends Omit<Appeal, 'reasons'> {
  reasons: string | null;
  statusName: string;
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
    reasons: canSeeAppealReasons(principal, { organisationId: appeal.organisationId })
      ? appeal.reasons
      : null,
  }));
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
    version: appeal.version,
  };
}

/** One appeal as `principal` may see it (the reasons hidden from those who may not). */
export function visibleAppeal(appeal: Appeal, principal: Principal | null): VisibleAppeal {
  const [visible] = visibleReasons([appeal], principal);
  if (!visible) throw new AppError('not_found', `There is no appeal ${appeal.id}`);
  return visible;
}

import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease } from '../release/release.queries.ts';
import { APPEAL_STATUS_NAMES, appealWindowOf, deadlineInWords, type Appeal } from './appeal.ts';
import { canSeeAppealReasons } from './appeal.access.ts';
import { appealsOfRelease, approvalsOf, findAppeal } from './appeal.store.ts';

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

/** One appeal as `principal` may see it; 404 when there is none. */
export async function visibleAppeal(
  db: Kysely<DB>,
  id: number,
  principal: Principal | null,
): Promise<VisibleAppeal> {
  const appeal = await findAppeal(db, id);
  if (!appeal) throw new AppError('not_found', `There is no appeal ${id}`);
  const [visible] = visibleReasons([appeal], principal);
  if (!visible) throw new AppError('not_found', `There is no appeal ${id}`);
  return visible;
}

/** A version's appeal window, for the API and pages. */
export interface WindowView {
  ridVersionNumber: number;
  ridVersionStatus: string;
  publishedAt: string | null;
  deadline: string | null;
  deadlineWords: string | null;
  state: 'unpublished' | 'open' | 'closed';
}

/**
 * D10.17, ruling 1: a release with each approved RID version's own appeal window at this instant,
 * and its appeals as `principal` may see them.
 */
export async function releaseAppeals(
  ctx: AppContext,
  releaseId: number,
  principal: Principal | null,
) {
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const [calendar, approvals, appeals] = await Promise.all([
    calendarFor(ctx),
    approvalsOf(ctx.db, releaseId),
    appealsOfRelease(ctx.db, releaseId),
  ]);
  const now = ctx.now();
  const windows: WindowView[] = [];
  for (const version of approvals) {
    const window = appealWindowOf(calendar, version, now);
    if (window.state === 'not_approved') continue;
    const deadline = window.state === 'unpublished' ? null : window.deadline;
    windows.push({
      ridVersionNumber: version.number,
      ridVersionStatus: version.status,
      publishedAt: version.publishedAt,
      deadline,
      deadlineWords: deadline === null ? null : deadlineInWords(deadline),
      state: window.state,
    });
  }
  return { release, windows, appeals: visibleReasons(appeals, principal) };
}

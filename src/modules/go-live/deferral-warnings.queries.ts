import type { AppContext, Db } from '../../app-context.ts';
import { releaseTypeOf } from '../policy/policy-dates.ts';
import { governingPolicyOf, type GovernedRelease } from '../policy/policy.queries.ts';
import { findRelease } from '../release/release.queries.ts';
import { checkDeferral, goLiveWarnings, type GoLiveWarning } from '../release/release.ts';

/**
 * Issue 13, D10.5 and ruling 16: the warnings on the new go-live date of a deferral (the Panel's
 * status deferral or a go-live decision to defer): a date in the past, or off the weekday the
 * governing Policy gives the release's type (`goLiveWarnings`, field `deferredTo`). The forms ask
 * to confirm them before committing; the API returns them with its answer. `release` carries the
 * new go-live date, so the Policy is the one that governs the release as deferred (ruling 14).
 */
export async function deferralWarnings(
  ctx: Pick<AppContext, 'db' | 'config'>,
  release: GovernedRelease,
  deferredTo: string,
  today: string,
  db: Db = ctx.db,
): Promise<GoLiveWarning[]> {
  const policy = await governingPolicyOf(ctx, release, today, db);
  const type = policy ? releaseTypeOf(policy, release.release_type) : undefined;
  return goLiveWarnings(type, deferredTo, today, 'deferredTo');
}

/**
 * Issue 13: what a deferral form asks the person to confirm before committing: the warnings on
 * its new date, once the date itself would be accepted (`checkDeferral`: a refused date is shown
 * as the action's refusal, not as a warning). The decision's other checks (meeting, reasons,
 * criteria) run in the action when the confirmed form is sent.
 */
export async function deferralWarningsToConfirm(
  ctx: Pick<AppContext, 'db' | 'config'>,
  releaseId: number,
  deferredTo: string,
  today: string,
): Promise<GoLiveWarning[]> {
  const release = await findRelease(ctx.db, releaseId);
  if (!release || checkDeferral({ ...release, goLive: release.go_live }, deferredTo)) return [];
  return deferralWarnings(ctx, { ...release, go_live: deferredTo }, deferredTo, today);
}

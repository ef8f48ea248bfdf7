import { inTransaction, type AppContext, type Db } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import type { CostsMechanism } from '../policy/policy-mechanisms.ts';
import { governingPolicyOf } from '../policy/policy.queries.ts';
import {
  canReadCosts,
  canRecordCostReviews,
  canRecordCosts,
  canRequestCostReport,
} from './cost.access.ts';
import {
  checkCostLine,
  checkCostReview,
  checkReportRequest,
  costSummary,
  type ComponentCosts,
  type CostLineInput,
  type CostReviewInput,
} from './cost.ts';
import { refuse } from '../release/release.actions.ts';
import { findRelease, lockRelease, type Release } from '../release/release.queries.ts';
import {
  costLinesOf,
  costReviewsOf,
  insertCostLine,
  insertCostReview,
  insertReportRequest,
  markReportsProduced,
  reportRequestsOf,
  supersedeCostLines,
  type CostLine,
  type CostReportRequest,
  type CostReview,
} from './cost.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export type { CostLine, CostReportRequest, CostReview };

/** The costs mechanism of the Policy version governing a release on `today` (ruling 14). */
export async function costsMechanismOf(
  ctx: Pick<AppContext, 'db' | 'config'>,
  release: Release,
  today: string,
  db: Db = ctx.db,
): Promise<CostsMechanism | undefined> {
  return (await governingPolicyOf(ctx, release, today, db))?.mechanisms.costs;
}

export interface ReleaseCosts {
  release: Release;
  mechanism: CostsMechanism | undefined;
  current: CostLine[];
  superseded: CostLine[];
  rows: ComponentCosts[];
  total: ComponentCosts;
  reviews: CostReview[];
  requests: CostReportRequest[];
}

/** D10.8(d): a release's cost lines (current and superseded), totals, variance, reviews and requests. */
export async function releaseCosts(
  ctx: Pick<AppContext, 'db' | 'config'>,
  releaseId: number,
  today: string,
  db: Db = ctx.db,
): Promise<ReleaseCosts> {
  const release = await findRelease(db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const mechanism = await costsMechanismOf(ctx, release, today, db);
  const lines = await costLinesOf(db, releaseId);
  const current = lines.filter((l) => l.supersededAt === null);
  const summary = costSummary(mechanism?.components ?? [], current);
  const reviews = await costReviewsOf(db, releaseId);
  const requests = await reportRequestsOf(db, releaseId);
  return {
    release,
    mechanism,
    current,
    superseded: lines.filter((l) => l.supersededAt !== null),
    ...summary,
    reviews,
    requests,
  };
}

/** D10.8(d): the Panel, SECAS, the Authority and the DCC read a release's costs. */
export async function readCosts(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
): Promise<ReleaseCosts> {
  actorOf(
    requireActor(
      principal,
      canReadCosts,
      'Release costs are seen by the Panel, SECAS, the Authority and the DCC',
    ),
  );
  return releaseCosts(ctx, releaseId, todayOf(ctx.now()));
}

/**
 * D10.8(d), ruling 11: SECAS records a forecast or actual line for a component; a new line for the
 * same component and kind supersedes the previous one, which stays in the history.
 */
export async function recordCostLine(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: CostLineInput,
): Promise<CostLine> {
  const actor = actorOf(
    requireActor(principal, canRecordCosts, 'Only SECAS records release costs'),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    const mechanism = await costsMechanismOf(ctx, release, todayOf(unit.now), unit.trx);
    const amount = checkCostLine(mechanism, input, release.status);
    if ('code' in amount) throw new AppError(amount.code, amount.message, { field: amount.field });
    const kind = input.kind as CostLine['kind'];
    const previous = await supersedeCostLines(unit.trx, releaseId, input.component, kind, unit.now);
    const line = await insertCostLine(unit.trx, {
      release_id: releaseId,
      component: input.component,
      kind,
      amount_pence: amount.pence,
      note: input.note.trim(),
      recorded_by: actor.id,
      recorded_at: unit.now,
      superseded_at: null,
    });
    await unit.audit({
      action: 'release.cost_recorded',
      subjectType: 'release',
      subjectId: String(releaseId),
      before: previous[0] ? { lineId: previous[0].id, amountPence: previous[0].amountPence } : null,
      after: {
        lineId: line.id,
        component: line.component,
        kind,
        amountPence: amount.pence,
        note: line.note,
      },
    });
    return line;
  });
}

/** D10.8(d), ruling 11: the Panel's cost review, recorded by the Panel Chair or SECAS. */
export async function recordCostReview(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: CostReviewInput,
): Promise<CostReview> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordCostReviews,
      'Only the Panel Chair or SECAS records the Panel’s cost review',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    const mechanism = await costsMechanismOf(ctx, release, todayOf(unit.now), unit.trx);
    refuse(checkCostReview(mechanism, input, todayOf(unit.now)));
    const review = await insertCostReview(unit.trx, {
      release_id: releaseId,
      review_point: input.reviewPoint,
      reviewed_on: input.reviewedOn,
      conclusions: input.conclusions.trim(),
      recorded_by: actor.id,
      recorded_at: unit.now,
    });
    await unit.audit({
      action: 'release.cost_reviewed',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: {
        reviewId: review.id,
        reviewPoint: review.reviewPoint,
        reviewedOn: review.reviewedOn,
        conclusions: review.conclusions,
      },
    });
    return review;
  });
}

/** D10.8(d), ruling 11: the Authority (or SECAS on its behalf) requests the cost report. */
export async function requestCostReport(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: { requestedOn?: string | undefined },
): Promise<CostReportRequest> {
  const actor = actorOf(
    requireActor(
      principal,
      canRequestCostReport,
      'Only the Authority, or SECAS on its behalf, requests a cost report',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    await lockRelease(unit.trx, releaseId);
    const today = todayOf(unit.now);
    const requestedOn = input.requestedOn?.trim() || today;
    refuse(checkReportRequest(requestedOn, today));
    const request = await insertReportRequest(unit.trx, {
      release_id: releaseId,
      requested_on: requestedOn,
      requested_by: actor.id,
      produced_at: null,
      recorded_at: unit.now,
    });
    await unit.audit({
      action: 'release.cost_report_requested',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: { requestId: request.id, requestedOn },
    });
    return request;
  });
}

/**
 * D10.8(d), ruling 11: producing the report; the first production after an outstanding request
 * answers it (produced_at set, audited).
 */
export async function produceCostReport(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
): Promise<ReleaseCosts & { answers: CostReportRequest | undefined }> {
  const actor = actorOf(
    requireActor(
      principal,
      canReadCosts,
      'Release costs are seen by the Panel, SECAS, the Authority and the DCC',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    await lockRelease(unit.trx, releaseId);
    const outstanding = await markReportsProduced(unit.trx, releaseId, unit.now);
    for (const request of outstanding)
      await unit.audit({
        action: 'release.cost_report_produced',
        subjectType: 'release',
        subjectId: String(releaseId),
        after: { requestId: request.id, requestedOn: request.requestedOn },
      });
    const costs = await releaseCosts(ctx, releaseId, todayOf(unit.now), unit.trx);
    const answers =
      outstanding.at(-1) ?? [...costs.requests].reverse().find((r) => r.producedAt !== null);
    return { ...costs, answers };
  });
}

import type { AppContext, Db } from '../../app-context.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { AppError } from '../../errors.ts';
import { findRelease } from '../release/release.queries.ts';
import {
  isOverdue,
  sectionName,
  STATUS_NAMES,
  type DccRequestStatus,
  type DccRequestView,
} from './dcc-request.ts';
import { dccRequestsOf, findDccRequest } from './dcc-request.store.ts';

/** Requests per page of `GET /api/v1/dcc-requests` and of the worklist page. */
export const DCC_REQUEST_PAGE_SIZE = 25;

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** A request as the API and the pages show it; `overdue` is worked out for London `today`. */
export function presentDccRequest(row: DccRequestView, today: string) {
  return {
    id: row.id,
    releaseId: row.releaseId,
    releaseName: row.releaseName,
    ridSection: row.ridSection,
    ridSectionName: sectionName(row.ridSection) || null,
    subject: row.subject,
    detail: row.detail,
    dueDate: row.dueDate,
    status: row.status,
    statusName: STATUS_NAMES[row.status],
    overdue: isOverdue({ status: row.status, dueDate: row.dueDate }, today),
    requestedBy: row.requestedByName,
    requestedAt: iso(row.requestedAt) ?? '',
    response: row.response,
    respondedBy: row.respondedByName,
    respondedAt: iso(row.respondedAt),
    withdrawalReason: row.withdrawalReason,
    withdrawnBy: row.withdrawnByName,
    withdrawnAt: iso(row.withdrawnAt),
    remindedAt: iso(row.remindedAt),
    overdueNotifiedAt: iso(row.overdueNotifiedAt),
    version: row.version,
  };
}

export type PresentedDccRequest = ReturnType<typeof presentDccRequest>;

/** A request as the RID page lists it. */
export interface ReleaseRequestSummary {
  id: number;
  ridSection: string | null;
  /** "(b) Timescales, including DCC and User testing", or '' when the request names no section. */
  sectionName: string;
  subject: string;
  dueDate: string;
  status: DccRequestStatus;
  overdue: boolean;
  href: string;
}

/**
 * D10.14: the information requests of a release, for the RID page: section, subject, due date,
 * status and whether it is overdue on the London date of `now` (pass `ctx.now()`).
 */
export async function requestsOfRelease(
  db: Db,
  releaseId: number,
  now: Date,
): Promise<ReleaseRequestSummary[]> {
  const today = todayOf(now);
  return (await dccRequestsOf(db, releaseId)).map((row) => ({
    id: row.id,
    ridSection: row.ridSection,
    sectionName: sectionName(row.ridSection),
    subject: row.subject,
    dueDate: row.dueDate,
    status: row.status,
    overdue: isOverdue({ status: row.status, dueDate: row.dueDate }, today),
    href: `/dcc-requests/${row.id}`,
  }));
}

/** D10.10: a release and its requests, or not_found. */
export async function releaseRequests(ctx: AppContext, releaseId: number) {
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  return { release, requests: await dccRequestsOf(ctx.db, releaseId) };
}

/** D10.10: one request, or not_found. */
export async function requestById(ctx: AppContext, id: number): Promise<DccRequestView> {
  const row = await findDccRequest(ctx.db, id);
  if (!row) throw new AppError('not_found', `There is no information request ${id}`);
  return row;
}

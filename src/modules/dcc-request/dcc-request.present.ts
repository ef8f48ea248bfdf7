import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { findRelease } from '../release/release.queries.ts';
import { isOverdue, sectionName, STATUS_NAMES, type DccRequestStatus } from './dcc-request.ts';
import { dccRequestsOf, findDccRequest, type DccRequestView } from './dcc-request.store.ts';

/** Requests per page of `GET /api/v1/dcc-requests` and of the worklist page. */
export const DCC_REQUEST_PAGE_SIZE = 25;

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** A request as the API and the pages show it; `overdue` is worked out for London `today`. */
export function presentDccRequest(row: DccRequestView, today: string) {
  return {
    id: row.id,
    releaseId: row.release_id,
    releaseName: row.release_name,
    ridSection: row.rid_section,
    ridSectionName: sectionName(row.rid_section) || null,
    subject: row.subject,
    detail: row.detail,
    dueDate: row.due_date,
    status: row.status,
    statusName: STATUS_NAMES[row.status],
    overdue: isOverdue({ status: row.status, dueDate: row.due_date }, today),
    requestedBy: row.requested_by_name,
    requestedAt: iso(row.requested_at) ?? '',
    response: row.response,
    respondedBy: row.responded_by_name,
    respondedAt: iso(row.responded_at),
    withdrawalReason: row.withdrawal_reason,
    withdrawnBy: row.withdrawn_by_name,
    withdrawnAt: iso(row.withdrawn_at),
    remindedAt: iso(row.reminded_at),
    overdueNotifiedAt: iso(row.overdue_notified_at),
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
  db: Kysely<DB>,
  releaseId: number,
  now: Date = new Date(),
): Promise<ReleaseRequestSummary[]> {
  const today = londonDateOf(now.toISOString());
  return (await dccRequestsOf(db, releaseId)).map((row) => ({
    id: row.id,
    ridSection: row.rid_section,
    sectionName: sectionName(row.rid_section),
    subject: row.subject,
    dueDate: row.due_date,
    status: row.status,
    overdue: isOverdue({ status: row.status, dueDate: row.due_date }, today),
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

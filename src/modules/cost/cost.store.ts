import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type {
  CostLineTable,
  CostReportRequestTable,
  CostReviewTable,
  DB,
} from '../../db/schema.ts';

/** D10.8(d), ruling 11: a forecast or actual amount for a component; a newer one supersedes it. */
export interface CostLine {
  id: number;
  releaseId: number;
  component: string;
  kind: 'forecast' | 'actual';
  amountPence: number;
  note: string;
  recordedBy: number | null;
  recordedAt: Date;
  supersededAt: Date | null;
}

/** D10.8(d), ruling 11: the Panel's cost review at a review point. */
export interface CostReview {
  id: number;
  releaseId: number;
  reviewPoint: string;
  reviewedOn: string;
  conclusions: string;
  recordedBy: number | null;
  recordedAt: Date;
}

/** Ruling 11: the Authority's request for the cost report, and when it was produced. */
export interface CostReportRequest {
  id: number;
  releaseId: number;
  requestedOn: string;
  requestedBy: number | null;
  producedAt: Date | null;
  recordedAt: Date;
}

function toCostLine(row: Selectable<CostLineTable>): CostLine {
  return {
    id: row.id,
    releaseId: row.release_id,
    component: row.component,
    kind: row.kind,
    amountPence: row.amount_pence,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
    supersededAt: row.superseded_at,
  };
}

function toCostReview(row: Selectable<CostReviewTable>): CostReview {
  return {
    id: row.id,
    releaseId: row.release_id,
    reviewPoint: row.review_point,
    reviewedOn: row.reviewed_on,
    conclusions: row.conclusions,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

function toReportRequest(row: Selectable<CostReportRequestTable>): CostReportRequest {
  return {
    id: row.id,
    releaseId: row.release_id,
    requestedOn: row.requested_on,
    requestedBy: row.requested_by,
    producedAt: row.produced_at,
    recordedAt: row.recorded_at,
  };
}

/** D10.8(d): every cost line of a release, current and superseded, in the order recorded. */
export async function costLinesOf(db: Kysely<DB>, releaseId: number): Promise<CostLine[]> {
  const rows = await db
    .selectFrom('cost_line')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
  return rows.map(toCostLine);
}

/** D10.8(d): the Panel's cost reviews of a release, by review date. */
export async function costReviewsOf(db: Kysely<DB>, releaseId: number): Promise<CostReview[]> {
  const rows = await db
    .selectFrom('cost_review')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('reviewed_on')
    .orderBy('id')
    .execute();
  return rows.map(toCostReview);
}

/** Ruling 11: the Authority's requests for a release's cost report, in the order made. */
export async function reportRequestsOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<CostReportRequest[]> {
  const rows = await db
    .selectFrom('cost_report_request')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
  return rows.map(toReportRequest);
}

/**
 * Ruling 11: supersedes the current line of a component and kind (at most one); returns what
 * was superseded.
 */
export async function supersedeCostLines(
  trx: Transaction<DB>,
  releaseId: number,
  component: string,
  kind: CostLine['kind'],
  at: Date,
): Promise<{ id: number; amountPence: number }[]> {
  return trx
    .updateTable('cost_line')
    .set({ superseded_at: at })
    .where('release_id', '=', releaseId)
    .where('component', '=', component)
    .where('kind', '=', kind)
    .where('superseded_at', 'is', null)
    .returning(['id', 'amount_pence as amountPence'])
    .execute();
}

export async function insertCostLine(
  trx: Transaction<DB>,
  values: Omit<Insertable<CostLineTable>, 'id'>,
): Promise<CostLine> {
  const row = await trx
    .insertInto('cost_line')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCostLine(row);
}

export async function insertCostReview(
  trx: Transaction<DB>,
  values: Omit<Insertable<CostReviewTable>, 'id'>,
): Promise<CostReview> {
  const row = await trx
    .insertInto('cost_review')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCostReview(row);
}

export async function insertReportRequest(
  trx: Transaction<DB>,
  values: Omit<Insertable<CostReportRequestTable>, 'id'>,
): Promise<CostReportRequest> {
  const row = await trx
    .insertInto('cost_report_request')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReportRequest(row);
}

/** Ruling 11: marks every outstanding request for the report produced; returns them. */
export async function markReportsProduced(
  trx: Transaction<DB>,
  releaseId: number,
  at: Date,
): Promise<CostReportRequest[]> {
  const rows = await trx
    .updateTable('cost_report_request')
    .set({ produced_at: at })
    .where('release_id', '=', releaseId)
    .where('produced_at', 'is', null)
    .returningAll()
    .execute();
  return rows.map(toReportRequest);
}

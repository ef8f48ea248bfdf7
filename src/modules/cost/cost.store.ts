import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type {
  CostLineTable,
  CostReportRequestTable,
  CostReviewTable,
  DB,
} from '../../db/schema.ts';

export type CostLine = Selectable<CostLineTable>;
export type CostReview = Selectable<CostReviewTable>;
export type CostReportRequest = Selectable<CostReportRequestTable>;

/** D10.8(d): every cost line of a release, current and superseded, in the order recorded. */
export async function costLinesOf(db: Kysely<DB>, releaseId: number): Promise<CostLine[]> {
  return db
    .selectFrom('cost_line')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
}

/** D10.8(d): the Panel's cost reviews of a release, by review date. */
export async function costReviewsOf(db: Kysely<DB>, releaseId: number): Promise<CostReview[]> {
  return db
    .selectFrom('cost_review')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('reviewed_on')
    .orderBy('id')
    .execute();
}

/** Ruling 11: the Authority's requests for a release's cost report, in the order made. */
export async function reportRequestsOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<CostReportRequest[]> {
  return db
    .selectFrom('cost_report_request')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
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
): Promise<{ id: number; amount_pence: number }[]> {
  return trx
    .updateTable('cost_line')
    .set({ superseded_at: at })
    .where('release_id', '=', releaseId)
    .where('component', '=', component)
    .where('kind', '=', kind)
    .where('superseded_at', 'is', null)
    .returning(['id', 'amount_pence'])
    .execute();
}

export async function insertCostLine(
  trx: Transaction<DB>,
  values: Omit<Insertable<CostLineTable>, 'id'>,
): Promise<CostLine> {
  return trx.insertInto('cost_line').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertCostReview(
  trx: Transaction<DB>,
  values: Omit<Insertable<CostReviewTable>, 'id'>,
): Promise<CostReview> {
  return trx.insertInto('cost_review').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertReportRequest(
  trx: Transaction<DB>,
  values: Omit<Insertable<CostReportRequestTable>, 'id'>,
): Promise<CostReportRequest> {
  return trx
    .insertInto('cost_report_request')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Ruling 11: marks every outstanding request for the report produced; returns them. */
export async function markReportsProduced(
  trx: Transaction<DB>,
  releaseId: number,
  at: Date,
): Promise<CostReportRequest[]> {
  return trx
    .updateTable('cost_report_request')
    .set({ produced_at: at })
    .where('release_id', '=', releaseId)
    .where('produced_at', 'is', null)
    .returningAll()
    .execute();
}

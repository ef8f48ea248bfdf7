import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DecisionKind, Outcome } from './decision.ts';

/** A recorded decision with the name of the person who recorded it. */
export interface DecisionEntry {
  id: number;
  modificationId: number;
  kind: DecisionKind;
  outcome: Outcome;
  decidedOn: string;
  notes: string;
  recordedBy: string | null;
  recordedAt: Date;
}

function decisionQuery(db: Kysely<DB>) {
  return db
    .selectFrom('decision as d')
    .leftJoin('app_user as u', 'u.id', 'd.recorded_by')
    .select([
      'd.id',
      'd.modification_id as modificationId',
      'd.kind',
      'd.outcome',
      'd.decided_on as decidedOn',
      'd.notes',
      'u.name as recordedBy',
      'd.recorded_at as recordedAt',
    ]);
}

/** A modification's decisions in the order they were taken. */
export async function listDecisions(
  db: Kysely<DB>,
  modificationId: number,
): Promise<DecisionEntry[]> {
  return decisionQuery(db)
    .where('d.modification_id', '=', modificationId)
    .orderBy('d.decided_on')
    .orderBy('d.id')
    .execute();
}

export async function findDecision(db: Kysely<DB>, id: number): Promise<DecisionEntry | undefined> {
  return decisionQuery(db).where('d.id', '=', id).executeTakeFirst();
}

/** The date of the Change Board's latest recommendation on a Path 2 modification, if any. */
export async function latestRecommendationDate(
  db: Kysely<DB>,
  modificationId: number,
): Promise<string | null> {
  const row = await db
    .selectFrom('decision')
    .select('decided_on')
    .where('modification_id', '=', modificationId)
    .where('kind', '=', 'change_board_recommendation')
    .orderBy('decided_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.decided_on ?? null;
}

/** Saves a decision taken on `decidedOn`, recorded now by `recordedBy`; returns its id. */
export async function insertDecision(
  trx: Transaction<DB>,
  decision: {
    modificationId: number;
    kind: DecisionKind;
    outcome: Outcome;
    decidedOn: string;
    notes: string;
    recordedBy: number | null;
  },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('decision')
    .values({
      modification_id: decision.modificationId,
      kind: decision.kind,
      outcome: decision.outcome,
      decided_on: decision.decidedOn,
      notes: decision.notes,
      recorded_by: decision.recordedBy,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

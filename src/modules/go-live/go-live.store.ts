import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, GoLiveDecisionTable } from '../../db/schema.ts';
import type { AllocatedModification, GoLiveCriterion, GoLiveOutcomeId } from './go-live.ts';
import { hasRequestAwaitingAuthority } from '../timetable/request-standing.ts';

/** D10.8(e), ruling 10: the Panel's go-live decision on a release, criteria by criteria. */
export interface GoLiveDecision {
  id: number;
  releaseId: number;
  outcome: GoLiveOutcomeId;
  decidedOn: string;
  /** The Panel meeting that took it (ruling 13); null for a decision recorded by date only. */
  meetingId: number | null;
  criteria: GoLiveCriterion[];
  conditions: string | null;
  deferredTo: string | null;
  reasons: string;
  recordedBy: number | null;
  recordedAt: Date;
}

function toDecision(row: Selectable<GoLiveDecisionTable>): GoLiveDecision {
  const raw =
    typeof row.criteria === 'string' ? (JSON.parse(row.criteria) as unknown) : row.criteria;
  return {
    id: row.id,
    releaseId: row.release_id,
    outcome: row.outcome,
    decidedOn: row.decided_on,
    meetingId: row.meeting_id,
    criteria: Array.isArray(raw) ? (raw as GoLiveCriterion[]) : [],
    conditions: row.conditions,
    deferredTo: row.deferred_to,
    reasons: row.reasons,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

/** D10.8(e): a release's go-live decisions, oldest first. */
export async function goLiveDecisionsOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<GoLiveDecision[]> {
  const rows = await db
    .selectFrom('go_live_decision')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
  return rows.map(toDecision);
}

export type NewGoLiveDecisionRow = Omit<Insertable<GoLiveDecisionTable>, 'id'>;

export async function insertGoLiveDecision(
  trx: Transaction<DB>,
  values: NewGoLiveDecisionRow,
): Promise<GoLiveDecision> {
  const row = await trx
    .insertInto('go_live_decision')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDecision(row);
}

/**
 * D10.5, ruling 10: the modifications of a release's live parts, with their implementation date
 * and whether a D10.5 request to the Authority counts for it (`hasRequestAwaitingAuthority`, the
 * rule allocation uses too). (A read across the allocation, modification and timetable tables
 * for the deferral rule.)
 */
export async function allocatedModifications(
  db: Kysely<DB>,
  releaseId: number,
): Promise<AllocatedModification[]> {
  const rows = await db
    .selectFrom('allocation')
    .innerJoin('modification', 'modification.id', 'allocation.modification_id')
    .leftJoin('implementation_timetable as tt', (join) =>
      join.onRef('tt.modification_id', '=', 'modification.id').on('tt.superseded_at', 'is', null),
    )
    .select([
      'modification.id',
      'modification.reference',
      'tt.implementation_date',
      'tt.created_at as timetable_set_at',
    ])
    .where('allocation.release_id', '=', releaseId)
    .where('allocation.descoped_at', 'is', null)
    .execute();
  const result = [];
  for (const row of rows) {
    const requests = await db
      .selectFrom('authority_request')
      .select(['status', 'recorded_at'])
      .where('modification_id', '=', row.id)
      .execute();
    result.push({
      reference: row.reference,
      implementationDate: row.implementation_date ?? null,
      hasAuthorityRequest: hasRequestAwaitingAuthority(
        requests.map((r) => ({ status: r.status, recordedAt: new Date(r.recorded_at) })),
        row.timetable_set_at ? new Date(row.timetable_set_at) : null,
      ),
    });
  }
  return result;
}

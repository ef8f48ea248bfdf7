import { longDate } from '../../calendar/date-words.ts';
import type { Db, Tx } from '../../app-context.ts';
import { searchTextOf } from '../modification/modification-register.ts';
import type {
  Existing,
  HistoricDecisionRecord,
  HistoricModificationRecord,
  HistoricReleaseRecord,
  HistoricRidApprovalRecord,
  HistorySource,
  HistorySubjectType,
} from './history.ts';

/**
 * Ruling 13: the history module's SQL. Its own table is `history_source`; it also writes the
 * rows a record held outside secrel stands for (a modification, a decision, a release with the
 * parts it implemented, a RID version), which the live modules never write with a past date.
 */

/** A record's published source, as stored. */
export interface StoredHistorySource extends HistorySource {
  subjectType: HistorySubjectType;
  subjectId: number;
  recordedAt: Date;
}

async function heldOutsideIds(
  db: Db,
  subjectType: HistorySubjectType,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('history_source')
    .select('subject_id')
    .where('subject_type', '=', subjectType)
    .where('subject_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.subject_id));
}

async function existingBy<K>(
  db: Db,
  subjectType: HistorySubjectType,
  rows: { id: number; key: K }[],
): Promise<Map<K, Existing>> {
  const held = await heldOutsideIds(
    db,
    subjectType,
    rows.map((row) => row.id),
  );
  return new Map(rows.map((row) => [row.key, { id: row.id, heldOutside: held.has(row.id) }]));
}

/** Modifications by reference, among `references`. */
export async function modificationsByReference(
  db: Db,
  references: readonly string[],
): Promise<Map<string, Existing>> {
  if (references.length === 0) return new Map();
  const rows = await db
    .selectFrom('modification')
    .select(['id', 'reference'])
    .where('reference', 'in', [...references])
    .execute();
  return existingBy(
    db,
    'modification',
    rows.map((row) => ({ id: row.id, key: row.reference })),
  );
}

/** Releases by name, among `names`. */
export async function releasesByName(
  db: Db,
  names: readonly string[],
): Promise<Map<string, Existing>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('release')
    .select(['id', 'name'])
    .where('name', 'in', [...names])
    .execute();
  return existingBy(
    db,
    'release',
    rows.map((row) => ({ id: row.id, key: row.name })),
  );
}

/** Decisions on the modifications `references`, by the key of a decision record. */
export async function decisionsByKey(
  db: Db,
  references: readonly string[],
): Promise<Map<string, Existing>> {
  if (references.length === 0) return new Map();
  const rows = await db
    .selectFrom('decision')
    .innerJoin('modification', 'modification.id', 'decision.modification_id')
    .select(['decision.id', 'modification.reference', 'decision.kind', 'decision.decided_on'])
    .where('modification.reference', 'in', [...references])
    .execute();
  return existingBy(
    db,
    'decision',
    rows.map((row) => ({
      id: row.id,
      key: `${row.reference} ${row.kind} ${row.decided_on}`,
    })),
  );
}

/** RID versions of the releases `names`, by the key of a RID approval record. */
export async function ridVersionsByKey(
  db: Db,
  names: readonly string[],
): Promise<Map<string, Existing>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('rid_version')
    .innerJoin('release', 'release.id', 'rid_version.release_id')
    .select(['rid_version.id', 'release.name', 'rid_version.number'])
    .where('release.name', 'in', [...names])
    .execute();
  return existingBy(
    db,
    'rid_version',
    rows.map((row) => ({ id: row.id, key: `${row.name} RID version ${String(row.number)}` })),
  );
}

/** Organisation ids by name, among `names`. */
export async function organisationsByName(
  db: Db,
  names: readonly string[],
): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('name', 'in', [...names])
    .execute();
  return new Map(rows.map((row) => [row.name, row.id]));
}

/** The catalogue's document ids among `ids`. */
export async function documentIdsAmong(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('sec_document')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}

export async function insertHistoricModification(
  trx: Tx,
  m: HistoricModificationRecord,
  extra: { proposerOrgId: number | null; adoptionDeadline: string | null },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('modification')
    .values({
      reference: m.reference,
      title: m.title,
      summary: m.summary,
      proposer_org_id: extra.proposerOrgId,
      path: m.path,
      status: m.status,
      status_before_withdrawal:
        m.status === 'withdrawn' ? (m.statusBeforeWithdrawal ?? 'modification_proposal') : null,
      raised_on: m.raisedOn,
      withdrawn_at: m.withdrawnOn ? new Date(`${m.withdrawnOn}T12:00:00Z`) : null,
      adoption_deadline: extra.adoptionDeadline ? new Date(extra.adoptionDeadline) : null,
      dcc_testing_required: null,
      testing_solution: null,
      approved_on: m.approvedOn,
      approved_by: m.approvedBy,
      search_text: searchTextOf(m),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (m.documents.length > 0)
    await trx
      .insertInto('modification_document')
      .values(m.documents.map((document_id) => ({ modification_id: row.id, document_id })))
      .execute();
  if (m.implementedOn !== null)
    await trx
      .insertInto('implementation_timetable')
      .values({
        modification_id: row.id,
        implementation_date: m.implementedOn,
        description: `Implemented on ${longDate(m.implementedOn)} (held outside secrel)`,
        source: 'decision',
        recorded_by: null,
        created_at: now,
      })
      .execute();
  return row.id;
}

export async function insertDependencies(
  trx: Tx,
  modificationId: number,
  dependsOnIds: readonly number[],
): Promise<void> {
  if (dependsOnIds.length === 0) return;
  await trx
    .insertInto('modification_dependency')
    .values(dependsOnIds.map((id) => ({ modification_id: modificationId, depends_on_id: id })))
    .execute();
}

export async function insertHistoricDecision(
  trx: Tx,
  d: HistoricDecisionRecord,
  modificationId: number,
  recordedBy: number | null,
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('decision')
    .values({
      modification_id: modificationId,
      kind: d.kind,
      outcome: d.outcome,
      decided_on: d.decidedOn,
      notes: d.notes,
      recorded_by: recordedBy,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A past release and the parts it implemented (implemented on its go-live unless cancelled). */
export async function insertHistoricRelease(
  trx: Tx,
  r: HistoricReleaseRecord,
  parts: readonly { modificationId: number; part: string }[],
  policyVersionId: number,
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('release')
    .values({
      name: r.name,
      release_type: r.releaseType,
      go_live: r.goLive,
      status: r.status,
      policy_version_id: policyVersionId,
      dcc_impacting: r.dccImpacting,
      notes: r.notes,
      created_by: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (parts.length > 0)
    await trx
      .insertInto('allocation')
      .values(
        parts.map((p) => ({
          release_id: row.id,
          modification_id: p.modificationId,
          part: p.part,
          dcc_impacting: false,
          exception_decision_id: null,
          allocated_by: null,
          allocated_at: now,
          descoped_at: null,
          descope_decision_id: null,
          implemented_at: r.status === 'cancelled' ? null : new Date(`${r.goLive}T12:00:00Z`),
        })),
      )
      .execute();
  return row.id;
}

/**
 * A RID version the Panel approved before the cut-over: its sections and content are in the
 * published document (the source), not in secrel. Of a release's approved versions the highest
 * number stays approved; the others become superseded, as D10.16 reads them.
 */
export async function insertHistoricRidApproval(
  trx: Tx,
  a: HistoricRidApprovalRecord,
  releaseId: number,
  sections: unknown,
  recordedBy: number | null,
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('rid_version')
    .values({
      release_id: releaseId,
      number: a.version,
      status: 'approved',
      sections: JSON.stringify(sections),
      content_snapshot: null,
      based_on_id: null,
      freeze_override_id: null,
      created_by: recordedBy,
      created_at: now,
      approved_on: a.approvedOn,
      approved_by: null,
      published_at: a.publishedOn ? new Date(`${a.publishedOn}T12:00:00Z`) : null,
      published_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const latest = await trx
    .selectFrom('rid_version')
    .select((eb) => eb.fn.max('number').as('number'))
    .where('release_id', '=', releaseId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('rid_version')
    .set({ status: 'superseded' })
    .where('release_id', '=', releaseId)
    .where('status', '=', 'approved')
    .where('number', '<', latest.number)
    .execute();
  return row.id;
}

function toSource(row: {
  subject_type: HistorySubjectType;
  subject_id: number;
  source_url: string | null;
  summary: string | null;
  recorded_at: Date;
}): StoredHistorySource {
  return {
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    url: row.source_url,
    summary: row.summary,
    recordedAt: row.recorded_at,
  };
}

/** The sources of the records of one type among `ids`, by id (a record without one is live). */
export async function historySourcesOf(
  db: Db,
  subjectType: HistorySubjectType,
  ids: readonly number[],
): Promise<Map<number, StoredHistorySource>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('history_source')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.subject_id, toSource(row)]));
}

/** Every record held outside secrel, in the order recorded. */
export async function listHistorySources(db: Db): Promise<StoredHistorySource[]> {
  const rows = await db
    .selectFrom('history_source')
    .selectAll()
    .orderBy('recorded_at')
    .orderBy('subject_type')
    .orderBy('subject_id')
    .execute();
  return rows.map(toSource);
}

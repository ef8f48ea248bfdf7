import { inTransaction, type AppContext, type Db, type UnitOfWork } from '../../app-context.ts';
import { longDate } from '../../calendar/date-words.ts';
import { AppError } from '../../errors.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { adoptionDeadline } from '../modification/adoption-window.ts';
import { policyInForce } from '../policy/policy.ts';
import { listPolicyVersions } from '../policy/policy.queries.ts';
import { emptyRidSections } from '../rid/rid-sections.ts';
import { canRecordHistory } from './history.access.ts';
import { saveHistorySource } from '../installation/installation.actions.ts';
import {
  decisionsByKey,
  documentIdsAmong,
  insertDependencies,
  insertHistoricDecision,
  insertHistoricModification,
  insertHistoricRelease,
  insertHistoricRidApproval,
  modificationsByReference,
  organisationsByName,
  releasesByName,
  ridVersionsByKey,
} from './history.store.ts';
import {
  SUBJECT_TYPE_OF,
  keyOf,
  planHistory,
  referencesOf,
  historyRefusal,
  type HistoryKnown,
  type HistoryPlan,
  type HistoryRecord,
  type HistoryRecordType,
} from './history.ts';

/** One record of an import, as reported back: where it was, what it is, and its id. */
export interface HistoryEntry {
  index: number;
  type: HistoryRecordType;
  key: string;
  id: number;
}

export interface HistoryOutcome {
  cutOver: string;
  recorded: HistoryEntry[];
  /** Already held outside secrel under the same reference, name or key: nothing added. */
  alreadyRecorded: HistoryEntry[];
}

/** How far an import has got, for a long file's progress line. */
export type HistoryProgress = (done: number, total: number) => void;

type Versions = Awaited<ReturnType<typeof listPolicyVersions>>;

async function loadKnown(
  db: Db,
  records: readonly HistoryRecord[],
): Promise<{ known: HistoryKnown; versions: Versions }> {
  const refs = referencesOf(records);
  const versions = await listPolicyVersions(db);
  const known: HistoryKnown = {
    cutOver: await cutOverOf(db),
    modifications: await modificationsByReference(db, refs.modifications),
    releases: await releasesByName(db, refs.releases),
    decisions: await decisionsByKey(db, refs.modifications),
    ridVersions: await ridVersionsByKey(db, refs.releases),
    organisations: await organisationsByName(db, refs.organisations),
    documents: await documentIdsAmong(db, refs.documents),
    hasPolicy: versions.some((v) => v.effectiveFrom !== null),
  };
  return { known, versions };
}

/**
 * Ruling 13: checks records against the cut-over and the database without recording anything
 * (the import checks the whole file before it writes).
 */
export async function reviewHistory(
  ctx: AppContext,
  principal: Principal | null,
  records: readonly HistoryRecord[],
): Promise<HistoryPlan> {
  requireActor(principal, canRecordHistory, 'Only SECAS records history');
  return planHistory(records, (await loadKnown(ctx.db, records)).known);
}

/** The Policy a past release is governed by: the one in force at its go-live, else the first. */
function policyFor(versions: Versions, goLive: string): number {
  const inForce =
    policyInForce(versions, goLive) ??
    [...versions]
      .filter((v) => v.effectiveFrom !== null)
      .sort((a, b) => (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? ''))[0];
  if (!inForce)
    throw new AppError('history_invalid', 'Record the SEC Release Management Policy first');
  return inForce.id;
}

interface Saving {
  unit: UnitOfWork;
  ctx: AppContext;
  known: HistoryKnown;
  versions: Versions;
  modificationIds: Map<string, number>;
  releaseIds: Map<string, number>;
  /** Loaded once, for the first withdrawn modification's adoption window. */
  calendar?: WorkingDayCalendar;
}

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`history: ${key} was checked but not found`);
  return id;
}

async function save(s: Saving, record: HistoryRecord): Promise<number> {
  const { unit } = s;
  const by = unit.actor.id;
  switch (record.type) {
    case 'modification': {
      s.calendar ??= await calendarFor(s.ctx, undefined, unit.trx);
      const calendar = s.calendar;
      const id = await insertHistoricModification(
        unit.trx,
        record,
        {
          proposerOrgId:
            record.proposer === null ? null : (s.known.organisations.get(record.proposer) ?? null),
          adoptionDeadline: record.withdrawnOn
            ? adoptionDeadline(calendar, `${record.withdrawnOn}T12:00:00Z`)
            : null,
        },
        unit.now,
      );
      s.modificationIds.set(record.reference, id);
      return id;
    }
    case 'release': {
      const parts = record.modifications.map((p) => ({
        modificationId: idOf(s.modificationIds, p.reference),
        part: p.part,
      }));
      const policyId = policyFor(s.versions, record.goLive);
      const id = await insertHistoricRelease(unit.trx, record, parts, policyId, unit.now);
      s.releaseIds.set(record.name, id);
      return id;
    }
    case 'decision':
      return insertHistoricDecision(
        unit.trx,
        record,
        idOf(s.modificationIds, record.modification),
        by,
        unit.now,
      );
    case 'rid_approval':
      return insertHistoricRidApproval(
        unit.trx,
        record,
        idOf(s.releaseIds, record.release),
        emptyRidSections(),
        by,
        unit.now,
      );
  }
}

/** What the audit event of a record says: its fields and its source, flagged as history. */
function auditAfter(record: HistoryRecord): Record<string, unknown> {
  const { source, ...fields } = record;
  return { ...fields, heldOutsideSecrel: true, source };
}

/**
 * Ruling 13: records an installation's past register (modifications, decisions, releases, RID
 * approvals) as history, each "held outside secrel" with its published source, in one
 * transaction: every record is checked first (dated before the cut-over, references known, no
 * live record of the same reference); one problem refuses them all and nothing is recorded. A
 * record already held outside secrel under the same reference, name or key is skipped, so
 * importing a file twice adds nothing. One `history.recorded` audit event per record.
 */
export async function recordHistory(
  ctx: AppContext,
  principal: Principal | null,
  records: readonly HistoryRecord[],
  onProgress?: HistoryProgress,
): Promise<HistoryOutcome> {
  const actor = actorOf(requireActor(principal, canRecordHistory, 'Only SECAS records history'));
  return inTransaction(ctx, actor, async (unit) => {
    const { known, versions } = await loadKnown(unit.trx, records);
    const plan = planHistory(records, known);
    if (plan.problems.length > 0) throw historyRefusal(plan.problems);
    const s: Saving = {
      unit,
      ctx,
      known,
      versions,
      modificationIds: new Map([...known.modifications].map(([ref, e]) => [ref, e.id])),
      releaseIds: new Map([...known.releases].map(([name, e]) => [name, e.id])),
    };
    const recorded: HistoryEntry[] = [];
    for (const index of plan.toRecord) {
      const record = records[index] as HistoryRecord;
      const id = await save(s, record);
      const subjectType = SUBJECT_TYPE_OF[record.type];
      await saveHistorySource(unit, subjectType, id, record.source);
      await unit.audit({
        action: 'history.recorded',
        subjectType,
        subjectId: String(id),
        after: auditAfter(record),
        reason: `Ruling 13: recorded from before the cut-over on ${longDate(known.cutOver)}, held outside secrel`,
      });
      recorded.push({ index, type: record.type, key: keyOf(record), id });
      if (onProgress && recorded.length % 100 === 0)
        onProgress(recorded.length, plan.toRecord.length);
    }
    for (const index of plan.toRecord) {
      const record = records[index] as HistoryRecord;
      if (record.type !== 'modification' || record.dependsOn.length === 0) continue;
      await insertDependencies(
        unit.trx,
        idOf(s.modificationIds, record.reference),
        record.dependsOn.map((ref) => idOf(s.modificationIds, ref)),
      );
    }
    if (onProgress && recorded.length > 0) onProgress(recorded.length, plan.toRecord.length);
    const alreadyRecorded = plan.alreadyRecorded.map(({ index, id }) => {
      const record = records[index] as HistoryRecord;
      return { index, type: record.type, key: keyOf(record), id };
    });
    return { cutOver: known.cutOver, recorded, alreadyRecorded };
  });
}

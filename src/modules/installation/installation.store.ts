import { sql } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { LiveAct } from './installation.ts';
import type { HistorySource } from './history-source.ts';
import type { HistorySourceTable } from '../../db/schema.ts';

/** Ruling 13: the installation's cut-over date (the migration creates the row). */
export async function readCutOver(db: Db): Promise<string> {
  const row = await db
    .selectFrom('installation')
    .select('cut_over_on')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.cut_over_on;
}

/** The cut-over date, its row locked until the transaction ends (one move at a time). */
export async function lockCutOver(trx: Tx): Promise<string> {
  const row = await trx
    .selectFrom('installation')
    .select('cut_over_on')
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.cut_over_on;
}

export async function writeCutOver(
  trx: Tx,
  cutOverOn: string,
  updatedBy: number | null,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('installation')
    .set({ cut_over_on: cutOverOn, updated_by: updatedBy, updated_at: now })
    .where('id', '=', 1)
    .execute();
}

/**
 * The dated acts ruling 13 classifies as history or live by their date, as (table, date column,
 * what it is). The cut-over is the installation's, so this one read-only query names the tables
 * of the modules after it rather than importing them.
 */
const DATED_ACTS = [
  ['panel_meeting', 'held_on', 'a Panel meeting'],
  ['modification', 'raised_on', 'a modification raised'],
  ['modification', 'approved_on', 'a modification approved'],
  ['decision', 'decided_on', 'a decision'],
  ['policy_version', 'decided_on', 'a Policy decision'],
  ['release_decision', 'decided_on', 'a release decision'],
  ['release_panel_decision', 'decided_on', 'a Panel decision on a release'],
  ['rid_version', 'approved_on', 'a RID approval'],
  ['rid_freeze_override', 'decided_on', 'a Panel freeze override'],
  ['go_live_decision', 'decided_on', 'a go-live decision'],
  ['tad_version', 'reviewed_on', 'a TAD review'],
  ['legal_challenge', 'lodged_on', 'a legal challenge'],
  ['authority_request', 'requested_on', 'a request to the Authority'],
  ['cost_review', 'reviewed_on', 'a Panel cost review'],
] as const;

/**
 * Ruling 13: the earliest act dated on or after `cutOver` (so recorded live), across the dated
 * acts above and consultations by the UK day they open; null when there is none.
 */
export async function earliestLiveAct(db: Db, cutOver: string): Promise<LiveAct | null> {
  const dated = DATED_ACTS.map(
    ([table, column, what]) =>
      sql<LiveAct>`select ${what}::text as what, min(${sql.ref(column)})::text as "on"
        from ${sql.table(table)} where ${sql.ref(column)} >= ${cutOver}::date`,
  );
  const consultations = sql<LiveAct>`select 'a consultation opening'::text as what,
      min((opens_at at time zone 'Europe/London')::date)::text as "on"
    from consultation where (opens_at at time zone 'Europe/London')::date >= ${cutOver}::date`;
  const { rows } = await sql<LiveAct>`select what, "on" from (${sql.join(
    [...dated, consultations],
    sql` union all `,
  )}) acts where "on" is not null order by "on", what limit 1`.execute(db);
  return rows[0] ?? null;
}

/** Ruling 13: the Panel's record window, in Working Days, for meetings created from now on. */
export async function readRecordWindow(db: Db): Promise<number> {
  const row = await db
    .selectFrom('installation')
    .select('panel_record_working_days')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.panel_record_working_days;
}

/** The record window, its row locked until the transaction ends (one change at a time). */
export async function lockRecordWindow(trx: Tx): Promise<number> {
  const row = await trx
    .selectFrom('installation')
    .select('panel_record_working_days')
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.panel_record_working_days;
}

export async function writeRecordWindow(
  trx: Tx,
  workingDays: number,
  updatedBy: number | null,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('installation')
    .set({ panel_record_working_days: workingDays, updated_by: updatedBy, updated_at: now })
    .where('id', '=', 1)
    .execute();
}

/** Ruling 13: saves the published source that marks a record "held outside secrel". */
export async function insertHistorySource(
  trx: Tx,
  subjectType: HistorySourceTable['subject_type'],
  subjectId: number,
  source: HistorySource,
  recordedBy: number | null,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('history_source')
    .values({
      subject_type: subjectType,
      subject_id: subjectId,
      source_url: source.url,
      summary: source.summary,
      recorded_by: recordedBy,
      recorded_at: now,
    })
    .execute();
}

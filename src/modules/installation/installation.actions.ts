import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import type { HistorySourceTable } from '../../db/schema.ts';
import { liveRouteSource, type GivenSource, type HistorySource } from './history-source.ts';
import type { Actor } from '../../audit/audit.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import {
  cutOverAfterTodayRefusal,
  cutOverMoveRefusal,
  recordWindowProblem,
} from './installation.ts';
import {
  earliestLiveAct,
  insertHistorySource,
  lockCutOver,
  readCutOver,
  lockRecordWindow,
  writeCutOver,
  writeRecordWindow,
} from './installation.store.ts';

/**
 * Ruling 13: sets the installation's cut-over date (`secrel cut-over set`, `secrel init`, the
 * demo). The date is never later than today, the London date of the unit of work
 * (cut_over_after_today, nothing changed), and a later date than the current one may not pass an
 * act already recorded live (cut_over_after_live_act, nothing changed). Audited as `installation.cut_over_set` with the date it replaced; setting
 * the date it already has changes nothing.
 */
export async function setCutOver(ctx: AppContext, actor: Actor, cutOverOn: string): Promise<void> {
  if (!isIsoDate(cutOverOn)) {
    throw new AppError('validation_failed', 'The cut-over date must be a date (YYYY-MM-DD)', {
      field: 'cutOverOn',
    });
  }
  await inTransaction(ctx, actor, async (unit) => {
    const before = await lockCutOver(unit.trx);
    if (before === cutOverOn) return;
    const afterToday = cutOverAfterTodayRefusal(cutOverOn, todayOf(unit.now));
    if (afterToday !== null) {
      throw new AppError('cut_over_after_today', afterToday, { field: 'cutOverOn' });
    }
    if (cutOverOn > before) {
      const refusal = cutOverMoveRefusal(cutOverOn, await earliestLiveAct(unit.trx, before));
      if (refusal !== null) {
        throw new AppError('cut_over_after_live_act', refusal, { field: 'cutOverOn' });
      }
    }
    await writeCutOver(unit.trx, cutOverOn, actor.id, unit.now);
    await unit.audit({
      action: 'installation.cut_over_set',
      subjectType: 'installation',
      subjectId: '1',
      before: { cutOverOn: before },
      after: { cutOverOn },
    });
  });
}

/**
 * Ruling 13, ruling 18: sets the Panel's record window, in Working Days (`secrel record-window
 * set`). It applies to meetings created after the change: each meeting keeps the last record
 * day stored when it was created, so an open window is never shortened. Audited as
 * `installation.record_window_set` with the window it replaced; the same window again changes
 * nothing. Refused with validation_failed outside 1 to 30.
 */
export async function setPanelRecordWindow(
  ctx: AppContext,
  actor: Actor,
  workingDays: number,
): Promise<{ before: number; after: number }> {
  const problem = recordWindowProblem(workingDays);
  if (problem !== null) {
    throw new AppError('validation_failed', problem, { field: 'workingDays' });
  }
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockRecordWindow(unit.trx);
    if (before === workingDays) return { before, after: workingDays };
    await writeRecordWindow(unit.trx, workingDays, actor.id, unit.now);
    await unit.audit({
      action: 'installation.record_window_set',
      subjectType: 'installation',
      subjectId: '1',
      before: { panelRecordWorkingDays: before },
      after: { panelRecordWorkingDays: workingDays },
    });
    return { before, after: workingDays };
  });
}

/**
 * Ruling 13: keeps the history of a record a live use case has just written (`subjectType`,
 * `subjectId`), dated `on`: before the cut-over it must come with its published source, saved so
 * that every page and the API flag it "held outside secrel"; on or after it, no source is taken
 * (`liveRouteSource`). Runs in the use case's transaction, so a refusal changes nothing. Returns
 * the source saved, or null for a live record.
 */
export async function keepHistorySource(
  unit: UnitOfWork,
  subject: { type: HistorySourceTable['subject_type']; id: number; on: string; what: string },
  given: GivenSource,
): Promise<HistorySource | null> {
  const source = liveRouteSource(subject.on, await readCutOver(unit.trx), given, subject.what);
  if (source) await saveHistorySource(unit, subject.type, subject.id, source);
  return source;
}

/** Ruling 13: saves the published source that marks a record "held outside secrel". */
export async function saveHistorySource(
  unit: UnitOfWork,
  subjectType: HistorySourceTable['subject_type'],
  subjectId: number,
  source: HistorySource,
): Promise<void> {
  await insertHistorySource(unit.trx, subjectType, subjectId, source, unit.actor.id, unit.now);
}

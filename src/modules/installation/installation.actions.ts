import { inTransaction, type AppContext } from '../../app-context.ts';
import type { Actor } from '../../audit/audit.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import { cutOverAfterTodayRefusal, cutOverMoveRefusal } from './installation.ts';
import { earliestLiveAct, lockCutOver, writeCutOver } from './installation.store.ts';

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

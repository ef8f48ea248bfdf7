import { inTransaction, type AppContext } from '../../app-context.ts';
import type { Actor } from '../../audit/audit.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import { readCutOver, writeCutOver } from './installation.store.ts';

/**
 * Ruling 13: sets the installation's cut-over date (`secrel cut-over set`, `secrel init`, the
 * demo). Audited as `installation.cut_over_set` with the date it replaced.
 */
export async function setCutOver(ctx: AppContext, actor: Actor, cutOverOn: string): Promise<void> {
  if (!isIsoDate(cutOverOn)) {
    throw new AppError('validation_failed', 'The cut-over date must be a date (YYYY-MM-DD)', {
      field: 'cutOverOn',
    });
  }
  await inTransaction(ctx, actor, async (unit) => {
    const before = await readCutOver(unit.trx);
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

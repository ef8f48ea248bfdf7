import type { Db, Tx } from '../../app-context.ts';

/** Ruling 13: the installation's cut-over date (the migration creates the row). */
export async function readCutOver(db: Db): Promise<string> {
  const row = await db
    .selectFrom('installation')
    .select('cut_over_on')
    .where('id', '=', 1)
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

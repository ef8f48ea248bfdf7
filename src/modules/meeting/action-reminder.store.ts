import type { Db, Tx } from '../../app-context.ts';

/** An action as its D10.3 reminder needs it. */
export interface ReminderAction {
  id: number;
  modificationId: number;
  status: 'open' | 'done';
  dueDate: string;
  overdueRemindedAt: Date | null;
  reference: string;
  title: string;
  description: string;
  ownerOrganisationId: number;
  ownerName: string;
}

function reminderQuery(db: Db | Tx) {
  return db
    .selectFrom('implementation_action as x')
    .innerJoin('modification as m', 'm.id', 'x.modification_id')
    .innerJoin('organisation as o', 'o.id', 'x.owner_org_id')
    .select([
      'x.id',
      'x.modification_id as modificationId',
      'x.status',
      'x.due_date as dueDate',
      'x.overdue_reminded_at as overdueRemindedAt',
      'm.reference',
      'm.title',
      'x.description',
      'x.owner_org_id as ownerOrganisationId',
      'o.name as ownerName',
    ]);
}

/** D10.3: the open actions whose owner has not been reminded. */
export async function actionsAwaitingReminder(db: Db | Tx): Promise<ReminderAction[]> {
  return reminderQuery(db)
    .where('x.status', '=', 'open')
    .where('x.overdue_reminded_at', 'is', null)
    .orderBy('x.id')
    .execute();
}

/** One action for its reminder. */
export async function actionForReminder(db: Db | Tx, id: number) {
  return reminderQuery(db).where('x.id', '=', id).executeTakeFirst();
}

/**
 * Claims an open action's reminder in the caller's transaction: a conditional update, so a
 * second worker (or a retry) finds it claimed and sends nothing.
 */
export async function claimOverdueReminder(trx: Tx, id: number, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('implementation_action')
    .set({ overdue_reminded_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('overdue_reminded_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

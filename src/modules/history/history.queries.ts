import type { Db } from '../../app-context.ts';
import { historySourcesOf, listHistorySources, type StoredHistorySource } from './history.store.ts';
import type { HistorySubjectType } from './history.ts';

export { historySourcesOf, listHistorySources, type StoredHistorySource };

/** Ruling 13: the published source of one record, or undefined when it happened live in secrel. */
export async function historySourceOf(
  db: Db,
  subjectType: HistorySubjectType,
  subjectId: number,
): Promise<StoredHistorySource | undefined> {
  return (await historySourcesOf(db, subjectType, [subjectId])).get(subjectId);
}

import type { Db } from '../../app-context.ts';
import { readCutOver } from './installation.store.ts';

/** Ruling 13: the cut-over date every module judges live and recorded acts by. */
export function cutOverOf(db: Db): Promise<string> {
  return readCutOver(db);
}

import type { Db } from '../../app-context.ts';
import { listAuditEvents } from '../../audit/audit.store.ts';
import { readCutOver, readRecordWindow } from './installation.store.ts';

/** Ruling 13: the cut-over date every module judges live and recorded acts by. */
export function cutOverOf(db: Db): Promise<string> {
  return readCutOver(db);
}

/**
 * Ruling 13: the Panel's record window in Working Days (default 5, `secrel record-window set`):
 * a meeting created now stores its last record day this many Working Days after it is held.
 */
export function recordWindowOf(db: Db): Promise<number> {
  return readRecordWindow(db);
}

/**
 * Ruling 13: true once someone has chosen the cut-over (`secrel init`, `secrel cut-over set`,
 * the demo): an audited `installation.cut_over_set`. Until then it is the day of the first
 * migration, a placeholder `secrel init` replaces.
 */
export async function isCutOverChosen(db: Db): Promise<boolean> {
  const { events } = await listAuditEvents(
    db,
    { action: 'installation.cut_over_set' },
    { limit: 1 },
  );
  return events.length > 0;
}

/**
 * The reads of appeals (D10.17): what the appeal pages and API load, and what other modules (the
 * release and RID pages) read of them. The store stays private to the module.
 */
import type { AppContext, Db } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { findRelease } from '../release/release.queries.ts';
import { appealWindowOf, deadlineInWords, type Appeal } from './appeal.ts';
import {
  appealsOfRelease,
  approvalsOf,
  approvalsPublishedSince,
  findAppeal,
} from './appeal.store.ts';

export { appealsOfRelease } from './appeal.store.ts';
export type { Appeal } from './appeal.ts';

/** An appeal; 404 when there is none. */
export async function appealOrNotFound(db: Db, id: number): Promise<Appeal> {
  const appeal = await findAppeal(db, id);
  if (!appeal) throw new AppError('not_found', `There is no appeal ${id}`);
  return appeal;
}

/** A version's appeal window, for the API and pages. */
export interface WindowView {
  ridVersionNumber: number;
  ridVersionStatus: string;
  publishedAt: string | null;
  deadline: string | null;
  deadlineWords: string | null;
  state: 'unpublished' | 'open' | 'closed';
}

/**
 * D10.17, ruling 1: a release with each approved RID version's own appeal window at this instant,
 * and its appeals (their reasons still in them: hide them with `visibleReasons`).
 */
export async function releaseAppeals(ctx: AppContext, releaseId: number) {
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const [calendar, approvals, appeals] = await Promise.all([
    calendarFor(ctx),
    approvalsOf(ctx.db, releaseId),
    appealsOfRelease(ctx.db, releaseId),
  ]);
  const now = ctx.now();
  const windows: WindowView[] = [];
  for (const version of approvals) {
    const window = appealWindowOf(calendar, version, now);
    if (window.state === 'not_approved') continue;
    const deadline = window.state === 'unpublished' ? null : window.deadline;
    windows.push({
      ridVersionNumber: version.number,
      ridVersionStatus: version.status,
      publishedAt: version.publishedAt,
      deadline,
      deadlineWords: deadline === null ? null : deadlineInWords(deadline),
      state: window.state,
    });
  }
  return { release, windows, appeals };
}

/** Longer than any 10 Working Day window, however many holidays it spans. */
const WINDOW_LOOKBACK_MS = 40 * 24 * 60 * 60 * 1000;

/**
 * D10.17, ruling 1: the published RID approvals whose appeal window is open at this instant,
 * each with its deadline in words.
 */
export async function openAppealWindows(ctx: AppContext) {
  const now = ctx.now();
  const calendar = await calendarFor(ctx);
  const recent = await approvalsPublishedSince(
    ctx.db,
    new Date(now.getTime() - WINDOW_LOOKBACK_MS),
  );
  return recent.flatMap((version) => {
    const window = appealWindowOf(calendar, version, now);
    return window.state === 'open'
      ? [
          {
            ...version,
            deadline: window.deadline,
            deadlineWords: deadlineInWords(window.deadline),
          },
        ]
      : [];
  });
}

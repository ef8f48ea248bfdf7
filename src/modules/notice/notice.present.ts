import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { isLateNotice } from './notice.ts';
import { noticesOf, type NoticeListItem, type ReleaseNotice } from './notice.store.ts';
import { milestonesOf } from '../release/release.present.ts';
import { findRelease, type Release } from '../release/release.queries.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** The London date a notice was issued on. */
export function issuedOn(notice: ReleaseNotice): string {
  return londonDateOf(new Date(notice.issuedAt).toISOString());
}

export function presentNotice(notice: ReleaseNotice | NoticeListItem, noticeStart?: string) {
  return {
    id: notice.id,
    releaseId: notice.releaseId,
    ...('releaseName' in notice ? { releaseName: notice.releaseName } : {}),
    subject: notice.subject,
    body: notice.body,
    issuedAt: new Date(notice.issuedAt).toISOString(),
    recipients: notice.recipients,
    mandatoryRecipients: notice.mandatoryRecipients,
    late: isLateNotice(issuedOn(notice), noticeStart),
  };
}

/** D10.8(c): the notice-period start from the governing Policy, or undefined if it sets none. */
export async function noticeStartOf(
  ctx: AppContext,
  release: Release,
): Promise<string | undefined> {
  const milestones = await milestonesOf(ctx, release, todayOf(ctx.now()));
  return milestones.find((m) => m.id === 'notice_start')?.date;
}

/** D10.8(c): a release's notices, its notice-period start and whether notice was given by then. */
export async function releaseNotices(ctx: AppContext, releaseId: number) {
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const [notices, noticeStart] = await Promise.all([
    noticesOf(ctx.db, releaseId),
    noticeStartOf(ctx, release),
  ]);
  const onTime = notices.some((n) => !isLateNotice(issuedOn(n), noticeStart));
  return { release, notices, noticeStart, issuedBeforeStart: onTime };
}

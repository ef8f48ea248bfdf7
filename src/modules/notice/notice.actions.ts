import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import type { Principal } from '../identity/identity.ts';
import { tellFollowers } from '../notification/notification.actions.ts';
import { absoluteUrl } from '../../outbox/links.ts';
import { checkNoticeInput, checkNoticeRelease, noticeEmailText } from './notice.ts';
import { canIssueNotices } from './notice.access.ts';
import {
  insertNotice,
  partyRecipients,
  saveNoticeCounts,
  type ReleaseNotice,
} from './notice.store.ts';
import { refuse } from '../release/release.actions.ts';
import { lockRelease, type Release } from '../release/release.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

export interface NoticeInput {
  subject: string;
  body: string;
}

/**
 * D10.8(c), ruling 9: queues one e-mail per user of every Party, each keyed by notice and user,
 * so sending the same notice again never duplicates an e-mail. Returns the recipients and how
 * many of them are users of Users (the mandatory recipients).
 */
export async function sendNotice(
  unit: UnitOfWork,
  release: Release,
  notice: Pick<ReleaseNotice, 'id' | 'subject' | 'body'>,
): Promise<{ recipients: number; mandatory: number }> {
  const recipients = await partyRecipients(unit.trx);
  for (const recipient of recipients)
    await unit.notify({
      to: recipient.email,
      toName: recipient.name,
      subject: `${release.name}: ${notice.subject}`,
      text: noticeEmailText({
        releaseName: release.name,
        goLive: release.go_live,
        subject: notice.subject,
        body: notice.body,
        organisationName: recipient.organisationName,
        isUser: recipient.isUser,
        link: absoluteUrl(unit.publicUrl, `/releases/${release.id}/notices`),
      }),
      dedupeKey: `notice:${notice.id}:${recipient.userId}`,
    });
  return {
    recipients: recipients.length,
    mandatory: recipients.filter((r) => r.isUser).length,
  };
}

/**
 * D10.8(c), ruling 9: SECAS issues a notice of a release to all Parties through the outbox, Users
 * flagged as the mandatory recipients; the notice is recorded (and published) with its counts.
 */
export async function issueReleaseNotice(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: NoticeInput,
): Promise<ReleaseNotice> {
  const actor = actorOf(
    requireActor(principal, canIssueNotices, 'Only SECAS issues release notices'),
  );
  const subject = input.subject.trim();
  const body = input.body.trim();
  refuse(checkNoticeInput({ subject, body }));
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    refuse(checkNoticeRelease(release.status, release.name));
    const id = await insertNotice(unit.trx, {
      release_id: release.id,
      subject,
      body,
      issued_by: actor.id,
      issued_at: unit.now,
      recipients: 0,
      mandatory_recipients: 0,
    });
    const sent = await sendNotice(unit, release, { id, subject, body });
    // Issue 13: followers who are not already told as a Party's people are told too.
    const parties = (await partyRecipients(unit.trx)).map((r) => r.userId);
    await tellFollowers(
      unit,
      { type: 'release', id: release.id },
      {
        subject: `${release.name}: ${subject}`,
        body: `A notice of the ${release.name} (Section D10.8(c)):\n\n${body}`,
        path: `/releases/${release.id}/notices`,
        key: `notice:${id}`,
      },
      parties,
    );
    const notice = await saveNoticeCounts(unit.trx, id, sent);
    await unit.audit({
      action: 'release.notice_issued',
      subjectType: 'release',
      subjectId: String(release.id),
      before: null,
      after: {
        notice_id: notice.id,
        subject,
        recipients: sent.recipients,
        mandatory_recipients: sent.mandatory,
      },
    });
    return notice;
  });
}

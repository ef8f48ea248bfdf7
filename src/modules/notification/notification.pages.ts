import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setNotice } from '../../http/notice.ts';
import { optionalWholeNumber } from '../../http/params.ts';
import { formErrors, formId, formText, formYesNo } from '../../web/forms.ts';
import { AppError } from '../../errors.ts';
import { canManageOwnSessions, requireActor } from '../identity/identity.access.ts';
import { preferencesOf, setFollowing, setPreferences } from './notification.actions.ts';
import { createCalendarFeed, revokeCalendarFeed } from '../feed/feed.actions.ts';
import { liveFeedTokenOf } from '../feed/feed.queries.ts';
import {
  DELIVERIES,
  DELIVERY_NAMES,
  FOLLOWED_TYPES,
  TOPICS,
  TOPIC_NAMES,
  absoluteUrl,
  followedPath,
  type FollowedType,
  type Topic,
} from './notification.ts';
import {
  listNotifications,
  subscriptionsOf,
  type NotificationEntry,
} from './notification.queries.ts';

const PAGE_SIZE = 25;

/** How a notification reached (or will reach) its reader, in words. */
function howSent(entry: NotificationEntry): { text: string; classes: string } {
  if (entry.delivery === 'digest') {
    return entry.digestedAt
      ? { text: 'In a daily summary', classes: 'govuk-tag--green' }
      : { text: 'Waiting for the daily summary', classes: 'govuk-tag--grey' };
  }
  if (entry.emailStatus === 'sent') return { text: 'E-mailed', classes: 'govuk-tag--green' };
  if (entry.emailStatus === 'failed') return { text: 'E-mail failed', classes: 'govuk-tag--red' };
  return { text: 'E-mail queued', classes: 'govuk-tag--yellow' };
}

/** Issue 13: a person's notification settings, what they follow, and what they were told. */
export function registerNotificationPages(app: FastifyInstance): void {
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: { text: string; href: string }[];
      chosen?: Record<string, string>;
      newFeedUrl?: string;
    } = {},
    status = 200,
  ) {
    const principal = requireActor(request.principal, canManageOwnSessions);
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const before = optionalWholeNumber(query.before);
    const [preferences, follows, page, feed] = await Promise.all([
      preferencesOf(app.ctx, principal),
      subscriptionsOf(app.ctx.db, principal.userId),
      listNotifications(app.ctx.db, principal.userId, { before, limit: PAGE_SIZE }),
      liveFeedTokenOf(app.ctx.db, principal.userId),
    ]);
    const chosen: Record<string, string> = { ...preferences, ...extra.chosen };
    return reply.page(
      'account-notifications.njk',
      {
        title: 'Your notifications',
        errors: extra.errors ?? [],
        fieldErrors: Object.fromEntries(
          (extra.errors ?? []).map((e) => [e.href.slice(1), { text: e.text }]),
        ),
        topics: TOPICS.map((topic) => ({
          topic,
          ...TOPIC_NAMES[topic],
          items: DELIVERIES.map((delivery) => ({
            value: delivery,
            text: DELIVERY_NAMES[delivery],
            checked: chosen[topic] === delivery,
          })),
        })),
        follows: follows.map((f) => ({ ...f, href: followedPath(f.type, f.id) })),
        notifications: page.entries.map((entry) => ({ ...entry, how: howSent(entry) })),
        olderHref:
          page.nextBefore === null ? null : `/account/notifications?before=${page.nextBefore}`,
        newestHref: before === undefined ? null : '/account/notifications',
        publicFeedUrl: absoluteUrl(app.ctx.config.publicUrl, '/calendar.ics'),
        feed,
        newFeedUrl: extra.newFeedUrl,
      },
      status,
    );
  }

  app.get('/account/notifications', { schema: { hide: true } }, (request, reply) =>
    render(request, reply),
  );

  app.post('/account/notifications', { schema: { hide: true } }, async (request, reply) => {
    const chosen: Partial<Record<Topic, string>> = {};
    for (const topic of TOPICS) chosen[topic] = formText(request, topic);
    try {
      await setPreferences(app.ctx, request.principal, chosen);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      return render(request, reply, { errors: formErrors(error), chosen }, 400);
    }
    setNotice(reply, 'Your notification settings are saved.');
    return reply.redirect('/account/notifications', 303);
  });

  app.post('/account/calendar-feed', { schema: { hide: true } }, async (request, reply) => {
    const { token } = await createCalendarFeed(app.ctx, request.principal);
    const newFeedUrl = absoluteUrl(app.ctx.config.publicUrl, `/calendar/private/${token}.ics`);
    return render(request, reply, { newFeedUrl });
  });

  app.post('/account/calendar-feed/revoke', { schema: { hide: true } }, async (request, reply) => {
    await revokeCalendarFeed(app.ctx, request.principal);
    setNotice(reply, 'Your private calendar feed is revoked: its address no longer works.');
    return reply.redirect('/account/notifications#calendar', 303);
  });

  app.post('/follow', { schema: { hide: true } }, async (request, reply) => {
    const type = formText(request, 'type') as FollowedType;
    if (!FOLLOWED_TYPES.includes(type))
      throw new AppError('validation_failed', 'Choose a modification or a release', {
        field: 'type',
      });
    const id = formId(request, 'id', `the ${type}`);
    const follow = formYesNo(request, 'follow', 'Choose to follow or stop following');
    await setFollowing(app.ctx, request.principal, { type, id }, follow);
    setNotice(
      reply,
      follow
        ? `You follow this ${type}: you will be told of its changes as your notification settings say.`
        : `You no longer follow this ${type}.`,
    );
    return reply.redirect(followedPath(type, id), 303);
  });
}

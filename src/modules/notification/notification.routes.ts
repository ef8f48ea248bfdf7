import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../../schemas.ts';
import { canManageOwnSessions, requireActor } from '../identity/identity.access.ts';
import { preferencesOf, setFollowing, setPreferences } from './notification.actions.ts';
import { followedPath, type FollowedType } from './notification.ts';
import { listNotifications, subscriptionsOf } from './notification.queries.ts';

const Delivery = Type.Union([
  Type.Literal('immediate'),
  Type.Literal('digest'),
  Type.Literal('off'),
]);
const Preferences = Type.Object(
  {
    followed: Delivery,
    consultation: Delivery,
    action: Delivery,
    appeal: Delivery,
  },
  {
    description:
      'How you are told of each topic: `immediate` (an e-mail each), `digest` (one e-mail a day) or `off`',
  },
);
const PreferencesBody = Type.Partial(Preferences, { additionalProperties: false });

const Notification = Type.Object({
  id: Type.Integer(),
  topic: Type.String(),
  subject: Type.String(),
  path: Type.String({ description: 'The page it is about' }),
  delivery: Type.Union([Type.Literal('immediate'), Type.Literal('digest')]),
  createdAt: Type.String({ format: 'date-time' }),
  digestedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  emailStatus: Type.Union([
    Type.Literal('pending'),
    Type.Literal('sent'),
    Type.Literal('failed'),
    Type.Null(),
  ]),
});

const Follow = Type.Object({
  type: Type.Union([Type.Literal('modification'), Type.Literal('release')]),
  id: Type.Integer(),
  name: Type.String(),
  path: Type.String(),
  since: Type.String({ format: 'date-time' }),
});

const FollowState = Type.Object({ following: Type.Boolean() });

/** Issue 13: your notification settings, what you follow, and what you were told (API). */
export function registerNotificationRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notifications'];

  app.get(
    '/api/v1/account/notification-preferences',
    {
      schema: {
        summary: 'How you are told of each topic (signed in)',
        tags,
        response: withErrors({ 200: Preferences }),
      },
    },
    async (request) => preferencesOf(app.ctx, request.principal),
  );

  app.put(
    '/api/v1/account/notification-preferences',
    {
      schema: {
        summary: 'Choose how you are told of each topic (signed in; audited)',
        tags,
        body: PreferencesBody,
        response: withErrors({ 200: Preferences }),
      },
    },
    async (request) => setPreferences(app.ctx, request.principal, request.body),
  );

  app.get(
    '/api/v1/account/notifications',
    {
      schema: {
        summary: 'What was sent or queued for you, newest first (signed in)',
        tags,
        querystring: Type.Object({
          before: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
        }),
        response: withErrors({
          200: Type.Object({
            notifications: Type.Array(Notification),
            nextBefore: Type.Union([Type.Integer(), Type.Null()]),
          }),
        }),
      },
    },
    async (request) => {
      const me = requireActor(request.principal, canManageOwnSessions);
      const page = await listNotifications(app.ctx.db, me.userId, {
        before: request.query.before,
        limit: request.query.limit ?? 50,
      });
      return {
        notifications: page.entries.map((e) => ({
          id: e.id,
          topic: e.topic,
          subject: e.subject,
          path: e.path,
          delivery: e.delivery,
          createdAt: e.createdAt.toISOString(),
          digestedAt: e.digestedAt?.toISOString() ?? null,
          emailStatus: e.emailStatus,
        })),
        nextBefore: page.nextBefore,
      };
    },
  );

  app.get(
    '/api/v1/account/follows',
    {
      schema: {
        summary: 'The modifications and releases you follow (signed in)',
        tags,
        response: withErrors({ 200: Type.Array(Follow) }),
      },
    },
    async (request) => {
      const me = requireActor(request.principal, canManageOwnSessions);
      return (await subscriptionsOf(app.ctx.db, me.userId)).map((f) => ({
        type: f.type,
        id: f.id,
        name: f.name,
        path: followedPath(f.type, f.id),
        since: f.since.toISOString(),
      }));
    },
  );

  for (const type of ['modification', 'release'] as const satisfies FollowedType[]) {
    const url = `/api/v1/${type}s/:id/follow`;
    app.put(
      url,
      {
        schema: {
          summary: `Follow a ${type}: be told of its changes (signed in; audited)`,
          tags,
          params: IdParams,
          response: withErrors({ 200: FollowState }),
        },
      },
      async (request) => ({
        following: await setFollowing(
          app.ctx,
          request.principal,
          { type, id: request.params.id },
          true,
        ),
      }),
    );
    app.delete(
      url,
      {
        schema: {
          summary: `Stop following a ${type} (signed in; audited)`,
          tags,
          params: IdParams,
          response: withErrors({ 200: FollowState }),
        },
      },
      async (request) => ({
        following: await setFollowing(
          app.ctx,
          request.principal,
          { type, id: request.params.id },
          false,
        ),
      }),
    );
  }
}

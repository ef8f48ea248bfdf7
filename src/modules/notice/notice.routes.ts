import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../../schemas.ts';
import { issueReleaseNotice } from './notice.actions.ts';
import { noticeStartOf, presentNotice, releaseNotices } from './notice.present.ts';
import { NoticeBody, NoticeSchema, ReleaseNoticesSchema } from './notice.schema.ts';
import { allNotices } from './notice.store.ts';
import { findRelease } from '../release/release.queries.ts';

/** Release notices (D10.8(c), ruling 9): issued by SECAS to all Parties, recorded and public. */
export function registerNoticeRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['releases'];

  app.get(
    '/api/v1/notices',
    {
      schema: {
        summary: 'Every release notice, newest first (public)',
        tags,
        response: withErrors({ 200: Type.Array(NoticeSchema) }),
      },
    },
    async () => (await allNotices(app.ctx.db)).map((notice) => presentNotice(notice)),
  );

  app.get(
    '/api/v1/releases/:id/notices',
    {
      schema: {
        summary: 'The notices of a release, newest first, and its notice-period start (public)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ReleaseNoticesSchema }),
      },
    },
    async (request) => {
      const view = await releaseNotices(app.ctx, request.params.id);
      return {
        releaseId: view.release.id,
        releaseName: view.release.name,
        noticePeriodStart: view.noticeStart ?? null,
        issuedBeforeStart: view.issuedBeforeStart,
        notices: view.notices.map((n) => presentNotice(n, view.noticeStart)),
      };
    },
  );

  app.post(
    '/api/v1/releases/:id/notices',
    {
      schema: {
        summary:
          'Issue a notice of the release to all Parties, Users flagged as mandatory recipients (SECAS)',
        tags,
        params: IdParams,
        body: NoticeBody,
        response: withErrors({ 201: NoticeSchema }),
      },
    },
    async (request, reply) => {
      const notice = await issueReleaseNotice(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      const release = await findRelease(app.ctx.db, notice.releaseId);
      const start = release ? await noticeStartOf(app.ctx, release) : undefined;
      return reply.status(201).send(presentNotice(notice, start));
    },
  );
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, withErrors } from '../../schemas.ts';
import { determineAppeal, lodgeAppeal } from './appeal.actions.ts';
import { presentAppeal, visibleAppeal, visibleReasons } from './appeal.present.ts';
import { appealOrNotFound, releaseAppeals } from './appeal.queries.ts';
import {
  AppealErrorSchema,
  AppealListQuery,
  AppealListResponse,
  AppealSchema,
  DetermineAppealBody,
  LodgeAppealBody,
  ReleaseAppealsResponse,
  VersionParams,
} from './appeal.schema.ts';
import { listAppeals } from './appeal.store.ts';
import { APPEAL_WINDOW_WORKING_DAYS } from './appeal-window.ts';

const DEFAULT_LIMIT = 50;

/**
 * Appeals against RID approvals (D10.17, rulings 1 and 2): Parties lodge them within the window,
 * the Authority determines them; their existence and outcomes are public, their reasons are not.
 */
export function registerAppealRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['appeals'];

  app.post(
    '/api/v1/releases/:id/rid/versions/:n/appeals',
    {
      schema: {
        summary: `Appeal the Panel’s approval of a RID version, within ${APPEAL_WINDOW_WORKING_DAYS} Working Days after its publication, with reasons (a Party)`,
        tags,
        params: VersionParams,
        body: LodgeAppealBody,
        response: withErrors({ 201: AppealSchema, 409: AppealErrorSchema }),
      },
    },
    async (request, reply) => {
      const appeal = await lodgeAppeal(
        app.ctx,
        request.principal,
        request.params.id,
        request.params.n,
        request.body,
      );
      const visible = visibleAppeal(
        await appealOrNotFound(app.ctx.db, appeal.id),
        request.principal,
      );
      return reply.status(201).send(presentAppeal(visible));
    },
  );

  app.get(
    '/api/v1/releases/:id/rid/appeals',
    {
      schema: {
        summary:
          'The appeal window of each approved RID version of a release and its appeals (public; reasons only for those who may see them)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ReleaseAppealsResponse }),
      },
    },
    async (request) => {
      const view = await releaseAppeals(app.ctx, request.params.id);
      return {
        releaseId: view.release.id,
        releaseName: view.release.name,
        windows: view.windows.map(({ deadlineWords: _words, ...window }) => window),
        appeals: visibleReasons(view.appeals, request.principal).map(presentAppeal),
      };
    },
  );

  app.get(
    '/api/v1/appeals',
    {
      schema: {
        summary:
          'Every appeal, those awaiting the Authority first: the Authority’s worklist (public; reasons only for those who may see them)',
        tags,
        querystring: AppealListQuery,
        response: withErrors({ 200: AppealListResponse }),
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const limit = request.query.limit ?? DEFAULT_LIMIT;
      const { items, total } = await listAppeals(app.ctx.db, {
        status: request.query.status,
        page,
        limit,
      });
      return {
        items: visibleReasons(items, request.principal).map(presentAppeal),
        page,
        limit,
        total,
        nextPage: page * limit < total ? page + 1 : null,
      };
    },
  );

  app.get(
    '/api/v1/appeals/:id',
    {
      schema: {
        summary: 'An appeal and the Authority’s determination (public; reasons restricted)',
        tags,
        params: IdParams,
        response: withErrors({ 200: AppealSchema }),
      },
    },
    async (request) =>
      presentAppeal(
        visibleAppeal(await appealOrNotFound(app.ctx.db, request.params.id), request.principal),
      ),
  );

  app.post(
    '/api/v1/appeals/:id/determination',
    {
      schema: {
        summary: 'Record the Authority’s final determination of an appeal (the Authority)',
        tags,
        params: IdParams,
        body: DetermineAppealBody,
        response: withErrors({ 200: AppealSchema }),
      },
    },
    async (request) => {
      const appeal = await determineAppeal(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return presentAppeal(
        visibleAppeal(await appealOrNotFound(app.ctx.db, appeal.id), request.principal),
      );
    },
  );
}

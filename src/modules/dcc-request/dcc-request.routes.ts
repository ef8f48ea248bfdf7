import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../../schemas.ts';
import { requestInformation, respondToRequest, withdrawRequest } from './dcc-request.actions.ts';
import { canReadDccRequests } from './dcc-request.access.ts';
import {
  DCC_REQUEST_PAGE_SIZE,
  presentDccRequest,
  releaseRequests,
  requestById,
} from './dcc-request.present.ts';
import {
  DccRequestBody,
  DccRequestPageSchema,
  DccRequestSchema,
  DccRequestsQuery,
  DccResponseBody,
  DccWithdrawalBody,
} from './dcc-request.schema.ts';
import { listDccRequests } from './dcc-request.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** Information requests to the DCC (D10.10, D10.14): asked by SECAS or the Chair, answered by the DCC. */
export function registerDccRequestRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['dcc-requests'];
  const today = () => todayOf(app.ctx.now());
  const present = async (id: number) => presentDccRequest(await requestById(app.ctx, id), today());

  app.get(
    '/api/v1/dcc-requests',
    {
      schema: {
        summary:
          'Information requests across releases with a status (open by default), earliest due first',
        tags,
        querystring: DccRequestsQuery,
        response: withErrors({ 200: DccRequestPageSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadDccRequests);
      const page = request.query.page ?? 1;
      const { items, total } = await listDccRequests(app.ctx.db, request.query.status ?? 'open', {
        limit: DCC_REQUEST_PAGE_SIZE,
        offset: (page - 1) * DCC_REQUEST_PAGE_SIZE,
      });
      const day = today();
      return {
        items: items.map((row) => presentDccRequest(row, day)),
        total,
        page,
        pageSize: DCC_REQUEST_PAGE_SIZE,
      };
    },
  );

  app.get(
    '/api/v1/releases/:id/dcc-requests',
    {
      schema: {
        summary: 'The information requests to the DCC for a release, earliest due first',
        tags,
        params: IdParams,
        response: withErrors({ 200: Type.Array(DccRequestSchema) }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadDccRequests);
      const { requests } = await releaseRequests(app.ctx, request.params.id);
      const day = today();
      return requests.map((row) => presentDccRequest(row, day));
    },
  );

  app.post(
    '/api/v1/releases/:id/dcc-requests',
    {
      schema: {
        summary:
          'Ask the DCC for information on the release, optionally for a RID section (SECAS, Panel Chair)',
        tags,
        params: IdParams,
        body: DccRequestBody,
        response: withErrors({ 201: DccRequestSchema }),
      },
    },
    async (request, reply) => {
      const row = await requestInformation(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(await present(row.id));
    },
  );

  app.get(
    '/api/v1/dcc-requests/:id',
    {
      schema: {
        summary: 'One information request to the DCC',
        tags,
        params: IdParams,
        response: withErrors({ 200: DccRequestSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadDccRequests);
      return present(request.params.id);
    },
  );

  app.post(
    '/api/v1/dcc-requests/:id/response',
    {
      schema: {
        summary: 'Answer an open information request (the DCC)',
        tags,
        params: IdParams,
        body: DccResponseBody,
        response: withErrors({ 200: DccRequestSchema }),
      },
    },
    async (request) => {
      const row = await respondToRequest(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return present(row.id);
    },
  );

  app.post(
    '/api/v1/dcc-requests/:id/withdrawal',
    {
      schema: {
        summary: 'Withdraw an open information request, with a reason (SECAS, Panel Chair)',
        tags,
        params: IdParams,
        body: DccWithdrawalBody,
        response: withErrors({ 200: DccRequestSchema }),
      },
    },
    async (request) => {
      const row = await withdrawRequest(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return present(row.id);
    },
  );
}

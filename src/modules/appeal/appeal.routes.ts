import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, withErrors } from '../../schemas.ts';
import {
  EXPORT_FORMATS,
  exportResponse,
  inChunks,
  sendExport,
  type ExportColumn,
} from '../../web/export.ts';
import type { Principal } from '../identity/identity.ts';
import { requireReader } from '../identity/identity.access.ts';
import { canReadAppeals } from './appeal.access.ts';
import {
  determineAppeal,
  lodgeAppeal,
  recordFurtherAppeal,
  recordFurtherAppealOutcome,
} from './appeal.actions.ts';
import {
  presentAppeal,
  visibleAppeal,
  visibleReasons,
  type VisibleAppeal,
} from './appeal.present.ts';
import { appealOrNotFound, releaseAppeals } from './appeal.queries.ts';
import {
  AppealErrorSchema,
  AppealExportQuery,
  AppealListQuery,
  AppealListResponse,
  AppealSchema,
  DetermineAppealBody,
  FurtherAppealBody,
  FurtherAppealOutcomeBody,
  LodgeAppealBody,
  ReleaseAppealsResponse,
  VersionParams,
} from './appeal.schema.ts';
import { listAppeals, type AppealFilter } from './appeal.store.ts';
import { APPEAL_WINDOW_WORKING_DAYS } from './appeal-window.ts';

const DEFAULT_LIMIT = 50;

/**
 * Issue 13: the columns of the appeal list's CSV and JSON exports (dates ISO, codes and names);
 * the reasons are empty (null) for a reader who may not see them, as on the page.
 */
const APPEAL_COLUMNS: ExportColumn<VisibleAppeal>[] = [
  { name: 'id', type: 'integer', value: (a) => a.id },
  { name: 'release', type: 'string', value: (a) => a.releaseName },
  { name: 'releaseId', type: 'integer', value: (a) => a.releaseId },
  { name: 'ridVersion', type: 'integer', value: (a) => a.ridVersionNumber },
  { name: 'appellant', type: 'string', value: (a) => a.organisationName },
  { name: 'lodgedAt', type: 'instant', value: (a) => new Date(a.lodgedAt).toISOString() },
  { name: 'status', type: 'string', value: (a) => a.status },
  { name: 'statusName', type: 'string', value: (a) => a.statusName },
  { name: 'determinedOn', type: 'date', nullable: true, value: (a) => a.determinedOn },
  { name: 'determination', type: 'string', nullable: true, value: (a) => a.determination },
  {
    name: 'furtherAppealBy',
    type: 'string',
    nullable: true,
    value: (a) => a.furtherAppeal?.appellant ?? null,
  },
  {
    name: 'furtherAppealOutcome',
    type: 'string',
    nullable: true,
    value: (a) => a.furtherAppeal?.outcomeName ?? null,
  },
  {
    name: 'furtherAppealDecidedOn',
    type: 'date',
    nullable: true,
    value: (a) => a.furtherAppeal?.decidedOn ?? null,
  },
  { name: 'reasons', type: 'string', nullable: true, value: (a) => a.reasons },
];

/** Every appeal the filter keeps, in the list's order, as `principal` may see it, a page at a time. */
async function* visibleAppeals(
  db: Parameters<typeof listAppeals>[0],
  status: AppealFilter | undefined,
  principal: Principal | null,
): AsyncGenerator<VisibleAppeal> {
  const rows = inChunks(
    async (offset, limit) =>
      (await listAppeals(db, { status, page: offset / limit + 1, limit })).items,
    100,
  );
  for await (const appeal of rows) yield* visibleReasons([appeal], principal);
}

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
        response: {
          ...withErrors({ 201: AppealSchema }, [
            'appeal_reasons_required',
            'validation_failed',
            'forbidden',
          ]),
          409: AppealErrorSchema,
        },
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

  // Issue 13: the appeal list, those awaiting the Authority first, to take away as CSV or JSON.
  for (const format of EXPORT_FORMATS) {
    app.get(
      `/api/v1/exports/appeals.${format}`,
      {
        schema: {
          summary: `Every appeal as ${format.toUpperCase()}, those awaiting the Authority first, streamed (public; reasons only for those who may see them)`,
          tags,
          querystring: AppealExportQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/json'],
          response: withErrors({ 200: exportResponse(format, APPEAL_COLUMNS) }),
        },
      },
      async (request, reply) => {
        const principal = requireReader(request.principal, canReadAppeals);
        return sendExport(
          reply,
          format,
          'appeals',
          APPEAL_COLUMNS,
          visibleAppeals(app.ctx.db, request.query.status, principal),
        );
      },
    );
  }

  app.get(
    '/api/v1/appeals/:id',
    {
      schema: {
        summary:
          'An appeal, the Authority’s determination and any further appeal to the Competition and Markets Authority (public; reasons restricted)',
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
        summary:
          'Record the Authority’s determination of an appeal, once (the Authority); without prejudice to section 173 of the Energy Act 2004',
        tags,
        params: IdParams,
        body: DetermineAppealBody,
        response: withErrors({ 200: AppealSchema }, [
          'appeal_determined',
          'validation_failed',
          'stale_version',
          'forbidden',
        ]),
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

  app.post(
    '/api/v1/appeals/:id/further-appeal',
    {
      schema: {
        summary:
          'Record a further appeal of the Authority’s determination to the Competition and Markets Authority (SECAS; D10.17, section 173 of the Energy Act 2004)',
        tags,
        params: IdParams,
        body: FurtherAppealBody,
        response: withErrors({ 201: AppealSchema }, [
          'appeal_not_determined',
          'further_appeal_exists',
          'validation_failed',
          'stale_version',
          'forbidden',
        ]),
      },
    },
    async (request, reply) => {
      const appeal = await recordFurtherAppeal(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentAppeal(visibleAppeal(appeal, request.principal)));
    },
  );

  app.post(
    '/api/v1/appeals/:id/further-appeal/outcome',
    {
      schema: {
        summary:
          'Record the Competition and Markets Authority’s outcome of a further appeal (SECAS; D10.17, section 173 of the Energy Act 2004)',
        tags,
        params: IdParams,
        body: FurtherAppealOutcomeBody,
        response: withErrors({ 200: AppealSchema }, [
          'further_appeal_missing',
          'further_appeal_decided',
          'validation_failed',
          'stale_version',
          'forbidden',
        ]),
      },
    },
    async (request) => {
      const appeal = await recordFurtherAppealOutcome(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return presentAppeal(visibleAppeal(appeal, request.principal));
    },
  );
}

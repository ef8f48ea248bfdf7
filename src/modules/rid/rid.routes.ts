import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams } from '../../schemas.ts';
import {
  approveRidVersion,
  publishRidApproval,
  recordFreezeOverride,
} from './rid-approval.actions.ts';
import {
  createRidAmendment,
  createRidDraft,
  submitRidVersion,
  updateRidSections,
  withdrawRidVersion,
} from './rid.actions.ts';
import { presentOverride, presentRidVersion } from './rid.present.ts';
import { presentRidOverview } from './rid-overview.present.ts';
import { appealWindowOf, ridOverview, ridRedlineBetween, ridVersionView } from './rid.queries.ts';
import {
  ApproveBody,
  OverrideBody,
  OverrideSchema,
  PublishBody,
  RedlineQuery,
  RedlineSchema,
  RidOverviewSchema,
  RidVersionDetailSchema,
  RidVersionSchema,
  SectionsChangeBody,
  VersionBody,
  VersionParams,
  WithdrawBody,
  withRidErrors,
} from './rid.schema.ts';
import type { RidVersion } from './rid.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { historySourceOf, historySourcesOf } from '../history/history.queries.ts';
import { presentHeldOutside } from '../history/history.present.ts';

/** The Release Implementation Document of a release (A-RID, D10.12–D10.15, D10.17, D10.18). */
export function registerRidRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['rid'];
  const base = '/api/v1/releases/:id/rid';
  const today = () => todayOf(app.ctx.now());

  const presented = async (_releaseId: number, version: RidVersion) =>
    presentRidVersion(version, await appealWindowOf(app.ctx, version));

  app.get(
    base,
    {
      schema: {
        summary:
          'The RID of a release: its versions (published approvals for the public; drafts for the Panel, SECAS, the DCC and the Authority), freeze date and overrides',
        tags,
        params: IdParams,
        response: withRidErrors({ 200: RidOverviewSchema }),
      },
    },
    async (request) => {
      const overview = await ridOverview(app.ctx, request.principal, request.params.id, today());
      const held = await historySourcesOf(
        app.ctx.db,
        'rid_version',
        overview.versions.map((v) => v.id),
      );
      return presentRidOverview(overview, held);
    },
  );

  app.get(
    `${base}/versions/:n`,
    {
      schema: {
        summary:
          'One RID version: sections (a)–(f) and free sections, its content, missing sections and the TAD',
        tags,
        params: VersionParams,
        response: withRidErrors({ 200: RidVersionDetailSchema }),
      },
    },
    async (request) => {
      const view = await ridVersionView(
        app.ctx,
        request.principal,
        request.params.id,
        request.params.n,
        today(),
      );
      return {
        ...presentRidVersion(view.version, view.appeal),
        content: view.content,
        contentIsLive: view.contentIsLive,
        missing: view.missing,
        tad: view.tad ? { ...view.tad.tad, relation: view.tad.relation } : null,
        ...presentHeldOutside(await historySourceOf(app.ctx.db, 'rid_version', view.version.id)),
      };
    },
  );

  for (const [path, create, summary] of [
    ['drafts', createRidDraft, 'Create the first draft of the RID (SECAS)'],
    [
      'amendments',
      createRidAmendment,
      'Draft an amendment from the approved version (SECAS); after the freeze only with a Panel override',
    ],
  ] as const) {
    app.post(
      `${base}/${path}`,
      {
        schema: {
          summary,
          tags,
          params: IdParams,
          response: withRidErrors({ 201: RidVersionSchema }, ['rid_frozen']),
        },
      },
      async (request, reply) => {
        const version = await create(app.ctx, request.principal, request.params.id);
        return reply.status(201).send(await presented(request.params.id, version));
      },
    );
  }

  app.put(
    `${base}/versions/:n`,
    {
      schema: {
        summary: 'Edit sections of a draft (SECAS); each section given replaces the whole section',
        tags,
        params: VersionParams,
        body: SectionsChangeBody,
        response: withRidErrors({ 200: RidVersionSchema }, ['rid_frozen']),
      },
    },
    async (request) => {
      const version = await updateRidSections(
        app.ctx,
        request.principal,
        request.params.id,
        request.params.n,
        { version: request.body.version, sections: request.body.sections },
      );
      return presented(request.params.id, version);
    },
  );

  app.post(
    `${base}/versions/:n/submit`,
    {
      schema: {
        summary:
          'Submit a draft to the Panel (SECAS); refused with rid_incomplete naming what is missing',
        tags,
        params: VersionParams,
        body: VersionBody,
        response: withRidErrors({ 200: RidVersionSchema }, ['rid_incomplete', 'rid_frozen']),
      },
    },
    async (request) => {
      const { id, n } = request.params;
      return presented(id, await submitRidVersion(app.ctx, request.principal, id, n, request.body));
    },
  );

  app.post(
    `${base}/versions/:n/withdraw`,
    {
      schema: {
        summary: 'Withdraw a draft or a version awaiting the Panel (SECAS)',
        tags,
        params: VersionParams,
        body: WithdrawBody,
        response: withRidErrors({ 200: RidVersionSchema }),
      },
    },
    async (request) => {
      const { id, n } = request.params;
      return presented(
        id,
        await withdrawRidVersion(app.ctx, request.principal, id, n, request.body),
      );
    },
  );

  app.post(
    `${base}/versions/:n/approve`,
    {
      schema: {
        summary:
          'Record the Panel’s approval of a submitted version at a meeting held on or before today (Panel Chair or SECAS)',
        description:
          'At a meeting held before the cut-over the approval is history: give its published source (sourceUrl, sourceSummary or both), and it is flagged held outside secrel (ruling 13).',
        tags,
        params: VersionParams,
        body: ApproveBody,
        response: withRidErrors({ 200: RidVersionSchema }, [
          'meeting_not_held',
          'panel_record_late',
          'rid_incomplete',
          'rid_frozen',
          'history_source_required',
          'history_after_cut_over',
        ]),
      },
    },
    async (request) => {
      const { id, n } = request.params;
      return presented(
        id,
        await approveRidVersion(app.ctx, request.principal, id, n, request.body),
      );
    },
  );

  app.post(
    `${base}/versions/:n/publish`,
    {
      schema: {
        summary: 'Publish the approval (SECAS): the D10.17 appeal window starts now',
        tags,
        params: VersionParams,
        body: PublishBody,
        response: withRidErrors({ 200: RidVersionSchema }),
      },
    },
    async (request) => {
      const { id, n } = request.params;
      return presented(
        id,
        await publishRidApproval(app.ctx, request.principal, id, n, request.body),
      );
    },
  );

  app.post(
    `${base}/freeze-overrides`,
    {
      schema: {
        summary:
          'Record the Panel’s override of the RID freeze with its reasons (Panel Chair or SECAS): one amendment may then be made',
        tags,
        params: IdParams,
        body: OverrideBody,
        response: withRidErrors({ 201: OverrideSchema }, ['meeting_not_held', 'panel_record_late']),
      },
    },
    async (request, reply) => {
      const override = await recordFreezeOverride(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentOverride(override));
    },
  );

  app.get(
    `${base}/redline`,
    {
      schema: {
        summary: 'The word-level redline from one RID version to another',
        tags,
        params: IdParams,
        querystring: RedlineQuery,
        response: withRidErrors({ 200: RedlineSchema }),
      },
    },
    async (request) => {
      const result = await ridRedlineBetween(
        app.ctx,
        request.principal,
        request.params.id,
        request.query,
        today(),
      );
      return { from: result.from.number, to: result.to.number, clauses: result.clauses };
    },
  );
}

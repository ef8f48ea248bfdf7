import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../app-context.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { EXPORT_FORMATS, exportResponse, sendExport, type ExportColumn } from '../../web/export.ts';
import { DEFAULT_MECHANISMS } from '../policy/policy-defaults.ts';
import { modificationCountsOf } from '../allocation/allocation.queries.ts';
import { releaseHealth, type ReleaseHealth } from './release-health.ts';
import type { ReleaseMilestone } from './release-milestones.ts';
import { RELEASE_STATUS_NAMES } from './release.ts';
import { canReadReleases } from './release.access.ts';
import { requireReader } from '../identity/identity.access.ts';
import {
  createRelease,
  createStandardReleases,
  recordLateAddition,
  recordNoticeException,
} from './release.actions.ts';
import { decideReleaseStatus } from '../go-live/go-live.actions.ts';
import {
  milestonesOfReleases,
  presentAllocation,
  presentDecision,
  presentPanelDecision,
  presentRelease,
  releaseDetail,
} from './release.present.ts';
import {
  DecisionSchema,
  LateAdditionBody,
  NewReleaseBody,
  NoticeExceptionBody,
  PanelDecisionSchema,
  ReleaseDetailSchema,
  ReleaseListItemSchema,
  ReleaseListQuery,
  CreatedReleaseSchema,
  DecidedReleaseSchema,
  StandardReleasesBody,
  StandardReleasesResult,
  StatusBody,
} from './release.schema.ts';
import { listReleases, type Release } from './release.store.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { historySourceOf, historySourcesOf } from '../history/history.queries.ts';
import { presentHeldOutside } from '../history/history.present.ts';

/** A release as its list on /releases shows it: health, milestones and how many modifications. */
interface ReleaseRow {
  release: Release;
  health: ReleaseHealth;
  milestones: ReleaseMilestone[];
  modifications: number;
}

const milestone = (row: ReleaseRow, id: string) => row.milestones.find((m) => m.id === id);
const names = (milestones: readonly ReleaseMilestone[]) => milestones.map((m) => m.name).join('; ');

/** Issue 13: the columns of the release list's CSV and JSON exports (dates ISO, codes and names). */
const RELEASE_COLUMNS: ExportColumn<ReleaseRow>[] = [
  { name: 'name', type: 'string', value: (r) => r.release.name },
  { name: 'releaseType', type: 'string', value: (r) => r.release.release_type },
  {
    name: 'releaseTypeName',
    type: 'string',
    value: (r) =>
      DEFAULT_MECHANISMS.allocation.releaseTypes.find((t) => t.id === r.release.release_type)
        ?.name ?? r.release.release_type,
  },
  { name: 'goLive', type: 'date', value: (r) => r.release.go_live },
  { name: 'status', type: 'string', value: (r) => r.release.status },
  { name: 'statusName', type: 'string', value: (r) => RELEASE_STATUS_NAMES[r.release.status] },
  { name: 'health', type: 'string', value: (r) => r.health.state },
  {
    name: 'nextMilestone',
    type: 'string',
    nullable: true,
    value: (r) => r.health.next?.name ?? null,
  },
  {
    name: 'nextMilestoneDate',
    type: 'date',
    nullable: true,
    value: (r) => r.health.next?.date ?? null,
  },
  { name: 'late', type: 'string', value: (r) => names(r.health.late) },
  { name: 'atRisk', type: 'string', value: (r) => names(r.health.atRisk) },
  {
    name: 'noticePeriodStarts',
    type: 'date',
    nullable: true,
    value: (r) => milestone(r, 'notice_start')?.date ?? null,
  },
  {
    name: 'changeFreezeFrom',
    type: 'date',
    nullable: true,
    value: (r) => milestone(r, 'change_freeze')?.date ?? null,
  },
  {
    name: 'changeFreezeTo',
    type: 'date',
    nullable: true,
    value: (r) => milestone(r, 'change_freeze')?.until ?? null,
  },
  { name: 'modifications', type: 'integer', value: (r) => r.modifications },
  { name: 'id', type: 'integer', value: (r) => r.release.id },
];

/** The releases of the list, each with its milestones, health and modification count. */
async function* releaseRows(
  ctx: AppContext,
  range: { from?: string | undefined; to?: string | undefined },
  today: string,
): AsyncGenerator<ReleaseRow> {
  const releases = await listReleases(ctx.db, range);
  const [milestones, counts] = await Promise.all([
    milestonesOfReleases(ctx, releases, today),
    modificationCountsOf(
      ctx.db,
      releases.map((r) => r.id),
    ),
  ]);
  for (const release of releases) {
    const of = milestones.get(release.id) ?? [];
    yield {
      release,
      milestones: of,
      health: releaseHealth(release.status, of, today),
      modifications: counts.get(release.id) ?? 0,
    };
  }
}

/** SEC Releases: planning, the lifecycle, late-addition decisions and the release detail (A-REL, D10.8(a)(b)); allocation's routes are in allocation.routes.ts. */
export function registerReleaseRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['releases'];

  app.get(
    '/api/v1/releases',
    {
      schema: {
        summary:
          'SEC Releases by go-live date (public), optionally between two dates; each flagged when held outside secrel (ruling 13)',
        tags,
        querystring: ReleaseListQuery,
        response: withErrors({ 200: Type.Array(ReleaseListItemSchema) }),
      },
    },
    async (request) => {
      const releases = await listReleases(app.ctx.db, request.query);
      const sources = await historySourcesOf(
        app.ctx.db,
        'release',
        releases.map((r) => r.id),
      );
      return releases.map((release) => ({
        ...presentRelease(release),
        ...presentHeldOutside(sources.get(release.id)),
      }));
    },
  );

  // Issue 13: the release list of /releases, with its health, to take away as CSV or JSON.
  for (const format of EXPORT_FORMATS) {
    app.get(
      `/api/v1/exports/releases.${format}`,
      {
        schema: {
          summary: `SEC Releases as ${format.toUpperCase()} (public): by go-live date, optionally between two dates, with status, health, next milestone, notice and freeze dates and how many modifications each holds`,
          tags,
          security: [],
          querystring: ReleaseListQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/json'],
          response: withErrors({ 200: exportResponse(format, RELEASE_COLUMNS) }),
        },
      },
      async (request, reply) => {
        requireReader(request.principal, canReadReleases);
        return sendExport(
          reply,
          format,
          'releases',
          RELEASE_COLUMNS,
          releaseRows(app.ctx, request.query, todayOf(app.ctx.now())),
        );
      },
    );
  }

  app.post(
    '/api/v1/releases',
    {
      schema: {
        summary: 'Create a release (SECAS), e.g. an ad-hoc release, under the Policy in force',
        tags,
        description:
          'Issue 13: the release is created with any warnings on its go-live date (a date off the weekday the Policy gives the release type, Thursday by default) in `warnings`.',
        body: NewReleaseBody,
        response: withErrors({ 201: CreatedReleaseSchema }),
      },
    },
    async (request, reply) => {
      const release = await createRelease(app.ctx, request.principal, request.body);
      return reply.status(201).send({ ...presentRelease(release), warnings: release.warnings });
    },
  );

  app.post(
    '/api/v1/releases/standard',
    {
      schema: {
        summary: 'Create the standard releases of a year from the Policy in force (SECAS)',
        tags,
        body: StandardReleasesBody,
        response: withErrors({ 201: StandardReleasesResult }),
      },
    },
    async (request, reply) => {
      const result = await createStandardReleases(app.ctx, request.principal, request.body.year);
      return reply.status(201).send({
        created: result.created.map((release) => presentRelease(release)),
        skipped: result.skipped.map(({ name, releaseType, goLive }) => ({
          name,
          releaseType,
          goLive,
        })),
      });
    },
  );

  app.get(
    '/api/v1/releases/:id',
    {
      schema: {
        summary: 'A release with its scope (allocations), milestones and Panel decisions (public)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ReleaseDetailSchema }),
      },
    },
    async (request) => {
      const detail = await releaseDetail(app.ctx, request.params.id, todayOf(app.ctx.now()));
      const source = await historySourceOf(app.ctx.db, 'release', detail.release.id);
      return {
        release: { ...presentRelease(detail.release), ...presentHeldOutside(source) },
        allocations: detail.allocations.map((a) => presentAllocation(a)),
        milestones: detail.milestones,
        decisions: detail.decisions.map((d) => presentDecision(d)),
        panelDecisions: detail.panelDecisions.map((d) => presentPanelDecision(d)),
        policyChanges: detail.policyChanges.map((c) => ({
          fromVersion: c.fromVersion,
          toVersion: c.toVersion,
          effectiveFrom: c.effectiveFrom,
          moved: c.moved,
          recordedAt: c.recordedAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/v1/releases/:id/status',
    {
      schema: {
        summary:
          'Record the Panel’s cancellation or deferral of a release (Panel Chair or SECAS); every other status follows facts (ruling 16). Issue 13: a deferral is recorded with any warnings on its new go-live date (in the past, or off the weekday the Policy gives the release type) in `warnings`',
        tags,
        params: IdParams,
        body: StatusBody,
        response: withErrors({ 200: DecidedReleaseSchema }, [
          'status_follows_facts',
          'invalid_transition',
          'timetable_request_required',
          'stale_version',
          'meeting_not_held',
          'panel_record_late',
        ]),
      },
    },
    async (request) => {
      const release = await decideReleaseStatus(app.ctx, request.principal, request.params.id, {
        to: request.body.to,
        version: request.body.version,
        meetingId: request.body.meetingId,
        reasons: request.body.reasons ?? '',
        deferredTo: request.body.deferredTo,
      });
      return { ...presentRelease(release), warnings: release.warnings };
    },
  );

  app.post(
    '/api/v1/releases/:id/notice-exception',
    {
      schema: {
        summary:
          'Record the Panel’s exception letting the release go live without the notice the Policy requires (D10.8(c); Panel Chair or SECAS)',
        tags,
        params: IdParams,
        body: NoticeExceptionBody,
        response: withErrors({ 201: PanelDecisionSchema }, [
          'invalid_transition',
          'stale_version',
          'meeting_not_held',
          'panel_record_late',
        ]),
      },
    },
    async (request, reply) => {
      const decision = await recordNoticeException(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentPanelDecision(decision));
    },
  );

  app.post(
    '/api/v1/releases/:id/decisions',
    {
      schema: {
        summary:
          'Record a Panel late-addition decision for the release, at the meeting that took it (Panel Chair or SECAS)',
        description:
          'D10.8(a), ruling 13: the decision names the Panel meeting that took it (meetingId) and is dated that meeting’s day; it is recorded once the meeting is held (meeting_not_held) and within its record window (panel_record_late). A meeting held before the cut-over is history and is not gated.',
        tags,
        params: IdParams,
        body: LateAdditionBody,
        response: withErrors({ 201: DecisionSchema }, [
          'invalid_transition',
          'not_approved',
          'meeting_not_held',
          'panel_record_late',
        ]),
      },
    },
    async (request, reply) => {
      const decision = await recordLateAddition(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentDecision(decision));
    },
  );
}

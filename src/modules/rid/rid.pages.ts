import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../calendar/deadline.ts';
import { parseId } from '../../http/params.ts';
import { formNumber, formText, submitForm, type FormState } from '../../web/forms.ts';
import { visibleReasons } from '../appeal/appeal.present.ts';
import { appealsOfRelease } from '../appeal/appeal.queries.ts';
import { canReadDccRequests } from '../dcc-request/dcc-request.access.ts';
import { requestsOfRelease } from '../dcc-request/dcc-request.present.ts';
import { requireActor } from '../identity/identity.access.ts';
import { listMeetingRows } from '../meeting/meeting.queries.ts';
import { overviewPage } from './rid-overview.present.ts';
import { recordFreezeOverride } from './rid-approval.actions.ts';
import { registerRidVersionPages } from './rid-version.pages.ts';
import { registerRidDocumentPages } from './rid-document.pages.ts';
import { createRidAmendment, createRidDraft } from './rid.actions.ts';
import { RID_STATUS_NAMES } from './rid.ts';
import { canDraftRid, canRecordRidApproval } from './rid.access.ts';
import { ridOverview, ridRedlineBetween } from './rid.queries.ts';
import { historySourcesOf } from '../history/history.queries.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * A-RID, D10.15, D10.17: the RID overview of a release: the RID, its appeals, the DCC's
 * information requests (D10.14) and the Panel's meetings are loaded, then presented.
 */
async function showOverview(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const { principal } = request;
  const now = app.ctx.now();
  const today = todayOf(now);
  const overview = await ridOverview(app.ctx, principal, releaseId, today);
  const appeals = visibleReasons(await appealsOfRelease(app.ctx.db, releaseId), principal);
  const dccRequests = canReadDccRequests(principal)
    ? await requestsOfRelease(app.ctx.db, releaseId, now)
    : null;
  const meetings = await listMeetingRows(app.ctx.db);
  const held = await historySourcesOf(
    app.ctx.db,
    'rid_version',
    overview.versions.map((v) => v.id),
  );
  const page = overviewPage(
    { overview, appeals, dccRequests, meetings, held },
    principal,
    today,
    state,
  );
  return reply.page('rid.njk', page, status);
}

/** Runs a form's action: a notice and a redirect, or the overview again with the error. */
async function onOverview(
  app: FastifyInstance,
  request: IdRequest,
  reply: FastifyReply,
  form: string,
  run: (releaseId: number) => Promise<{ notice: string; to: string }>,
) {
  const releaseId = parseId(request.params.id, 'release');
  return submitForm(request, reply, {
    form,
    run: () => run(releaseId),
    again: (state, status) => showOverview(app, request, reply, releaseId, state, status),
  });
}

/** The RID pages (A-RID): overview, versions and the redline are public once published. */
export function registerRidPages(app: FastifyInstance): void {
  app.get('/releases/:id/rid', { schema: { hide: true } }, (request: IdRequest, reply) =>
    showOverview(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    '/releases/:id/rid/redline',
    { schema: { hide: true } },
    async (request, reply) => {
      const releaseId = parseId(request.params.id, 'release');
      const today = todayOf(app.ctx.now());
      const overview = await ridOverview(app.ctx, request.principal, releaseId, today);
      const numbers = overview.versions.map((v) => v.number);
      const last = numbers.at(-1) ?? 1;
      const to = request.query.to ? parseId(request.query.to, 'version') : last;
      const from = request.query.from
        ? parseId(request.query.from, 'version')
        : (numbers.filter((n) => n < to).at(-1) ?? to);
      const view = await ridRedlineBetween(
        app.ctx,
        request.principal,
        releaseId,
        { from, to },
        today,
      );
      const items = (selected: number) =>
        overview.versions.map((v) => ({
          value: String(v.number),
          text: `Version ${v.number} (${RID_STATUS_NAMES[v.status].toLowerCase()})`,
          selected: v.number === selected,
        }));
      return reply.page('rid-redline.njk', {
        title: `Changes from version ${from} to version ${to}`,
        release: overview.release,
        from: { ...view.from, statusName: RID_STATUS_NAMES[view.from.status] },
        to: { ...view.to, statusName: RID_STATUS_NAMES[view.to.status] },
        clauses: view.clauses,
        summary: view.summary,
        fromItems: items(from),
        toItems: items(to),
        onlyChanged: (request.query as Record<string, unknown>).changes === 'only',
      });
    },
  );

  app.post('/releases/:id/rid/drafts', { schema: { hide: true } }, (request: IdRequest, reply) => {
    const principal = requireActor(request.principal, canDraftRid);
    return onOverview(app, request, reply, 'create', async (releaseId) => {
      const version = await createRidDraft(app.ctx, principal, releaseId);
      return {
        notice: `Version ${version.number} of the RID has been drafted.`,
        to: `/releases/${releaseId}/rid/versions/${version.number}/edit`,
      };
    });
  });

  app.post(
    '/releases/:id/rid/amendments',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canDraftRid);
      return onOverview(app, request, reply, 'create', async (releaseId) => {
        const version = await createRidAmendment(app.ctx, principal, releaseId);
        return {
          notice: `Version ${version.number}, an amendment of the RID, has been drafted.`,
          to: `/releases/${releaseId}/rid/versions/${version.number}/edit`,
        };
      });
    },
  );

  app.post(
    '/releases/:id/rid/overrides',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRecordRidApproval);
      return onOverview(app, request, reply, 'override', async (releaseId) => {
        const override = await recordFreezeOverride(app.ctx, principal, releaseId, {
          meetingId: formNumber(request, 'meetingId') || 0,
          reasons: formText(request, 'reasons'),
        });
        return {
          notice: `The Panel’s override ${override.id} of the freeze has been recorded: one amendment may now be made.`,
          to: `/releases/${releaseId}/rid#overrides`,
        };
      });
    },
  );

  registerRidVersionPages(app);
  registerRidDocumentPages(app);
}

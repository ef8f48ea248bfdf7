import { canReadAppointments } from '../auditor/auditor.access.ts';
import { followView } from '../notification/notification.queries.ts';
import { canReadCosts } from '../cost/cost.access.ts';
import { canReadDccRequests } from '../dcc-request/dcc-request.access.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { optionalWholeNumber, parseId } from '../../http/params.ts';
import { formNumber, formText, formValues, submitForm, type FormState } from '../../web/forms.ts';
import { deferralWarningsToConfirm } from '../go-live/deferral-warnings.queries.ts';
import type { GoLiveWarning } from './release.ts';
import { recordLateAddition } from './release.actions.ts';
import { decideReleaseStatus } from '../go-live/go-live.actions.ts';
import { listMeetingRows } from '../meeting/meeting.queries.ts';
import { longDate } from '../../calendar/date-words.ts';
import { registerReleaseTimelinePages } from './release-timeline.pages.ts';
import { isOpenForScope, MAX_REASONS_LENGTH, RELEASE_STATUS_NAMES } from './release.ts';
import { canAllocate } from '../allocation/allocation.access.ts';
import { canRecordReleaseDecisions } from './release.access.ts';
import { releaseDetail } from './release.present.ts';
import { releaseHealth } from './release-health.ts';
import { healthView, milestoneView } from './release-health.present.ts';
import { allocatableModifications } from '../allocation/allocation.queries.ts';
import { canReadAllAppeals } from '../appeal/appeal.access.ts';
import { releaseRidSummary } from './release-rid-summary.present.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { historySourceOf } from '../history/history.queries.ts';
import { heldOutsideView } from '../history/history.present.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** Ruling 16, D10.8(c): the words of the Panel's decisions on a release. */
const PANEL_DECISION_NAMES = {
  cancellation: 'cancellation of the release',
  deferral: 'deferral of the release',
  notice_exception: 'exception to the notice requirement',
} as const;

/** How many allocatable modifications the release page's forms offer at once. */
const CANDIDATES_SHOWN = 20;

/** The words SECAS or the Chair searched the allocatable modifications for (query or form). */
function findTerm(request: FastifyRequest, values: Record<string, string>): string {
  const query = request.query as Record<string, unknown>;
  const term = typeof query.find === 'string' ? query.find : (values.find ?? '');
  return term.trim().slice(0, 100);
}

/**
 * The release page (public): scope by parts, milestones, decisions; SECAS and the Chair act here
 * (the allocation forms post to allocation.pages.ts, which shows this page again on a refusal).
 */
export async function renderRelease(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> & { warnings?: GoLiveWarning[] } = {},
  status = 200,
) {
  const principal = request.principal;
  const today = todayOf(app.ctx.now());
  const [detail, rid] = await Promise.all([
    releaseDetail(app.ctx, id, today),
    releaseRidSummary(app.ctx, principal, id, today),
  ]);
  const open = isOpenForScope(detail.release.status);
  const mayAllocate = open && canAllocate(principal);
  const mayDecide = open && canRecordReleaseDecisions(principal);
  const values = state.values ?? {};
  const find = findTerm(request, values);
  const chosen = optionalWholeNumber(values.modificationId);
  const candidates =
    mayAllocate || mayDecide
      ? await allocatableModifications(app.ctx.db, {
          search: find,
          limit: CANDIDATES_SHOWN + 1,
          include: chosen,
        })
      : [];
  // Issue 12: beyond a page of candidates the forms ask for a search first (GOV.UK: a question
  // the person can answer, not a drop-down of hundreds); the search is a GET, so no script.
  const manyCandidates = candidates.length > CANDIDATES_SHOWN;
  // Ruling 16: the status follows facts; only the Panel's cancellation or deferral is recorded.
  const mayMove = open && canRecordReleaseDecisions(principal);
  const handSet = [
    { value: 'deferred', text: 'Deferred to a later go-live date' },
    { value: 'cancelled', text: 'Cancelled' },
  ].map((item) => ({ ...item, checked: values.to === item.value }));
  const meetings = mayMove
    ? (await listMeetingRows(app.ctx.db))
        .filter((m) => m.heldOn <= today)
        .toSorted((a, b) => b.heldOn.localeCompare(a.heldOn))
        .slice(0, 12)
    : [];
  const meetingItems = [
    { value: '', text: 'Choose the Panel meeting' },
    ...meetings.map((m) => ({
      value: String(m.id),
      text: `${m.kind === 'ordinary' ? 'Panel meeting' : 'Extraordinary Panel meeting'} of ${longDate(m.heldOn)}`,
    })),
  ].map((item) => ({ ...item, selected: item.value === (values.meetingId ?? '') }));
  const held = heldOutsideView(await historySourceOf(app.ctx.db, 'release', id));
  return reply.page(
    'release.njk',
    {
      title: detail.release.name,
      release: detail.release,
      held,
      follow: await followView(app.ctx, principal, 'release', id),
      statusName: RELEASE_STATUS_NAMES[detail.release.status],
      live: detail.allocations.filter((a) => a.descopedAt === null),
      descoped: detail.allocations.filter((a) => a.descopedAt !== null),
      milestones: detail.milestones.map((m) => milestoneView(id, m)),
      health: healthView(id, releaseHealth(detail.release.status, detail.milestones, today)),
      decisions: detail.decisions,
      policyChanges: detail.policyChanges,
      rid,
      showAppealReasons: canReadAllAppeals(principal),
      // Issue 13: a page links only to what its reader may open, by the routes' own policies.
      opens: {
        costs: canReadCosts(principal),
        dccRequests: canReadDccRequests(principal),
        auditor: canReadAppointments(principal),
      },
      mayAllocate,
      mayDecide,
      mayMove,
      handSet,
      meetingItems,
      panelDecisions: detail.panelDecisions.map((d) => ({
        ...d,
        kindName: PANEL_DECISION_NAMES[d.kind],
      })),
      find,
      manyCandidates,
      // A form shown again after a refusal keeps its modification, whatever the search.
      chooseModification:
        chosen !== undefined || (find === '' ? !manyCandidates : candidates.length > 0),
      modificationItems: [
        { value: '', text: 'Choose a modification' },
        ...candidates
          .slice(0, CANDIDATES_SHOWN)
          .toSorted((a, b) => a.reference.localeCompare(b.reference))
          .map((m) => ({
            value: String(m.id),
            text: `${m.reference}: ${m.title}${m.status === 'allocated' ? ' (partly allocated)' : ''}`,
            selected: values.modificationId === String(m.id),
          })),
      ],
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      form: state.form ?? '',
      warnings: state.warnings ?? [],
      maxReasons: MAX_REASONS_LENGTH,
      values,
    },
    status,
  );
}

/** The release pages and their forms. */
/** Runs a form posted on the release page: back to the page with its notice, or the page again with the error. */
export function submitReleaseForm(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  form: string,
  run: () => Promise<string>,
) {
  return submitForm(request, reply, {
    form,
    run: async () => ({ notice: await run(), to: `/releases/${releaseId}` }),
    again: (state, status) => renderRelease(app, request, reply, releaseId, state, status),
  });
}

export function registerReleasePages(app: FastifyInstance): void {
  registerReleaseTimelinePages(app);

  app.get('/releases/:id', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderRelease(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post('/releases/:id/decisions', { schema: { hide: true } }, (request: IdRequest, reply) => {
    const principal = requireActor(request.principal, canRecordReleaseDecisions);
    const id = parseId(request.params.id, 'release');
    return submitReleaseForm(app, request, reply, id, 'exception', async () => {
      const decision = await recordLateAddition(app.ctx, principal, id, {
        modificationId: formNumber(request, 'modificationId') || 0,
        meetingId: formNumber(request, 'meetingId') || undefined,
        reasons: formText(request, 'reasons'),
      });
      return `The Panel’s late-addition decision has been recorded as decision ${decision.id}: allocate the modification with it.`;
    });
  });

  app.post(
    '/releases/:id/status',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRecordReleaseDecisions);
      const id = parseId(request.params.id, 'release');
      const to = formText(request, 'to');
      const deferredTo = formText(request, 'deferredTo');
      // Issue 13: a new go-live date worth a second look is committed only once confirmed.
      if (to === 'deferred' && formText(request, 'confirmDate') !== 'yes') {
        const today = todayOf(app.ctx.now());
        const warnings = await deferralWarningsToConfirm(app.ctx, id, deferredTo, today);
        if (warnings.length > 0)
          return renderRelease(app, request, reply, id, {
            form: 'status',
            values: formValues(request),
            warnings,
          });
      }
      return submitReleaseForm(app, request, reply, id, 'status', async () => {
        if (to === '')
          throw new AppError('validation_failed', 'Choose deferred or cancelled', { field: 'to' });
        const release = await decideReleaseStatus(app.ctx, principal, id, {
          to,
          version: formNumber(request, 'version') || 0,
          meetingId: formNumber(request, 'meetingId') || undefined,
          reasons: formText(request, 'reasons'),
          deferredTo,
        });
        return to === 'deferred'
          ? `The Panel’s deferral has been recorded: the release now goes live on ${longDate(release.go_live)}.`
          : `The Panel’s cancellation has been recorded: the release is ${RELEASE_STATUS_NAMES[release.status].toLowerCase()}.`;
      });
    },
  );
}

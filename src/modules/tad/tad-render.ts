/** Renders the TAD pages of a release, for the GET pages and the form posts that fail. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { formatDate } from '../../calendar/format.ts';
import type { FormState } from '../../web/forms.ts';
import { AUDIENCE_NAMES } from '../consultation/consultation.ts';
import { TAD_AUDIENCE_CHOICES, TAD_SECTIONS } from './tad.ts';
import {
  canConsultOnTad,
  canDraftTad,
  canReadTadDrafts,
  canRequestTad,
  canReviewTad,
} from './tad.access.ts';
import { releaseTad, tadRedline, versionOf, type ReleaseTad } from './tad.present.ts';
import { meetingHeldOn, recentMeetings } from './tad.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

const NO_FORM: FormState = { errors: [], fieldErrors: {}, values: {} };

async function meetingItems(app: FastifyInstance, today: string, selected: string | undefined) {
  const meetings = await recentMeetings(app.ctx.db, today);
  return [
    { value: '', text: 'Not recorded at a Panel meeting' },
    ...meetings.map((m) => ({
      value: String(m.id),
      text: `${m.kind === 'ordinary' ? 'Panel meeting' : 'Extraordinary Panel meeting'} of ${formatDate(m.held_on)}`,
    })),
  ].map((item) => ({ ...item, selected: item.value === (selected ?? '') }));
}

function formOf(state: FormState) {
  return {
    errors: state.errors,
    fieldErrors: state.fieldErrors,
    values: state.values,
    form: state.form,
  };
}

/** D10.18–D10.20: the release's TAD page: the request, the versions, the forms. */
export async function renderTadPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  state: FormState = NO_FORM,
  status = 200,
) {
  const principal = request.principal;
  const today = todayOf(app.ctx.now());
  const tad = await releaseTad(app.ctx, principal, releaseId);
  const open = !['live', 'closed', 'cancelled'].includes(tad.release.status);
  const hasDraft = tad.all.some((v) => v.status === 'draft');
  const versionItems = tad.versions.map((v) => ({
    value: String(v.number),
    text: `Version ${v.number}: ${v.statusName}`,
  }));
  const latest = tad.versions[0];
  const previous = tad.versions[1];
  return reply.page(
    'tad.njk',
    {
      title: `Testing Approach Document: ${tad.release.name}`,
      release: tad.release,
      request: tad.request,
      requestMeetingOn: tad.request?.meetingId
        ? await meetingHeldOn(app.ctx.db, tad.request.meetingId)
        : undefined,
      task: tad.task,
      versions: tad.versions,
      seesDrafts: canReadTadDrafts(principal),
      mayRequest: open && !tad.request && canRequestTad(principal),
      mayDraft: open && Boolean(tad.request) && !hasDraft && canDraftTad(principal),
      amendment: tad.all.some((v) => v.submittedAt !== null),
      meetingItems: await meetingItems(app, today, state.values.meetingId),
      fromItems: versionItems.map((i) => ({
        ...i,
        selected: i.value === String(previous?.number),
      })),
      toItems: versionItems.map((i) => ({ ...i, selected: i.value === String(latest?.number) })),
      today,
      ...formOf(state),
    },
    status,
  );
}

/** The text the edit form shows: what was posted after a refusal, else the stored text. */
function editValues(state: FormState, text: Record<string, string>) {
  return state.form === 'edit' && state.values.objectives !== undefined ? state.values : text;
}

/** D10.19, D10.20: one version: its sections, consultations and review, with the forms. */
export async function renderVersionPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  number: number,
  state: FormState = NO_FORM,
  status = 200,
) {
  const principal = request.principal;
  const now = app.ctx.now();
  const today = todayOf(now);
  const tad: ReleaseTad = await releaseTad(app.ctx, principal, releaseId);
  const version = versionOf(tad, number);
  const draft = version.status === 'draft';
  const submitted = version.status === 'submitted';
  const notClosed = version.consultations.some((c) => c.status !== 'closed');
  const closed = version.consultations.some((c) => c.status === 'closed');
  const basedOn = tad.versions.find((v) => v.id === version.basedOnId);
  return reply.page(
    'tad-version.njk',
    {
      title: `Testing Approach Document version ${version.number}: ${tad.release.name}`,
      release: tad.release,
      version,
      basedOn,
      reviewMeetingOn: version.reviewMeetingId
        ? await meetingHeldOn(app.ctx.db, version.reviewMeetingId)
        : undefined,
      sections: TAD_SECTIONS.map((s) => ({
        ...s,
        text: version[s.field],
        missing: version.missing.includes(s.letter),
      })),
      canEdit: draft && canDraftTad(principal),
      canConsult: submitted && !notClosed && canConsultOnTad(principal),
      canReview: submitted && closed && canReviewTad(principal),
      waitingForConsultation: submitted && !closed,
      edit: editValues(state, {
        objectives: version.objectives,
        strategy: version.strategy,
        consequences: version.consequences,
      }),
      audienceItems: TAD_AUDIENCE_CHOICES.map((a) => ({
        value: a,
        text: a === 'all_parties' ? 'All Parties (including every User)' : 'Users only',
        checked: (state.values.audience ?? 'all_parties') === a,
      })),
      audienceNames: AUDIENCE_NAMES,
      meetingItems: await meetingItems(app, today, state.values.meetingId),
      today,
      ...formOf(state),
    },
    status,
  );
}

/** D10.20: the redline page between two versions. */
export async function renderRedlinePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  from: number,
  to: number,
) {
  const tad = await releaseTad(app.ctx, request.principal, releaseId);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to))
    throw new AppError('not_found', 'Choose two versions to compare');
  const redline = tadRedline(tad, from, to);
  return reply.page('tad-redline.njk', {
    title: `TAD changes from version ${redline.from.number} to version ${redline.to.number}: ${tad.release.name}`,
    release: tad.release,
    ...redline,
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { formatInstant } from '../../calendar/format.ts';
import { amendResponse, submitResponse } from './consultation-response.actions.ts';
import { acceptUploads, uploadsOf } from '../../web/uploads.ts';
import { MAX_ATTACHMENTS } from './consultation-attachment.ts';
import { canOpenSomeConsultation, mayRespondAtAll } from './consultation.access.ts';
import { consultationView } from './consultation.present.ts';
import {
  MAX_ANSWER_LENGTH,
  STATUS_NAMES,
  SUBJECT_NAMES,
  audienceName,
  isHeldOutsideSecrel,
  statusAt,
  type Answer,
  type ConsultationStatus,
} from './consultation.ts';
import {
  findConsultation,
  listBodies,
  listConsultations,
  type Consultation,
} from './consultation.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { HELD_OUTSIDE_LABEL } from '../installation/installation.ts';

type ErrorItem = { text: string; href: string };

const STATUS_TAGS: Record<ConsultationStatus, string> = {
  open: 'govuk-tag--green',
  scheduled: 'govuk-tag--blue',
  closed: 'govuk-tag--grey',
};

export function statusTag(status: ConsultationStatus) {
  return { text: STATUS_NAMES[status], classes: STATUS_TAGS[status] };
}

async function loadConsultation(app: FastifyInstance, id: string): Promise<Consultation> {
  const consultation = await findConsultation(app.ctx.db, parseId(id, 'consultation'));
  if (!consultation) throw new AppError('not_found', 'No such consultation');
  return consultation;
}

interface ResponseValues {
  answers: Record<string, string>;
  confidential: boolean;
}

function answersFrom(request: FastifyRequest, consultation: Consultation): Answer[] {
  return consultation.questions.map((q) => ({
    questionId: q.id,
    text: formText(request, `answer-${q.id}`),
  }));
}

/** The public consultation pages, and the response form for the audiences. */
export function registerConsultationPages(app: FastifyInstance): void {
  app.get('/consultations', { schema: { hide: true } }, async (request, reply) => {
    const now = app.ctx.now();
    const bodies = await listBodies(app.ctx.db);
    const list = await listConsultations(app.ctx.db, now);
    const cutOver = await cutOverOf(app.ctx.db);
    const rows = list.map((c) => ({
      heldOutsideSecrel: isHeldOutsideSecrel(c, cutOver),
      id: c.id,
      title: c.title,
      subject: SUBJECT_NAMES[c.subjectType],
      audiences: c.audiences.map((a) => audienceName(a, bodies)).join(', '),
      opensAt: formatInstant(c.opensAt),
      closesAt: formatInstant(c.closesAt),
      status: statusTag(statusAt(c, now)),
      summary: c.summaryPublishedAt !== null,
    }));
    return reply.page('consultations.njk', {
      title: 'Consultations',
      rows,
      canOpen: canOpenSomeConsultation(request.principal),
      heldOutsideLabel: HELD_OUTSIDE_LABEL,
    });
  });

  async function renderDetail(
    request: FastifyRequest,
    reply: FastifyReply,
    consultation: Consultation,
    extra: { errors?: ErrorItem[]; values?: ResponseValues } = {},
    status = 200,
  ) {
    const now = app.ctx.now();
    const view = await consultationView(app.ctx.db, consultation, request.principal, now);
    const questionText = new Map(consultation.questions.map((q) => [q.id, q.text]));
    const errors = extra.errors ?? [];
    const mine = view.mine;
    const values: ResponseValues = extra.values ?? {
      answers: Object.fromEntries((mine?.answers ?? []).map((a) => [a.questionId, a.text])),
      confidential: mine?.confidential ?? false,
    };
    return reply.page(
      'consultation.njk',
      {
        title: consultation.title,
        c: consultation,
        // Issue 13: each answer's GOV.UK character count, against the limit the use case keeps.
        maxAnswer: MAX_ANSWER_LENGTH,
        subjectName: SUBJECT_NAMES[consultation.subjectType],
        statusTag: statusTag(view.status),
        view,
        responses: view.responses.map((r) => ({
          ...r,
          answers: r.answers.map((a) => ({ ...a, question: questionText.get(a.questionId) ?? '' })),
        })),
        pointResponses: Object.fromEntries(
          view.responses.map((r) => [String(r.id), r.organisationName]),
        ),
        canRespond: view.status === 'open' && view.eligible?.eligible === true,
        notEligibleReason:
          view.status === 'open' &&
          view.eligible &&
          !view.eligible.eligible &&
          mayRespondAtAll(request.principal)
            ? view.eligible.reason
            : null,
        mine,
        mineSubmittedAt: mine?.submittedAt.toISOString() ?? '',
        filesLeft: MAX_ATTACHMENTS - (mine?.attachments.length ?? 0),
        values,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>(
    '/consultations/:id',
    { schema: { hide: true } },
    async (request, reply) =>
      renderDetail(request, reply, await loadConsultation(app, request.params.id)),
  );

  app.register(async (scoped) => {
    await acceptUploads(scoped);
    scoped.post<{ Params: { id: string } }>(
      '/consultations/:id/response',
      { schema: { hide: true } },
      async (request, reply) => {
        const principal = requireActor(request.principal, mayRespondAtAll);
        const consultation = await loadConsultation(app, request.params.id);
        const answers = answersFrom(request, consultation);
        const confidential = formText(request, 'confidential') === 'yes';
        const submittedAt = formText(request, 'submittedAt');
        const input = { answers, confidential };
        try {
          if (submittedAt === '') {
            await submitResponse(app.ctx, principal, consultation.id, input, uploadsOf(request));
            setNotice(reply, 'Your organisation’s response has been submitted.');
          } else {
            await amendResponse(
              app.ctx,
              principal,
              consultation.id,
              { ...input, submittedAt },
              uploadsOf(request),
            );
            setNotice(reply, 'Your organisation’s response has been updated.');
          }
        } catch (error) {
          const fieldIds: Record<string, string> = {
            answers: `answer-${consultation.questions[0]?.id ?? 'q1'}`,
            ...Object.fromEntries(
              consultation.questions.map((q, i) => [`answers.${i}`, `answer-${q.id}`]),
            ),
          };
          const errors = formErrors(error, fieldIds);
          const values = {
            answers: Object.fromEntries(answers.map((a) => [a.questionId, a.text])),
            confidential,
          };
          const code = error instanceof AppError ? error.status : 400;
          return renderDetail(request, reply, consultation, { errors, values }, code);
        }
        return reply.redirect(`/consultations/${consultation.id}#your-response`, 303);
      },
    );
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { formatInstant } from '../../calendar/format.ts';
import { londonDateOf } from '../../calendar/index.ts';
import {
  editConsultation,
  openConsultation,
  type ConsultationEdit,
  type NewConsultation,
} from './consultation.actions.ts';
import { canOpenSomeConsultation, canRunConsultation } from './consultation.access.ts';
import {
  AUDIENCE_NAMES,
  GROUP_AUDIENCES,
  SUBJECT_NAMES,
  SUBJECT_TYPES,
  statusAt,
  type SubjectType,
} from './consultation.ts';
import { findConsultation, listBodies, type Consultation } from './consultation.store.ts';
import { requireActor } from '../identity/identity.access.ts';

type ErrorItem = { text: string; href: string };
type Values = Record<string, string | string[]>;

/** Every value of a repeated form field (checkboxes), trimmed. */
function formList(request: FastifyRequest, name: string): string[] {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
}

function fieldErrorsOf(errors: ErrorItem[]) {
  return Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }]));
}

const FORM_FIELDS = { audiences: 'audiences', closesAfterWorkingDays: 'closesAfterWorkingDays' };

function closeFields(request: FastifyRequest) {
  const closeBy = formText(request, 'closeBy');
  if (closeBy === 'days') {
    const text = formText(request, 'closesAfterWorkingDays');
    if (!/^\d{1,3}$/.test(text)) {
      throw invalid('closesAfterWorkingDays', 'Enter the number of Working Days, for example 10');
    }
    return { closesAfterWorkingDays: Number(text) };
  }
  if (closeBy !== 'date') throw invalid('closeBy', 'Choose how the close is given');
  return { closesAt: formText(request, 'closesAt') };
}

async function loadConsultation(app: FastifyInstance, id: string): Promise<Consultation> {
  const consultation = await findConsultation(app.ctx.db, parseId(id, 'consultation'));
  if (!consultation) throw new AppError('not_found', 'No such consultation');
  return consultation;
}

/** Opening, changing and summarising consultations (SECAS, the Panel Chair, the DCC). */
export function registerConsultationFormPages(app: FastifyInstance): void {
  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    options: { consultation?: Consultation; errors?: ErrorItem[] } = {},
    status = 200,
  ) {
    const bodies = await listBodies(app.ctx.db);
    const chosen = new Set([values.audiences ?? []].flat());
    const c = options.consultation;
    const lockedToClose = c !== undefined && statusAt(c, app.ctx.now()) === 'open';
    const errors = options.errors ?? [];
    return reply.page(
      'consultation-form.njk',
      {
        title: c ? `Change “${c.title}”` : 'Open a consultation',
        c,
        lockedToClose,
        values,
        errors,
        fieldErrors: fieldErrorsOf(errors),
        // D10.9, D10.20: Policy and TAD versions are consulted on from their own pages.
        subjectItems: SUBJECT_TYPES.filter(
          (type) => type === 'other' || type === c?.subjectType,
        ).map((type) => ({
          value: type,
          text: SUBJECT_NAMES[type],
          checked: values.subjectType === type,
        })),
        audienceItems: [
          ...GROUP_AUDIENCES.map((a) => ({ value: a, text: AUDIENCE_NAMES[a] })),
          ...[...bodies].map(([id, name]) => ({ value: `body:${id}`, text: name })),
        ].map((item) => ({ ...item, checked: chosen.has(item.value) })),
        runsAs: canRunConsultation(request.principal, 'panel') ? 'the SEC Panel' : 'the DCC',
      },
      status,
    );
  }

  function valuesOf(request: FastifyRequest): Values {
    const names = [
      'subjectType',
      'subjectId',
      'title',
      'description',
      'questions',
      'opensAt',
      'closeBy',
      'closesAt',
      'closesAfterWorkingDays',
      'version',
    ];
    return {
      ...Object.fromEntries(names.map((n) => [n, formText(request, n)])),
      audiences: formList(request, 'audiences'),
    };
  }

  app.get('/consultations/new', { schema: { hide: true } }, (request, reply) => {
    requireActor(request.principal, canOpenSomeConsultation);
    return renderForm(request, reply, { subjectType: 'other', closeBy: 'days', audiences: [] });
  });

  app.post('/consultations', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canOpenSomeConsultation);
    const values = valuesOf(request);
    try {
      const input: NewConsultation = {
        subjectType: formText(request, 'subjectType') as SubjectType,
        subjectId: formText(request, 'subjectId'),
        title: formText(request, 'title'),
        description: formText(request, 'description'),
        audiences: formList(request, 'audiences'),
        questions: formText(request, 'questions').split(/\r?\n/),
        opensAt: formText(request, 'opensAt'),
        ...closeFields(request),
      };
      const created = await openConsultation(app.ctx, principal, input);
      setNotice(
        reply,
        `The consultation “${created.title}” is scheduled: it opens ${formatInstant(created.opensAt)} and closes ${formatInstant(created.closesAt)}.`,
      );
      return await reply.redirect(`/consultations/${created.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, FORM_FIELDS, request);
      return renderForm(request, reply, values, { errors }, 400);
    }
  });

  app.get<{ Params: { id: string } }>(
    '/consultations/:id/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      const c = await loadConsultation(app, request.params.id);
      requireActor(request.principal, (p) => canRunConsultation(p, c.runBy));
      return renderForm(
        request,
        reply,
        {
          subjectType: c.subjectType,
          subjectId: c.subjectId,
          title: c.title,
          description: c.description,
          audiences: c.audiences,
          questions: c.questions.map((q) => q.text).join('\n'),
          // The date inputs show the UK days it opens and closes (issue 13).
          opensAt: londonDateOf(c.opensAt.toISOString()),
          closeBy: 'date',
          closesAt: londonDateOf(c.closesAt.toISOString()),
          version: String(c.version),
        },
        { consultation: c },
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/consultations/:id/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      const c = await loadConsultation(app, request.params.id);
      const principal = requireActor(request.principal, (p) => canRunConsultation(p, c.runBy));
      const values = valuesOf(request);
      try {
        const version = Number(formText(request, 'version'));
        const open = statusAt(c, app.ctx.now()) === 'open';
        const edit: ConsultationEdit = open
          ? { version, ...closeFields(request) }
          : {
              version,
              title: formText(request, 'title'),
              description: formText(request, 'description'),
              audiences: formList(request, 'audiences'),
              questions: formText(request, 'questions').split(/\r?\n/),
              opensAt: formText(request, 'opensAt'),
              ...closeFields(request),
            };
        const updated = await editConsultation(app.ctx, principal, c.id, edit);
        setNotice(
          reply,
          `The consultation has been changed: it closes ${formatInstant(updated.closesAt)}.`,
        );
        return await reply.redirect(`/consultations/${c.id}`, 303);
      } catch (error) {
        const errors = formErrors(error, FORM_FIELDS, request);
        return renderForm(
          request,
          reply,
          values,
          { consultation: c, errors },
          error instanceof AppError ? error.status : 400,
        );
      }
    },
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { optionalWholeNumber, parseId } from '../../http/params.ts';
import { formatInstant } from '../../calendar/format.ts';
import {
  formNumber,
  formState,
  formText,
  formValues,
  submitForm,
  type FormState,
} from '../../web/forms.ts';
import { draftTadVersion, requestTad, submitTadVersion, updateTadVersion } from './tad.actions.ts';
import { openTadConsultation, reviewTadVersion } from './tad-review.actions.ts';
import { TAD_SECTIONS, type TadAudience } from './tad.ts';
import { TAD_LIMBS, type MissingCondition, type TadCondition } from './tad-conditions.ts';
import { canConsultOnTad, canDraftTad, canRequestTad, canReviewTad } from './tad.access.ts';
import { requireActor } from '../identity/identity.access.ts';
import { rulingWords } from '../../web/ruling-links.ts';
import { findMeeting, listMeetingRows } from '../meeting/meeting.queries.ts';
import { tadPage, tadRedlinePage, tadVersionPage } from './tad-page.present.ts';
import { versionOf } from './tad.present.ts';
import { releaseTad } from './tad.queries.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { documentQuery, formatOf, sendDocument } from '../../web/document-downloads.ts';
import { tadRedlineDocument } from './tad-document.present.ts';

type ReleaseRequest = FastifyRequest<{ Params: { id: string } }>;
type VersionRequest = FastifyRequest<{ Params: { id: string; n: string } }>;

const NO_FORM: FormState = { errors: [], fieldErrors: {}, values: {} };

/** The date Panel meeting `id` was held, if it names one. */
async function heldOn(app: FastifyInstance, id: number | null | undefined) {
  return id ? (await findMeeting(app.ctx.db, id))?.heldOn : undefined;
}

/** D10.18–D10.20: the release's TAD page: load (the TAD, the meetings) → present → template. */
async function renderTadPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  state: FormState = NO_FORM,
  status = 200,
) {
  const today = todayOf(app.ctx.now());
  const tad = await releaseTad(app.ctx, request.principal, releaseId);
  const meetings = {
    heldOn: await heldOn(app, tad.request?.meetingId),
    meetings: await listMeetingRows(app.ctx.db),
  };
  const page = tadPage(tad, meetings, request.principal, today, state);
  return reply.page('tad.njk', page, status);
}

/** D10.19, D10.20: one version: load (the TAD, the meetings) → present → template. */
async function renderVersionPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  number: number,
  state: FormState = NO_FORM,
  status = 200,
) {
  const today = todayOf(app.ctx.now());
  const tad = await releaseTad(app.ctx, request.principal, releaseId);
  const meetings = {
    heldOn: await heldOn(app, versionOf(tad, number).reviewMeetingId),
    meetings: await listMeetingRows(app.ctx.db),
  };
  const page = tadVersionPage(tad, number, meetings, request.principal, today, state);
  return reply.page('tad-version.njk', page, status);
}

/** D10.20: the redline page between two versions. */
async function renderRedlinePage(
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
  return reply.page('tad-redline.njk', {
    ...tadRedlinePage(tad, from, to),
    onlyChanged: (request.query as Record<string, unknown>).changes === 'only',
  });
}

/** The meeting chosen on a form: none, or a meeting id. */
function formMeeting(request: FastifyRequest): number | null {
  const text = formText(request, 'meetingId');
  if (text === '') return null;
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw invalid('meetingId', 'Choose the Panel meeting that decided');
  return id;
}

/**
 * D10.18: the statements of how D10.13(d) and (e) are met posted by the edit form, one pair of
 * fields (`dccTesting-<id>`, `userTesting-<id>`) per modification in the release.
 */
function formConditions(request: FastifyRequest): TadCondition[] {
  const values = formValues(request);
  const ids = new Set<number>();
  for (const key of Object.keys(values)) {
    const match = /^(?:dccTesting|userTesting)-(\d{1,15})$/.exec(key);
    if (match) ids.add(Number(match[1]));
  }
  return [...ids].map((modificationId) => ({
    modificationId,
    dccTesting: values[`dccTesting-${modificationId}`] ?? '',
    userTesting: values[`userTesting-${modificationId}`] ?? '',
  }));
}

/** D10.18: a refusal with tad_conditions_missing, as errors pointing at each empty statement. */
function missingConditionsState(missing: readonly MissingCondition[]): FormState {
  const errors = missing.flatMap((m) =>
    TAD_LIMBS.filter((l) => m.limbs.includes(l.letter)).map((l) => ({
      name: `${l.field}-${m.modificationId}`,
      text: `Say how ${l.clause} is met for ${m.reference}, then submit (D10.18)`,
    })),
  );
  return {
    errors: errors.map((e) => ({ text: e.text, href: `#edit-${e.name}` })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.name, { text: e.text }])),
    values: {},
    form: 'edit',
  };
}

/**
 * The errors of a refused form. A submission refused with tad_incomplete lists each empty
 * section and points at it in the edit form; one refused with tad_conditions_missing each
 * modification's empty statement.
 */
function stateOf(error: unknown, request: FastifyRequest, form: string): FormState {
  if (error instanceof AppError && error.code === 'tad_conditions_missing' && form === 'submit')
    return missingConditionsState((error.details?.missingConditions ?? []) as MissingCondition[]);
  if (error instanceof AppError && error.code === 'tad_incomplete') {
    const missing = (error.details?.missing ?? []) as string[];
    const sections = TAD_SECTIONS.filter((s) => missing.includes(s.letter));
    const errors = sections.map((s) => ({
      text: `Write ${s.description}, then submit (D10.19(${s.letter}))`,
      href: `#edit-${s.field}`,
    }));
    return {
      errors,
      fieldErrors: Object.fromEntries(
        sections.map((s, i) => [s.field, { text: errors[i]?.text ?? '' }]),
      ),
      values: {},
      form: 'edit',
    };
  }
  return formState(error, request, form);
}

/** The TAD pages of a release (D10.18–D10.20) and their forms. */
export function registerTadPages(app: FastifyInstance): void {
  const releaseOf = (request: ReleaseRequest) => parseId(request.params.id, 'release');
  const numberOf = (request: VersionRequest) => parseId(request.params.n, 'TAD version');

  app.get('/releases/:id/tad', { schema: { hide: true } }, (request: ReleaseRequest, reply) =>
    renderTadPage(app, request, reply, releaseOf(request)),
  );

  app.get(
    '/releases/:id/tad/versions/:n',
    { schema: { hide: true } },
    (request: VersionRequest, reply) =>
      renderVersionPage(app, request, reply, releaseOf(request), numberOf(request)),
  );

  app.get(
    '/releases/:id/tad/redline',
    { schema: { hide: true } },
    (
      request: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string> }>,
      reply,
    ) =>
      renderRedlinePage(
        app,
        request,
        reply,
        releaseOf(request),
        optionalWholeNumber(request.query.from) ?? Number.NaN,
        optionalWholeNumber(request.query.to) ?? Number.NaN,
      ),
  );

  // Issue 13: the redline between two versions to take away (page to print, Word, PDF).
  app.get(
    '/releases/:id/tad/redline/:file',
    { schema: { hide: true } },
    async (
      request: FastifyRequest<{
        Params: { id: string; file: string };
        Querystring: Record<string, string>;
      }>,
      reply,
    ) => {
      const format = formatOf(request.params.file);
      if (!format) throw new AppError('not_found', 'There is no such page');
      const releaseId = releaseOf(request);
      const from = parseId(request.query.from ?? '', 'version');
      const to = parseId(request.query.to ?? '', 'version');
      const onlyChanged = request.query.changes === 'only';
      const tad = await releaseTad(app.ctx, request.principal, releaseId);
      const document = tadRedlineDocument(
        tadRedlinePage(tad, from, to),
        onlyChanged,
        todayOf(app.ctx.now()),
      );
      const query = documentQuery({ from, to, changes: onlyChanged ? 'only' : undefined });
      return sendDocument(app, request, reply, format, document, {
        path: `/releases/${releaseId}/tad/redline/document`,
        query,
        caption: `<a class="govuk-link" href="/releases/${releaseId}/tad/redline${query.replace(/&/g, '&amp;')}">Back to the changes</a>`,
        releaseName: tad.release.name,
      });
    },
  );

  /** Runs a release-page form; a refusal re-renders the page with its errors. */
  async function onReleasePage(
    request: ReleaseRequest,
    reply: FastifyReply,
    form: string,
    run: () => Promise<{ notice: string; to: string }>,
  ) {
    const id = releaseOf(request);
    return submitForm(request, reply, {
      form,
      stateOf,
      run,
      again: (state, status) => renderTadPage(app, request, reply, id, state, status),
    });
  }

  /** Runs a version-page form; a refusal re-renders the version page with its errors. */
  async function onVersionPage(
    request: VersionRequest,
    reply: FastifyReply,
    form: string,
    run: (id: number, n: number) => Promise<string>,
  ) {
    const id = releaseOf(request);
    const n = numberOf(request);
    return submitForm(request, reply, {
      form,
      stateOf,
      run: async () => ({ notice: await run(id, n), to: `/releases/${id}/tad/versions/${n}` }),
      again: (state, status) => renderVersionPage(app, request, reply, id, n, state, status),
    });
  }

  app.post(
    '/releases/:id/tad/request',
    { schema: { hide: true } },
    (request: ReleaseRequest, reply) => {
      const principal = requireActor(request.principal, canRequestTad);
      return onReleasePage(request, reply, 'request', async () => {
        const id = releaseOf(request);
        await requestTad(app.ctx, principal, id, {
          meetingId: formMeeting(request),
          dueDate: formText(request, 'dueDate'),
          scopeNote: formText(request, 'scopeNote'),
        });
        return {
          notice: 'The Panel’s request has been recorded and the DCC has been told.',
          to: `/releases/${id}/tad`,
        };
      });
    },
  );

  app.post(
    '/releases/:id/tad/versions',
    { schema: { hide: true } },
    (request: ReleaseRequest, reply) => {
      const principal = requireActor(request.principal, canDraftTad);
      return onReleasePage(request, reply, 'draft', async () => {
        const id = releaseOf(request);
        const created = await draftTadVersion(app.ctx, principal, id);
        return {
          notice: `Version ${created.number} has been started as a draft.`,
          to: `/releases/${id}/tad/versions/${created.number}`,
        };
      });
    },
  );

  app.post(
    '/releases/:id/tad/versions/:n/edit',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      const principal = requireActor(request.principal, canDraftTad);
      return onVersionPage(request, reply, 'edit', async (id, n) => {
        await updateTadVersion(app.ctx, principal, id, n, {
          objectives: formText(request, 'objectives'),
          strategy: formText(request, 'strategy'),
          consequences: formText(request, 'consequences'),
          conditions: formConditions(request),
          version: formNumber(request, 'version') || 0,
        });
        return 'The draft has been saved.';
      });
    },
  );

  app.post(
    '/releases/:id/tad/versions/:n/submit',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      const principal = requireActor(request.principal, canDraftTad);
      return onVersionPage(request, reply, 'submit', async (id, n) => {
        await submitTadVersion(app.ctx, principal, id, n, formNumber(request, 'version') || 0);
        return `Version ${n} has been submitted. Consult the Parties on it next (D10.20).`;
      });
    },
  );

  app.post(
    '/releases/:id/tad/versions/:n/consultation',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      const principal = requireActor(request.principal, canConsultOnTad);
      return onVersionPage(request, reply, 'consult', async (id, n) => {
        const closesAt = formText(request, 'closesAt');
        const days = formText(request, 'closesAfterWorkingDays');
        if (closesAt === '' && days !== '' && !/^\d{1,3}$/.test(days))
          throw invalid('closesAfterWorkingDays', 'Enter a whole number of Working Days');
        const consultation = await openTadConsultation(app.ctx, principal, id, n, {
          opensAt: formText(request, 'opensAt'),
          ...(closesAt !== '' || days === ''
            ? { closesAt }
            : { closesAfterWorkingDays: Number(days) }),
          audience: (formText(request, 'audience') || 'all_parties') as TadAudience,
        });
        return `The consultation has been opened; it closes ${formatInstant(consultation.closesAt)}.`;
      });
    },
  );

  app.post(
    '/releases/:id/tad/versions/:n/review',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      const principal = requireActor(request.principal, canReviewTad);
      return onVersionPage(request, reply, 'review', async (id, n) => {
        await reviewTadVersion(app.ctx, principal, id, n, {
          meetingId: formMeeting(request),
          notes: formText(request, 'notes'),
          version: formNumber(request, 'version') || 0,
        });
        return `The Panel’s review of version ${n} has been recorded. It takes effect as part of the next RID version the Panel approves (${rulingWords(8)}).`;
      });
    },
  );
}

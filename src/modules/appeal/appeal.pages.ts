import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { formText, formVersion, submitForm, type FormState } from '../../web/forms.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { findRelease } from '../release/release.queries.ts';
import {
  determineAppeal,
  lodgeAppeal,
  recordFurtherAppeal,
  recordFurtherAppealOutcome,
  discardAppealDraft,
  removeAppealDraftFile,
  saveAppealDraftOf,
} from './appeal.actions.ts';
import { acceptUploads, sendDownload, uploadsOf } from '../../web/uploads.ts';
import { MAX_ATTACHMENTS } from '../consultation/consultation-attachment.ts';
import {
  appealAttachments,
  findAppealAttachment,
  findAppealDraft,
  type AppealDraft,
} from './appeal-draft.store.ts';
import {
  APPEAL_STATUS_NAMES,
  DETERMINATIONS,
  FURTHER_APPEAL_OUTCOMES,
  FURTHER_APPEAL_OUTCOME_NAMES,
  MAX_DETERMINATION_LENGTH,
  MAX_FURTHER_APPEAL_LENGTH,
  MAX_REASONS_LENGTH,
  appealWindowOf,
  deadlineInWords,
} from './appeal.ts';
import {
  REASONS_VISIBILITY_TEXT,
  canDetermineAppeal,
  canLodgeAppeal,
  canReadAllAppeals,
  canRecordFurtherAppeal,
  canSeeAppealReasons,
} from './appeal.access.ts';
import { visibleAppeal, visibleReasons, type VisibleAppeal } from './appeal.present.ts';
import { appealOrNotFound, openAppealWindows } from './appeal.queries.ts';
import { appealsOfRelease, findRidVersion, listAppeals } from './appeal.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { rulingWords } from '../../web/ruling-links.ts';
import { todayOf } from '../../calendar/deadline.ts';

type VersionRequest = FastifyRequest<{ Params: { id: string; n: string } }>;
type FileRequest = FastifyRequest<{ Params: { id: string; n: string; file: string } }>;
type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type ListRequest = FastifyRequest<{ Querystring: { page?: string } }>;

const PAGE_SIZE = 25;

/** The lodge form of one approval: its window, the deadline, and the reasons field (D10.17). */
async function renderLodge(
  app: FastifyInstance,
  request: VersionRequest,
  reply: FastifyReply,
  state: Partial<FormState> = {},
  status = 200,
) {
  const releaseId = parseId(request.params.id, 'release');
  const number = parseId(request.params.n, 'RID version');
  const [release, version] = await Promise.all([
    findRelease(app.ctx.db, releaseId),
    findRidVersion(app.ctx.db, releaseId, number),
  ]);
  if (!release || !version)
    throw new AppError('not_found', `Release ${releaseId} has no RID version ${number}`);
  const window = appealWindowOf(await calendarFor(app.ctx), version, app.ctx.now());
  const [appeals, draft] = await Promise.all([
    appealsOfRelease(app.ctx.db, releaseId),
    draftOf(app, request, version.id),
  ]);
  return reply.page(
    'appeal-lodge.njk',
    {
      title: `Appeal the approval of RID version ${number}: ${release.name}`,
      release,
      number,
      window,
      deadlineWords: 'deadline' in window ? deadlineInWords(window.deadline) : null,
      appeals: visibleReasons(
        appeals.filter((a) => a.ridVersionNumber === number),
        request.principal,
      ),
      showReasons: true,
      draftFiles: draft?.attachments ?? [],
      filesLeft: MAX_ATTACHMENTS - (draft?.attachments.length ?? 0),
      maxReasons: MAX_REASONS_LENGTH,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values: state.values ?? (draft ? { reasons: draft.reasons } : {}),
    },
    status,
  );
}

/** Issue 13: the signed-in person's unsent appeal against a RID version, if any. */
async function draftOf(
  app: FastifyInstance,
  request: FastifyRequest,
  versionId: number,
): Promise<AppealDraft | undefined> {
  const userId = request.principal?.userId;
  return userId === undefined ? undefined : findAppealDraft(app.ctx.db, versionId, userId);
}

/**
 * Issue 13: check your answers before lodging (GOV.UK pattern): the approval appealed, the
 * reasons as paragraphs and the files, each with a Change link back to the form, then "Lodge
 * appeal". Without a draft (nothing entered yet) the person is sent to the form.
 */
async function renderCheck(
  app: FastifyInstance,
  request: VersionRequest,
  reply: FastifyReply,
  state: Partial<FormState> = {},
  status = 200,
) {
  const releaseId = parseId(request.params.id, 'release');
  const number = parseId(request.params.n, 'RID version');
  const [release, version] = await Promise.all([
    findRelease(app.ctx.db, releaseId),
    findRidVersion(app.ctx.db, releaseId, number),
  ]);
  if (!release || !version)
    throw new AppError('not_found', `Release ${releaseId} has no RID version ${number}`);
  const form = `/releases/${releaseId}/rid/versions/${number}/appeal`;
  const draft = await draftOf(app, request, version.id);
  if (!draft) return reply.redirect(form, 303);
  const window = appealWindowOf(await calendarFor(app.ctx), version, app.ctx.now());
  return reply.page(
    'appeal-check.njk',
    {
      title: `Check your appeal before lodging it: RID version ${number}, ${release.name}`,
      release,
      number,
      form,
      window,
      deadlineWords: 'deadline' in window ? deadlineInWords(window.deadline) : null,
      draft,
      errors: state.errors ?? [],
    },
    status,
  );
}

/** D10.17, s.173 Energy Act 2004: the further appeal to the CMA in a few words. */
function furtherAppealSummary(appeal: VisibleAppeal): string {
  const f = appeal.furtherAppeal;
  if (f === null) return appeal.determinedOn === null ? 'Not applicable yet' : 'None recorded';
  return f.outcomeName === null
    ? `To the Competition and Markets Authority by ${f.appellant}: awaiting its decision`
    : `To the Competition and Markets Authority by ${f.appellant}: ${f.outcomeName}`;
}

/** An appeal, its reasons when the viewer may see them, and the Authority's form. */
async function renderAppeal(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const appeal = visibleAppeal(await appealOrNotFound(app.ctx.db, id), request.principal);
  const reasonsShown = canSeeAppealReasons(request.principal, {
    organisationId: appeal.organisationId,
  });
  const files = reasonsShown ? await appealAttachments(app.ctx.db, id) : [];
  return reply.page(
    'appeal.njk',
    {
      title: `Appeal by ${appeal.organisationName} against RID version ${appeal.ridVersionNumber}`,
      appeal,
      reasonsShown,
      files,
      visibility: REASONS_VISIBILITY_TEXT,
      maxDetermination: MAX_DETERMINATION_LENGTH,
      maxFurther: MAX_FURTHER_APPEAL_LENGTH,
      mayDetermine: canDetermineAppeal(request.principal) && appeal.status === 'referred',
      furtherAppealSummary: furtherAppealSummary(appeal),
      mayRecordFurther:
        canRecordFurtherAppeal(request.principal) &&
        appeal.determinedOn !== null &&
        appeal.furtherAppeal === null,
      mayRecordFurtherOutcome:
        canRecordFurtherAppeal(request.principal) &&
        appeal.furtherAppeal !== null &&
        appeal.furtherAppeal.outcome === null,
      furtherOutcomeItems: FURTHER_APPEAL_OUTCOMES.map((value) => ({
        value,
        text: FURTHER_APPEAL_OUTCOME_NAMES[value],
        checked: state.values?.outcome === value,
      })),
      outcomeItems: DETERMINATIONS.map((value) => ({
        value,
        text: APPEAL_STATUS_NAMES[value],
        checked: state.values?.outcome === value,
      })),
      today: todayOf(app.ctx.now()),
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values: state.values ?? {},
    },
    status,
  );
}

/** The approvals whose appeal window is open now, newest publication first. */
function pageNumber(text: string | undefined): number {
  const page = Number(text ?? '1');
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}

/** The appeals pages: the list, an appeal, the lodge form and the Authority's determination. */
export function registerAppealPages(app: FastifyInstance): void {
  app.get('/appeals', { schema: { hide: true } }, async (request: ListRequest, reply) => {
    const page = pageNumber(request.query.page);
    const { items, total } = await listAppeals(app.ctx.db, { page, limit: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return reply.page('appeals.njk', {
      title: 'Appeals against RID approvals',
      appeals: visibleReasons(items, request.principal),
      showReasons: canReadAllAppeals(request.principal),
      visibility: REASONS_VISIBILITY_TEXT,
      openApprovals: await openAppealWindows(app.ctx),
      mayLodge: canLodgeAppeal(request.principal),
      total,
      previous: page > 1 ? `/appeals?page=${page - 1}` : null,
      next: page < pages ? `/appeals?page=${page + 1}` : null,
      page,
      pages,
    });
  });

  app.get('/appeals/:id', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderAppeal(app, request, reply, parseId(request.params.id, 'appeal')),
  );

  app.post(
    '/appeals/:id/determination',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canDetermineAppeal);
      const id = parseId(request.params.id, 'appeal');
      return submitForm(request, reply, {
        form: 'determine',
        run: async () => {
          const version = Number(formText(request, 'version'));
          await determineAppeal(app.ctx, principal, id, {
            outcome: formText(request, 'outcome'),
            determination: formText(request, 'determination'),
            determinedOn: formText(request, 'determinedOn'),
            version: Number.isSafeInteger(version) && version > 0 ? version : undefined,
          });
          return {
            notice: 'The Authority’s determination has been recorded.',
            to: `/appeals/${id}`,
          };
        },
        again: (state, status) => renderAppeal(app, request, reply, id, state, status),
      });
    },
  );

  app.post(
    '/appeals/:id/further-appeal',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRecordFurtherAppeal);
      const id = parseId(request.params.id, 'appeal');
      return submitForm(request, reply, {
        form: 'further',
        run: async () => {
          await recordFurtherAppeal(app.ctx, principal, id, {
            appellant: formText(request, 'appellant'),
            broughtOn: formText(request, 'broughtOn'),
            details: formText(request, 'details'),
            version: formVersion(request),
          });
          return {
            notice:
              'The further appeal to the Competition and Markets Authority has been recorded.',
            to: `/appeals/${id}`,
          };
        },
        again: (state, status) => renderAppeal(app, request, reply, id, state, status),
      });
    },
  );

  app.post(
    '/appeals/:id/further-appeal/outcome',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRecordFurtherAppeal);
      const id = parseId(request.params.id, 'appeal');
      return submitForm(request, reply, {
        form: 'cma',
        run: async () => {
          await recordFurtherAppealOutcome(app.ctx, principal, id, {
            outcome: formText(request, 'outcome'),
            outcomeText: formText(request, 'outcomeText'),
            decidedOn: formText(request, 'decidedOn'),
            version: formVersion(request),
          });
          return {
            notice: 'The Competition and Markets Authority’s outcome has been recorded.',
            to: `/appeals/${id}`,
          };
        },
        again: (state, status) => renderAppeal(app, request, reply, id, state, status),
      });
    },
  );

  app.get(
    '/releases/:id/rid/versions/:n/appeal',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      requireActor(request.principal, canLodgeAppeal);
      return renderLodge(app, request, reply);
    },
  );

  // Issue 13: the form (reasons and files, multipart) keeps a draft and goes on to check it.
  app.register(async (scoped) => {
    await acceptUploads(scoped);
    scoped.post(
      '/releases/:id/rid/versions/:n/appeal',
      { schema: { hide: true } },
      (request: VersionRequest, reply) => {
        const principal = requireActor(request.principal, canLodgeAppeal);
        const releaseId = parseId(request.params.id, 'release');
        const number = parseId(request.params.n, 'RID version');
        return submitForm(request, reply, {
          form: 'appeal',
          run: async () => {
            await saveAppealDraftOf(
              app.ctx,
              principal,
              releaseId,
              number,
              { reasons: formText(request, 'reasons') },
              uploadsOf(request),
            );
            return { notice: '', to: `/releases/${releaseId}/rid/versions/${number}/appeal/check` };
          },
          again: (state, status) => renderLodge(app, request, reply, state, status),
        });
      },
    );
  });

  app.get(
    '/releases/:id/rid/versions/:n/appeal/check',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      requireActor(request.principal, canLodgeAppeal);
      return renderCheck(app, request, reply);
    },
  );

  app.post(
    '/releases/:id/rid/versions/:n/appeal/lodge',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      const principal = requireActor(request.principal, canLodgeAppeal);
      const releaseId = parseId(request.params.id, 'release');
      const number = parseId(request.params.n, 'RID version');
      return submitForm(request, reply, {
        form: 'appeal',
        run: async () => {
          const appeal = await lodgeAppeal(app.ctx, principal, releaseId, number, {
            fromDraft: true,
          });
          return {
            notice: `Your appeal has been lodged with the Authority and copied to SECAS. An appeal does not by itself suspend the RID or the release (${rulingWords(2)}).`,
            to: `/appeals/${appeal.id}`,
          };
        },
        again: (state, status) => renderCheck(app, request, reply, state, status),
      });
    },
  );

  // Issue 13: the person discards the draft (reasons and files); nothing is lodged.
  app.post(
    '/releases/:id/rid/versions/:n/appeal/discard',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      const principal = requireActor(request.principal, canLodgeAppeal);
      const releaseId = parseId(request.params.id, 'release');
      const number = parseId(request.params.n, 'RID version');
      return submitForm(request, reply, {
        form: 'appeal',
        run: async () => {
          await discardAppealDraft(app.ctx, principal, releaseId, number);
          return {
            notice: 'Your draft appeal and its files have been discarded. Nothing was lodged.',
            to: `/releases/${releaseId}/rid/versions/${number}`,
          };
        },
        again: (state, status) => renderCheck(app, request, reply, state, status),
      });
    },
  );

  app.post(
    '/releases/:id/rid/versions/:n/appeal/files/:file/remove',
    { schema: { hide: true } },
    (request: FileRequest, reply) => {
      const principal = requireActor(request.principal, canLodgeAppeal);
      const releaseId = parseId(request.params.id, 'release');
      const number = parseId(request.params.n, 'RID version');
      const file = parseId(request.params.file, 'file');
      return submitForm(request, reply, {
        form: 'appeal',
        run: async () => {
          await removeAppealDraftFile(app.ctx, principal, releaseId, number, file);
          return {
            notice: 'The file has been removed from your appeal.',
            to: `/releases/${releaseId}/rid/versions/${number}/appeal#appeal-file`,
          };
        },
        again: (state, status) => renderLodge(app, request, reply, state, status),
      });
    },
  );

  // Issue 13: an appeal's files are read by whoever may read its reasons (canSeeAppealReasons).
  app.get(
    '/appeals/:id/files/:file',
    { schema: { hide: true } },
    async (request: FastifyRequest<{ Params: { id: string; file: string } }>, reply) => {
      const id = parseId(request.params.id, 'appeal');
      const appeal = await appealOrNotFound(app.ctx.db, id);
      requireActor(request.principal, (p) => canSeeAppealReasons(p, appeal));
      const file = await findAppealAttachment(app.ctx.db, id, parseId(request.params.file, 'file'));
      if (!file) throw new AppError('not_found', `Appeal ${id} has no such file`);
      return sendDownload(reply, file);
    },
  );
}

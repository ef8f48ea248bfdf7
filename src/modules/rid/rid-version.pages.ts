/** A-RID: the page of one RID version and its forms: edit, submit, approve, publish, withdraw. */
import { cutOverOf } from '../installation/installation.queries.ts';
import { historySourceOf } from '../history/history.queries.ts';
import { heldOutsideView } from '../history/history.present.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../calendar/deadline.ts';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import {
  formErrors,
  formNumber,
  formText,
  formValues,
  statusOf,
  submitForm,
  type FormState,
} from '../../web/forms.ts';
import { requireActor } from '../identity/identity.access.ts';
import { listMeetingRows } from '../meeting/meeting.queries.ts';
import { approveRidVersion, publishRidApproval } from './rid-approval.actions.ts';
import { formFieldOf, sectionsFromForm } from './rid-form.ts';
import { editPage, versionPage } from './rid-version.present.ts';
import { submitRidVersion, updateRidSections, withdrawRidVersion } from './rid.actions.ts';
import { canDraftRid, canPublishRid, canRecordRidApproval } from './rid.access.ts';
import { ridVersionView } from './rid.queries.ts';
import { releaseCodeSummary } from '../code-text/code-text.pages.ts';

type VersionRequest = FastifyRequest<{ Params: { id: string; n: string } }>;

/** A-RID, D10.13, D10.18: one version: load (the version, the Panel's meetings) → present → page. */
async function showVersion(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  number: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const now = app.ctx.now();
  const view = await ridVersionView(app.ctx, request.principal, releaseId, number, todayOf(now));
  const meetings = await listMeetingRows(app.ctx.db);
  const page = versionPage(view, meetings, request.principal, now, state);
  const held = heldOutsideView(await historySourceOf(app.ctx.db, 'rid_version', view.version.id));
  // Issue 14: section (a) shows the release's consolidated redline in brief.
  const code = await releaseCodeSummary(app, releaseId, request.principal);
  const cutOver = await cutOverOf(app.ctx.db);
  return reply.page('rid-version.njk', { ...page, v: { ...page.v, code }, held, cutOver }, status);
}

/** A-RID: the edit form of a draft, with its values (the version's, or those just posted). */
async function showEdit(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  number: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const today = todayOf(app.ctx.now());
  const view = await ridVersionView(app.ctx, request.principal, releaseId, number, today);
  if (view.version.status !== 'draft')
    throw new AppError(
      'invalid_transition',
      `Version ${number} is not a draft: it cannot be edited`,
    );
  return reply.page('rid-edit.njk', editPage(view, today, state), status);
}

/** The page of a version and its forms (the version and its redline are public once published). */
export function registerRidVersionPages(app: FastifyInstance): void {
  const ids = (request: VersionRequest) => ({
    releaseId: parseId(request.params.id, 'release'),
    number: parseId(request.params.n, 'version'),
  });

  app.get(
    '/releases/:id/rid/versions/:n',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      const { releaseId, number } = ids(request);
      return showVersion(app, request, reply, releaseId, number);
    },
  );

  app.get(
    '/releases/:id/rid/versions/:n/edit',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      requireActor(request.principal, canDraftRid);
      const { releaseId, number } = ids(request);
      return showEdit(app, request, reply, releaseId, number);
    },
  );

  app.post(
    '/releases/:id/rid/versions/:n/edit',
    { schema: { hide: true } },
    async (request: VersionRequest, reply) => {
      const principal = requireActor(request.principal, canDraftRid);
      const { releaseId, number } = ids(request);
      const values = formValues(request);
      const parsed = sectionsFromForm(values);
      try {
        await updateRidSections(app.ctx, principal, releaseId, number, {
          version: formNumber(request, 'version') || 0,
          sections: parsed.sections,
        });
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
        const [item] = formErrors(error);
        const field =
          error instanceof AppError && error.field ? formFieldOf(error.field, parsed) : undefined;
        const text = item?.text ?? 'The version could not be saved';
        return showEdit(
          app,
          request,
          reply,
          releaseId,
          number,
          {
            errors: [{ text, href: field ? `#edit-${field}` : '#edit' }],
            fieldErrors: field ? { [field]: { text } } : {},
            values,
          },
          statusOf(error),
        );
      }
      setNotice(reply, `Version ${number} has been saved.`);
      return reply.redirect(`/releases/${releaseId}/rid/versions/${number}`, 303);
    },
  );

  /** A form on the version page: a notice and back to the version, or the page with the error. */
  function onVersion(
    path: string,
    allowed: Parameters<typeof requireActor>[1],
    run: (
      principal: ReturnType<typeof requireActor>,
      request: VersionRequest,
      releaseId: number,
      number: number,
    ) => Promise<string>,
  ) {
    app.post(
      `/releases/:id/rid/versions/:n/${path}`,
      { schema: { hide: true } },
      (request: VersionRequest, reply) => {
        const principal = requireActor(request.principal, allowed);
        const { releaseId, number } = ids(request);
        return submitForm(request, reply, {
          form: path,
          run: async () => ({
            notice: await run(principal, request, releaseId, number),
            to: `/releases/${releaseId}/rid/versions/${number}`,
          }),
          again: (state, status) =>
            showVersion(app, request, reply, releaseId, number, state, status),
        });
      },
    );
  }

  const version = (request: VersionRequest) => formNumber(request, 'version') || 0;

  onVersion('submit', canDraftRid, async (principal, request, releaseId, number) => {
    await submitRidVersion(app.ctx, principal, releaseId, number, { version: version(request) });
    return `Version ${number} has been submitted to the Panel.`;
  });

  onVersion('approve', canRecordRidApproval, async (principal, request, releaseId, number) => {
    const approved = await approveRidVersion(app.ctx, principal, releaseId, number, {
      meetingId: formNumber(request, 'meetingId') || 0,
      version: version(request),
      sourceUrl: formText(request, 'sourceUrl'),
      sourceSummary: formText(request, 'sourceSummary'),
    });
    return `The Panel’s approval of version ${approved.number} has been recorded: publish it to open the appeal window.`;
  });

  onVersion('publish', canPublishRid, async (principal, request, releaseId, number) => {
    await publishRidApproval(app.ctx, principal, releaseId, number, { version: version(request) });
    return `The approval of version ${number} is published: the appeal window is open.`;
  });

  onVersion('withdraw', canDraftRid, async (principal, request, releaseId, number) => {
    await withdrawRidVersion(app.ctx, principal, releaseId, number, {
      version: version(request),
      reason: formText(request, 'reason'),
    });
    return `Version ${number} has been withdrawn.`;
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { approveRidVersion, publishRidApproval } from './rid-approval.actions.ts';
import {
  CRITERION_ROWS,
  MILESTONE_ROWS,
  formFieldOf,
  formFromSections,
  sectionsFromForm,
} from './rid-form.ts';
import { renderVersion } from './rid-render.ts';
import { FREE_SECTION_KEYS, REPORT_FREQUENCIES, RID_SECTION_NAMES } from './rid-sections.ts';
import { FREQUENCY_NAMES } from './rid-text.ts';
import { FREE_SECTION_HEADINGS } from './rid-validation.ts';
import { submitRidVersion, updateRidSections, withdrawRidVersion } from './rid.actions.ts';
import { isFrozen } from './rid.ts';
import { canDraftRid, canPublishRid, canRecordRidApproval } from './rid.access.ts';
import { ridVersionView } from './rid.present.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

type VersionRequest = FastifyRequest<{ Params: { id: string; n: string } }>;

const rows = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

/** A-RID: the edit form of a draft, with its values (the version's, or those just posted). */
async function renderEdit(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  number: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const view = await ridVersionView(
    app.ctx,
    request.principal,
    releaseId,
    number,
    todayOf(app.ctx.now()),
  );
  const { overview: o, version } = view;
  if (version.status !== 'draft')
    throw new AppError(
      'invalid_transition',
      `Version ${number} is not a draft: it cannot be edited`,
    );
  const values = state.values ?? formFromSections(version.sections);
  return reply.page(
    'rid-edit.njk',
    {
      title: `Edit version ${number} of the RID: ${o.release.name}`,
      release: o.release,
      v: version,
      names: RID_SECTION_NAMES,
      frozenForVersion:
        isFrozen(o.freezeDate ?? undefined, todayOf(app.ctx.now())) &&
        version.freezeOverrideId === null,
      freezeWords: o.freezeWords,
      milestoneRows: rows(MILESTONE_ROWS),
      criterionRows: rows(CRITERION_ROWS),
      frequencyItems: REPORT_FREQUENCIES.map((f) => ({
        value: f,
        text: FREQUENCY_NAMES[f],
        checked: values.frequency === f,
      })),
      freeSections: FREE_SECTION_KEYS.map((key) => ({ key, heading: FREE_SECTION_HEADINGS[key] })),
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values,
    },
    status,
  );
}

/** The RID's forms on a version: edit, submit, approve, publish, withdraw. */
export function registerRidFormPages(app: FastifyInstance): void {
  const ids = (request: VersionRequest) => ({
    releaseId: parseId(request.params.id, 'release'),
    number: parseId(request.params.n, 'version'),
  });

  app.get(
    '/releases/:id/rid/versions/:n/edit',
    { schema: { hide: true } },
    (request: VersionRequest, reply) => {
      requireActor(request.principal, canDraftRid);
      const { releaseId, number } = ids(request);
      return renderEdit(app, request, reply, releaseId, number);
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
        return renderEdit(
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
            renderVersion(app, request, reply, releaseId, number, state, status),
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

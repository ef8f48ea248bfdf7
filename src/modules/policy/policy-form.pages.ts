import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { optionalWholeNumber, parseId } from '../../http/params.ts';
import { formatDate, formatInstant } from '../../calendar/format.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { createPolicyVersion, submitPolicyVersion, updatePolicyVersion } from './policy.actions.ts';
import { decidePolicyVersion, openPolicyConsultation } from './policy-decision.actions.ts';
import { EDITS, formVersion } from './policy-edits.pages.ts';
import { renderPolicyPage, renderVersionPage, type ErrorItem } from './policy-render.pages.ts';
import type { PolicyVersion } from './policy.ts';
import { canConsultOnPolicy, canDecidePolicy, canDraftPolicy } from './policy.access.ts';
import { findPolicyVersion } from './policy.store.ts';
import { requireActor } from '../identity/identity.access.ts';

type Params = { Params: { id: string; section?: string } };

function formValues(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(body)
      .filter((key) => key !== '_csrf')
      .map((key) => [key, formText(request, key)]),
  );
}

/** Error-summary items: fields the form shows link to themselves, the rest to the form. */
function errorItems(error: unknown, anchor: string, fields: readonly string[]): ErrorItem[] {
  return formErrors(error, { version: 'main-content' }).map((item) => {
    const field = item.href.slice(1);
    return field === 'main-content' || fields.includes(field)
      ? item
      : { ...item, href: `#${anchor}` };
  });
}

/** The Policy's forms: SECAS edits and submits drafts; SECAS or the Chair consults and decides. */
export function registerPolicyFormPages(app: FastifyInstance): void {
  app.post('/policy/versions', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canDraftPolicy);
    const basedOn = formText(request, 'basedOnId');
    let createdId: number;
    try {
      const created = await createPolicyVersion(app.ctx, principal, {
        title: formText(request, 'title'),
        basedOnId: basedOn === '' ? undefined : parseId(basedOn, 'Policy version'),
      });
      setNotice(reply, `Version ${created.number} has been created as a draft.`);
      createdId = created.id;
    } catch (error) {
      const errors = errorItems(error, 'title', ['title', 'basedOnId']);
      const status = error instanceof AppError ? error.status : 400;
      return renderPolicyPage(app, request, reply, { errors, values: formValues(request) }, status);
    }
    return reply.redirect(`/policy/versions/${createdId}`, 303);
  });

  async function respond(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    id: number,
    anchor: string,
    run: () => Promise<string>,
  ) {
    try {
      setNotice(reply, await run());
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw error;
      const values = formValues(request);
      const errors = errorItems(error, anchor, Object.keys(values));
      const status = error instanceof AppError ? error.status : 400;
      return renderVersionPage(app, request, reply, id, { errors, values }, status);
    }
    return reply.redirect(`/policy/versions/${id}`, 303);
  }

  async function currentDraft(id: number): Promise<PolicyVersion> {
    const version = await findPolicyVersion(app.ctx.db, id);
    if (!version) throw new AppError('not_found', `There is no Policy version ${id}`);
    return version;
  }

  app.post<Params & { Params: { form: string } }>(
    '/policy/versions/:id/edit/:form',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canDraftPolicy);
      const id = parseId(request.params.id, 'Policy version');
      const edit = EDITS[request.params.form];
      if (!edit) throw new AppError('not_found', 'No such form');
      const current = await currentDraft(id);
      return respond(request, reply, id, edit.anchor, async () => {
        await updatePolicyVersion(app.ctx, principal, id, edit.change(request, current));
        return edit.notice;
      });
    },
  );

  app.post<Params>(
    '/policy/versions/:id/sections/:section',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canDraftPolicy);
      const id = parseId(request.params.id, 'Policy version');
      const sectionId = request.params.section ?? '';
      const current = await currentDraft(id);
      const remove = formText(request, 'action') === 'remove';
      return respond(request, reply, id, `heading-${sectionId}`, async () => {
        if (!current.prose.some((s) => s.id === sectionId))
          throw new AppError('not_found', `There is no section ${sectionId}`);
        const prose = remove
          ? current.prose.filter((s) => s.id !== sectionId)
          : current.prose.map((s) =>
              s.id === sectionId
                ? {
                    id: s.id,
                    heading: formText(request, `heading-${s.id}`),
                    text: formText(request, `text-${s.id}`),
                  }
                : s,
            );
        await updatePolicyVersion(app.ctx, principal, id, {
          ...current,
          prose,
          version: formVersion(request),
        });
        return remove ? 'The section has been removed.' : 'The section has been saved.';
      });
    },
  );

  app.post<Params>(
    '/policy/versions/:id/submit',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canDraftPolicy);
      const id = parseId(request.params.id, 'Policy version');
      return respond(request, reply, id, 'submit', async () => {
        const submitted = await submitPolicyVersion(app.ctx, principal, id, formVersion(request));
        return `Version ${submitted.number} has been submitted. Consult the DCC and Users on it next.`;
      });
    },
  );

  app.post<Params>(
    '/policy/versions/:id/consultation',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canConsultOnPolicy);
      const id = parseId(request.params.id, 'Policy version');
      return respond(request, reply, id, 'opensAt', async () => {
        const consultation = await openPolicyConsultation(app.ctx, principal, id, {
          opensAt: formText(request, 'opensAt'),
          closesAt: formText(request, 'closesAt'),
        });
        return `The consultation of the DCC and Users has been opened; it closes ${formatInstant(consultation.closesAt)}.`;
      });
    },
  );

  app.post<Params>(
    '/policy/versions/:id/decision',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canDecidePolicy);
      const id = parseId(request.params.id, 'Policy version');
      return respond(request, reply, id, 'outcome', async () => {
        const outcome = formText(request, 'outcome');
        if (outcome !== 'approve' && outcome !== 'reject')
          throw invalid('outcome', 'Choose whether the Panel approved or rejected the version');
        const effectiveFrom = formText(request, 'effectiveFrom');
        const decided = await decidePolicyVersion(app.ctx, principal, id, {
          outcome,
          meetingId: optionalWholeNumber(formText(request, 'meetingId')) ?? null,
          notes: formText(request, 'notes'),
          effectiveFrom: effectiveFrom === '' ? null : effectiveFrom,
          version: formVersion(request),
        });
        return decided.status === 'approved'
          ? `Version ${decided.number} has been approved; it takes effect on ${formatDate(decided.effectiveFrom ?? '')}.`
          : `Version ${decided.number} has been rejected.`;
      });
    },
  );
}

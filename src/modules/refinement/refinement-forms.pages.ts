import type { FastifyInstance } from 'fastify';
import { invalid } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { formText } from '../../web/forms.ts';
import { SUB_COMMITTEES } from '../identity/identity.ts';
import { formatDate } from '../../calendar/format.ts';
import { bodySubject } from './consultation-rules.ts';
import { formVersion, handleForm, renderRefinement } from './refinement-render.pages.ts';
import { setDccTesting } from './refinement.actions.ts';
import { canEditDccTesting, canRecordNotification, canRequestView } from './refinement.access.ts';
import { recordNotification, requestView } from './views.actions.ts';
import { requireActor } from '../identity/identity.access.ts';

/** The refinement page's other forms: DCC testing (e), notifications and view requests (f)–(i). */
export function registerRefinementFormPages(app: FastifyInstance): void {
  const base = (id: number) => `/modifications/${id}/refinement`;

  app.post<{ Params: { id: string } }>(
    '/modifications/:id/refinement/dcc-testing',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canEditDccTesting);
      const id = parseId(request.params.id);
      const values = {
        required: formText(request, 'required'),
        testingSolution: formText(request, 'testingSolution'),
      };
      return handleForm(
        reply,
        async () => {
          if (values.required !== 'yes' && values.required !== 'no') {
            throw invalid('required', 'Choose whether DCC testing is required');
          }
          const saved = await setDccTesting(app.ctx, principal, id, {
            required: values.required === 'yes',
            testingSolution: values.testingSolution,
            version: formVersion(request),
          });
          return saved.required
            ? 'DCC testing is recorded as required.'
            : 'DCC testing is recorded as not required.';
        },
        `${base(id)}#dcc-testing`,
        (errors, status) => renderRefinement(app, request, reply, id, { errors, values }, status),
        { required: 'required', version: 'dcc-testing' },
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/modifications/:id/refinement/notifications',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, (p) =>
        SUB_COMMITTEES.some((body) => canRecordNotification(p, body)),
      );
      const id = parseId(request.params.id);
      const values = {
        body: formText(request, 'body'),
        viaSubgroup: formText(request, 'viaSubgroup'),
        note: formText(request, 'note'),
      };
      return handleForm(
        reply,
        async () => {
          const notice = await recordNotification(app.ctx, principal, id, values);
          return `Recorded that ${bodySubject(notice.body)} wishes to give a view.`;
        },
        `${base(id)}#notifications`,
        (errors, status) => renderRefinement(app, request, reply, id, { errors, values }, status),
        { body: 'notifyBody' },
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/modifications/:id/refinement/view-requests',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRequestView);
      const id = parseId(request.params.id);
      const body = formText(request, 'body');
      const respondBy = formText(request, 'respondBy');
      return handleForm(
        reply,
        async () => {
          const created = await requestView(app.ctx, principal, id, { body, respondBy });
          const by =
            created.respondBy === null ? '' : `, to answer by ${formatDate(created.respondBy)}`;
          return `The views of ${bodySubject(created.body)} have been requested${by}.`;
        },
        `${base(id)}#view-${body}`,
        (errors, status) =>
          renderRefinement(
            app,
            request,
            reply,
            id,
            { errors, values: { requestBody: body, respondBy } },
            status,
          ),
        { respondBy: `respondBy-${body}`, body: `view-${body}` },
      );
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { registerRefinementFormPages } from './refinement-forms.pages.ts';
import {
  blockerLinks,
  formVersion,
  handleForm,
  purposeOf,
  renderItem,
  renderRefinement,
} from './refinement-render.pages.ts';
import { completeRefinement, recordConclusion } from './refinement.actions.ts';
import { canCompleteRefinement, canRecordConclusion } from './refinement.access.ts';
import { loadRefinement } from './refinement.present.ts';
import { purposeInfo } from './refinement.ts';
import { requireActor } from '../identity/identity.access.ts';

/** The refinement page of a modification, its item pages, and completing refinement. */
export function registerRefinementPages(app: FastifyInstance): void {
  const base = (id: number) => `/modifications/${id}/refinement`;

  app.get<{ Params: { id: string } }>(
    '/modifications/:id/refinement',
    { schema: { hide: true } },
    (request, reply) => renderRefinement(app, request, reply, parseId(request.params.id)),
  );

  app.get<{ Params: { id: string; purpose: string } }>(
    '/modifications/:id/refinement/items/:purpose',
    { schema: { hide: true } },
    (request, reply) =>
      renderItem(
        app,
        request,
        reply,
        parseId(request.params.id),
        purposeOf(request.params.purpose),
      ),
  );

  app.post<{ Params: { id: string; purpose: string } }>(
    '/modifications/:id/refinement/items/:purpose',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRecordConclusion);
      const id = parseId(request.params.id);
      const purpose = purposeOf(request.params.purpose);
      const conclusion = formText(request, 'conclusion');
      return handleForm(
        reply,
        async () => {
          await recordConclusion(app.ctx, principal, id, purpose, {
            conclusion,
            version: formVersion(request),
          });
          return `The conclusion on purpose (${purpose}) ${purposeInfo(purpose).name} has been recorded.`;
        },
        `${base(id)}#purpose-${purpose}`,
        (errors, status) =>
          renderItem(app, request, reply, id, purpose, { errors, conclusion }, status),
        { version: 'conclusion' },
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/modifications/:id/refinement/complete',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canCompleteRefinement);
      const id = parseId(request.params.id);
      const reason = formText(request, 'reason');
      try {
        await completeRefinement(app.ctx, principal, id, { version: formVersion(request), reason });
      } catch (error) {
        const refused =
          error instanceof AppError && error.status === 409 && error.code !== 'stale_version';
        if (!refused) {
          const errors = formErrors(error, { version: 'complete', status: 'complete' });
          const status = error instanceof AppError ? error.status : 400;
          return renderRefinement(app, request, reply, id, { errors, values: { reason } }, status);
        }
        const current = await loadRefinement(app.ctx.db, id, app.ctx.now());
        const errors =
          current.blockers.length > 0
            ? blockerLinks(current)
            : formErrors(error, { status: 'complete' });
        return renderRefinement(
          app,
          request,
          reply,
          id,
          { errors, values: { reason } },
          error.status,
        );
      }
      setNotice(reply, 'Refinement is complete: the modification has moved to the Report Phase.');
      return reply.redirect(base(id), 303);
    },
  );

  registerRefinementFormPages(app);
}

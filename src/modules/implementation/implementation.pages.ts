import type { FastifyInstance } from 'fastify';
import { parseId } from '../../http/params.ts';
import { registerImplementationForms } from './implementation-forms.pages.ts';
import { renderImplementation } from './implementation-page.pages.ts';

/** The implementation page of a modification (D9, D10.1–D10.6) and its forms. */
export function registerImplementationPages(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>(
    '/modifications/:id/implementation',
    { schema: { hide: true } },
    (request, reply) =>
      renderImplementation(app, request, reply, parseId(request.params.id, 'modification')),
  );
  registerImplementationForms(app);
}

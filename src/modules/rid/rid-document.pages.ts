import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { parseId } from '../../http/params.ts';
import { documentQuery, formatOf, sendDocument } from '../../web/document-downloads.ts';
import { ridRedlineBetween, ridVersionView } from './rid.queries.ts';
import { ridDocument, ridRedlineDocument } from './rid-document.present.ts';

type DocumentRequest = { Params: { id: string; n: string; file: string } };
type RedlineDocumentRequest = {
  Params: { id: string; file: string };
  Querystring: { from?: string; to?: string; changes?: string };
};

/**
 * Issue 13: a RID version with its TAD to take away — the page to print, Word and PDF — for
 * whoever may read the version (the public reads approved ones; drafts stay unknown to them).
 */
export function registerRidDocumentPages(app: FastifyInstance): void {
  app.get<DocumentRequest>(
    '/releases/:id/rid/versions/:n/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const format = formatOf(request.params.file);
      if (!format) throw new AppError('not_found', 'There is no such page');
      const releaseId = parseId(request.params.id, 'release');
      const number = parseId(request.params.n, 'version');
      const today = todayOf(app.ctx.now());
      const view = await ridVersionView(app.ctx, request.principal, releaseId, number, today);
      const path = `/releases/${releaseId}/rid/versions/${number}/document`;
      const version = `/releases/${releaseId}/rid/versions/${number}`;
      return sendDocument(app, request, reply, format, ridDocument(view), {
        path,
        caption: `<a class="govuk-link" href="${version}">Back to version ${number}</a>`,
        releaseName: view.overview.release.name,
      });
    },
  );
  // Issue 13: the redline between two versions, for whoever may read both.
  app.get<RedlineDocumentRequest>(
    '/releases/:id/rid/redline/:file',
    { schema: { hide: true } },
    async (request, reply) => {
      const format = formatOf(request.params.file);
      if (!format) throw new AppError('not_found', 'There is no such page');
      const releaseId = parseId(request.params.id, 'release');
      const from = parseId(request.query.from ?? '', 'version');
      const to = parseId(request.query.to ?? '', 'version');
      const onlyChanged = request.query.changes === 'only';
      const today = todayOf(app.ctx.now());
      const view = await ridRedlineBetween(
        app.ctx,
        request.principal,
        releaseId,
        { from, to },
        today,
      );
      const query = documentQuery({ from, to, changes: onlyChanged ? 'only' : undefined });
      return sendDocument(
        app,
        request,
        reply,
        format,
        ridRedlineDocument(view, onlyChanged, today),
        {
          path: `/releases/${releaseId}/rid/redline/document`,
          query,
          caption: `<a class="govuk-link" href="/releases/${releaseId}/rid/redline${query.replace(/&/g, '&amp;')}">Back to the changes</a>`,
          releaseName: view.overview.release.name,
        },
      );
    },
  );
}

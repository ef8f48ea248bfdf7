import type { FastifyInstance } from 'fastify';
import { parseId } from '../../http/params.ts';
import { redlineSummary } from './policy-redline.ts';
import { renderPolicyPage, renderVersionPage } from './policy-render.pages.ts';
import { redlineBetween } from './policy.present.ts';
import { registerPolicyFormPages } from './policy-form.pages.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { AppError } from '../../errors.ts';
import { documentQuery, formatOf, sendDocument } from '../../web/document-downloads.ts';
import { policyDocument, policyRedlineDocument } from './policy-document.present.ts';
import { policyInForce } from './policy.ts';
import { visibleVersion, visibleVersions } from './policy.present.ts';

/** Issue 13: the page to print and its Word and PDF files, at `<path>`, `.docx` and `.pdf`. */
const DOCUMENT_FILES = ['document', 'document.docx', 'document.pdf'] as const;

/** The Policy's pages: the version in force and the versions (public), drafts for SECAS. */
export function registerPolicyPages(app: FastifyInstance): void {
  app.get('/policy', { schema: { hide: true } }, (request, reply) =>
    renderPolicyPage(app, request, reply),
  );

  app.get<{ Params: { id: string } }>(
    '/policy/versions/:id',
    { schema: { hide: true } },
    (request, reply) =>
      renderVersionPage(app, request, reply, parseId(request.params.id, 'Policy version')),
  );

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/policy/redline',
    { schema: { hide: true } },
    async (request, reply) => {
      const today = todayOf(app.ctx.now());
      const fromId = parseId(request.query.from ?? '', 'Policy version');
      const toId = parseId(request.query.to ?? '', 'Policy version');
      const { from, to, redline } = await redlineBetween(
        app.ctx.db,
        request.principal,
        today,
        fromId,
        toId,
      );
      return reply.page('policy-redline.njk', {
        title: `Changes from version ${from.number} to version ${to.number}`,
        from,
        to,
        redline,
        summary: redlineSummary(redline),
        onlyChanged: (request.query as Record<string, unknown>).changes === 'only',
      });
    },
  );

  // Issue 13: the Policy to take away — the version in force, any version, any redline — for
  // whoever may read it (the public reads decided versions; drafts stay unknown to them).
  for (const file of DOCUMENT_FILES) {
    const format = formatOf(file) ?? 'html';
    app.get(`/policy/${file}`, { schema: { hide: true } }, async (request, reply) => {
      const today = todayOf(app.ctx.now());
      const { visible } = await visibleVersions(app.ctx.db, request.principal, today);
      const inForce = policyInForce(visible, today);
      if (!inForce) throw new AppError('not_found', 'No version of the Policy is in force');
      return sendDocument(app, request, reply, format, policyDocument(inForce), {
        path: '/policy/document',
        caption: '<a class="govuk-link" href="/policy">Back to the Policy</a>',
      });
    });

    app.get<{ Params: { id: string } }>(
      `/policy/versions/:id/${file}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const id = parseId(request.params.id, 'Policy version');
        const today = todayOf(app.ctx.now());
        const version = await visibleVersion(app.ctx.db, request.principal, today, id);
        return sendDocument(app, request, reply, format, policyDocument(version), {
          path: `/policy/versions/${id}/document`,
          caption: `<a class="govuk-link" href="/policy/versions/${id}">Back to version ${version.number}</a>`,
        });
      },
    );

    app.get<{ Querystring: { from?: string; to?: string; changes?: string } }>(
      `/policy/redline/${file}`,
      { schema: { hide: true } },
      async (request, reply) => {
        const today = todayOf(app.ctx.now());
        const fromId = parseId(request.query.from ?? '', 'Policy version');
        const toId = parseId(request.query.to ?? '', 'Policy version');
        const onlyChanged = request.query.changes === 'only';
        const { from, to, redline } = await redlineBetween(
          app.ctx.db,
          request.principal,
          today,
          fromId,
          toId,
        );
        const query = documentQuery({
          from: fromId,
          to: toId,
          changes: onlyChanged ? 'only' : undefined,
        });
        return sendDocument(
          app,
          request,
          reply,
          format,
          policyRedlineDocument(from, to, redline, onlyChanged, today),
          {
            path: '/policy/redline/document',
            query,
            caption: `<a class="govuk-link" href="/policy/redline${query.replace(/&/g, '&amp;')}">Back to the changes</a>`,
          },
        );
      },
    );
  }

  registerPolicyFormPages(app);
}

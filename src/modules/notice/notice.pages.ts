import { countOf } from '../../calendar/count-words.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseId } from '../../http/params.ts';
import { formText, submitForm, type FormState } from '../../web/forms.ts';
import { issueReleaseNotice } from './notice.actions.ts';
import { checkNoticeRelease } from './notice.ts';
import { canIssueNotices } from './notice.access.ts';
import { presentNotice, releaseNotices } from './notice.present.ts';
import { allNotices } from './notice.store.ts';
import { requireActor } from '../identity/identity.access.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** The notices of a release (public) and, for SECAS, the form to issue one (D10.8(c)). */
async function renderNotices(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const view = await releaseNotices(app.ctx, id);
  return reply.page(
    'release-notices.njk',
    {
      title: `Notices: ${view.release.name}`,
      release: view.release,
      noticeStart: view.noticeStart,
      issuedBeforeStart: view.issuedBeforeStart,
      notices: view.notices.map((n) => presentNotice(n, view.noticeStart)),
      mayIssue:
        canIssueNotices(request.principal) &&
        checkNoticeRelease(view.release.status, view.release.name) === null,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values: state.values ?? {},
    },
    status,
  );
}

/** The public notices pages and SECAS's form. */
export function registerNoticePages(app: FastifyInstance): void {
  app.get('/notices', { schema: { hide: true } }, async (_request, reply) =>
    reply.page('notices.njk', {
      title: 'Release notices',
      notices: (await allNotices(app.ctx.db)).map((notice) => presentNotice(notice)),
    }),
  );

  app.get('/releases/:id/notices', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderNotices(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post('/releases/:id/notices', { schema: { hide: true } }, (request: IdRequest, reply) => {
    const principal = requireActor(request.principal, canIssueNotices);
    const id = parseId(request.params.id, 'release');
    return submitForm(request, reply, {
      form: 'notice',
      run: async () => {
        const notice = await issueReleaseNotice(app.ctx, principal, id, {
          subject: formText(request, 'subject'),
          body: formText(request, 'body'),
        });
        return {
          notice: `The notice has been sent to ${countOf(notice.recipients, 'Party user')}, ${notice.mandatoryRecipients} of them at Users.`,
          to: `/releases/${id}/notices`,
        };
      },
      again: (state, status) => renderNotices(app, request, reply, id, state, status),
    });
  });
}

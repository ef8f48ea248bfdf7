import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId, setNotice } from '../../http/app.ts';
import { authorise } from '../../http/auth.ts';
import { formText } from '../../web/forms.ts';
import { todayOf } from '../policy/policy.actions.ts';
import { formState, statusOf, type FormState } from '../release/release-page-data.ts';
import { requestInformation, respondToRequest, withdrawRequest } from './dcc-request.actions.ts';
import { DCC_REQUEST_STATUSES, REQUEST_SECTIONS, sectionName } from './dcc-request.ts';
import {
  canReadDccRequests,
  canRequestFromDcc,
  canRespondToDccRequest,
  canWithdrawDccRequest,
} from './dcc-request.policy.ts';
import {
  DCC_REQUEST_PAGE_SIZE,
  presentDccRequest,
  releaseRequests,
  requestById,
} from './dcc-request.present.ts';
import { listDccRequests } from './dcc-request.store.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const FORM_FIELDS: Record<string, readonly string[]> = {
  request: ['subject', 'detail', 'dueDate', 'ridSection'],
  answer: ['response'],
  withdraw: ['reason'],
};

/**
 * The refused form's state; an error not about one of its fields (a stale version, a request
 * already answered) links to the form itself.
 */
function stateOf(error: unknown, request: FastifyRequest, form: string): FormState {
  const state = formState(error, request, form);
  const field = error instanceof AppError ? error.field : undefined;
  if (field !== undefined && !(FORM_FIELDS[form] ?? []).includes(field)) {
    state.errors = state.errors.map((e) => ({ ...e, href: `#${form}` }));
    state.fieldErrors = {};
  }
  return state;
}

/** Only a missing page is not shown again with the form; every other refusal is. */
function rethrowNotFound(error: unknown): void {
  if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
}

/** D10.10, D10.14: a release's requests, grouped by status, and SECAS's or the Chair's form. */
async function renderRelease(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const principal = authorise(request, canReadDccRequests);
  const { release, requests } = await releaseRequests(app.ctx, id);
  const today = todayOf(app.ctx.now());
  const presented = requests.map((row) => presentDccRequest(row, today));
  const values = state.values ?? {};
  return reply.page(
    'dcc-request-release.njk',
    {
      title: `Information requests to the DCC: ${release.name}`,
      release,
      groups: DCC_REQUEST_STATUSES.map((value) => ({
        status: value,
        items: presented.filter((r) => r.status === value),
      })),
      mayRequest: canRequestFromDcc(principal) && !['cancelled', 'closed'].includes(release.status),
      sectionItems: [
        { value: '', text: 'None', selected: (values.ridSection ?? '') === '' },
        ...REQUEST_SECTIONS.map((s) => ({
          value: s,
          text: sectionName(s),
          selected: values.ridSection === s,
        })),
      ],
      today,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values,
    },
    status,
  );
}

/** D10.10: one request, the DCC's answer form and the withdrawal form. */
async function renderRequest(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const principal = authorise(request, canReadDccRequests);
  const row = await requestById(app.ctx, id);
  const item = presentDccRequest(row, todayOf(app.ctx.now()));
  const open = item.status === 'open';
  return reply.page(
    'dcc-request.njk',
    {
      title: item.subject,
      item,
      mayAnswer: open && canRespondToDccRequest(principal),
      mayWithdraw: open && canWithdrawDccRequest(principal),
      form: state.form,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values: state.values ?? {},
    },
    status,
  );
}

function worklistHref(page: number): string {
  return page <= 1 ? '/dcc-requests' : `/dcc-requests?page=${page}`;
}

/** The DCC's worklist and the request pages (D10.10, D10.14). */
export function registerDccRequestPages(app: FastifyInstance): void {
  app.get('/dcc-requests', { schema: { hide: true } }, async (request, reply) => {
    authorise(request, canReadDccRequests);
    const query = request.query as Record<string, string | undefined>;
    const asked = /^\d{1,6}$/.test(query.page ?? '') ? Number(query.page) : 1;
    const page = Math.max(asked, 1);
    const { items, total } = await listDccRequests(app.ctx.db, 'open', {
      limit: DCC_REQUEST_PAGE_SIZE,
      offset: (page - 1) * DCC_REQUEST_PAGE_SIZE,
    });
    const today = todayOf(app.ctx.now());
    const pages = Math.max(Math.ceil(total / DCC_REQUEST_PAGE_SIZE), 1);
    return reply.page('dcc-requests.njk', {
      title: 'Open information requests to the DCC',
      items: items.map((row) => presentDccRequest(row, today)),
      total,
      page,
      pages,
      previousHref: page > 1 ? worklistHref(Math.min(page - 1, pages)) : null,
      nextHref: page < pages ? worklistHref(page + 1) : null,
    });
  });

  app.get('/releases/:id/dcc-requests', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderRelease(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post(
    '/releases/:id/dcc-requests',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = authorise(request, canRequestFromDcc);
      const id = parseId(request.params.id, 'release');
      try {
        const row = await requestInformation(app.ctx, principal, id, {
          subject: formText(request, 'subject'),
          detail: formText(request, 'detail'),
          dueDate: formText(request, 'dueDate'),
          ridSection: formText(request, 'ridSection'),
        });
        setNotice(reply, `The request "${row.subject}" has been sent to the DCC.`);
      } catch (error) {
        rethrowNotFound(error);
        const state = stateOf(error, request, 'request');
        return renderRelease(app, request, reply, id, state, statusOf(error));
      }
      return reply.redirect(`/releases/${id}/dcc-requests`, 303);
    },
  );

  app.get('/dcc-requests/:id', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderRequest(app, request, reply, parseId(request.params.id, 'request')),
  );

  app.post(
    '/dcc-requests/:id/response',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = authorise(request, canRespondToDccRequest);
      const id = parseId(request.params.id, 'request');
      try {
        await respondToRequest(app.ctx, principal, id, {
          response: formText(request, 'response'),
          version: Number(formText(request, 'version')) || undefined,
        });
        setNotice(reply, 'Your answer has been recorded and the person who asked has been told.');
      } catch (error) {
        rethrowNotFound(error);
        const state = stateOf(error, request, 'answer');
        return renderRequest(app, request, reply, id, state, statusOf(error));
      }
      return reply.redirect(`/dcc-requests/${id}`, 303);
    },
  );

  app.post(
    '/dcc-requests/:id/withdrawal',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = authorise(request, canWithdrawDccRequest);
      const id = parseId(request.params.id, 'request');
      try {
        await withdrawRequest(app.ctx, principal, id, {
          reason: formText(request, 'reason'),
          version: Number(formText(request, 'version')) || undefined,
        });
        setNotice(reply, 'The request has been withdrawn and the DCC has been told.');
      } catch (error) {
        rethrowNotFound(error);
        const state = stateOf(error, request, 'withdraw');
        return renderRequest(app, request, reply, id, state, statusOf(error));
      }
      return reply.redirect(`/dcc-requests/${id}`, 303);
    },
  );
}

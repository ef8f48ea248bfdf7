import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { formState, formText, submitForm, type FormState } from '../../web/forms.ts';
import { requestInformation, respondToRequest, withdrawRequest } from './dcc-request.actions.ts';
import { DCC_REQUEST_STATUSES, REQUEST_SECTIONS, sectionName } from './dcc-request.ts';
import {
  canReadDccRequests,
  canRequestFromDcc,
  canRespondToDccRequest,
  canWithdrawDccRequest,
} from './dcc-request.access.ts';
import {
  DCC_REQUEST_PAGE_SIZE,
  presentDccRequest,
  releaseRequests,
  requestById,
} from './dcc-request.present.ts';
import { listDccRequests } from './dcc-request.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

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

/** D10.10, D10.14: a release's requests, grouped by status, and SECAS's or the Chair's form. */
async function renderRelease(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const principal = requireActor(request.principal, canReadDccRequests);
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
  const principal = requireActor(request.principal, canReadDccRequests);
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
    requireActor(request.principal, canReadDccRequests);
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
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRequestFromDcc);
      const id = parseId(request.params.id, 'release');
      return submitForm(request, reply, {
        form: 'request',
        stateOf,
        run: async () => {
          const row = await requestInformation(app.ctx, principal, id, {
            subject: formText(request, 'subject'),
            detail: formText(request, 'detail'),
            dueDate: formText(request, 'dueDate'),
            ridSection: formText(request, 'ridSection'),
          });
          return {
            notice: `The request "${row.subject}" has been sent to the DCC.`,
            to: `/releases/${id}/dcc-requests`,
          };
        },
        again: (state, status) => renderRelease(app, request, reply, id, state, status),
      });
    },
  );

  app.get('/dcc-requests/:id', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderRequest(app, request, reply, parseId(request.params.id, 'request')),
  );

  /** Runs the answer or the withdrawal form; a refusal shows the request's page again. */
  const onRequest = (
    request: IdRequest,
    reply: FastifyReply,
    form: string,
    run: (id: number, version: number | undefined) => Promise<string>,
  ) => {
    const id = parseId(request.params.id, 'request');
    return submitForm(request, reply, {
      form,
      stateOf,
      run: async () => ({
        notice: await run(id, Number(formText(request, 'version')) || undefined),
        to: `/dcc-requests/${id}`,
      }),
      again: (state, status) => renderRequest(app, request, reply, id, state, status),
    });
  };

  app.post(
    '/dcc-requests/:id/response',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRespondToDccRequest);
      return onRequest(request, reply, 'answer', async (id, version) => {
        await respondToRequest(app.ctx, principal, id, {
          response: formText(request, 'response'),
          version,
        });
        return 'Your answer has been recorded and the person who asked has been told.';
      });
    },
  );

  app.post(
    '/dcc-requests/:id/withdrawal',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canWithdrawDccRequest);
      return onRequest(request, reply, 'withdraw', async (id, version) => {
        await withdrawRequest(app.ctx, principal, id, {
          reason: formText(request, 'reason'),
          version,
        });
        return 'The request has been withdrawn and the DCC has been told.';
      });
    },
  );
}

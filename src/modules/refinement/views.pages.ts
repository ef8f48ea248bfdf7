import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDateOf } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { SUB_COMMITTEES, isSubCommittee } from '../identity/identity.ts';
import { hasAnyRole, requireActor } from '../identity/identity.access.ts';
import { BODY_NAMES, bodySubject } from './consultation-rules.ts';
import { canListViewRequests, canRespondToView, visibleBodies } from './refinement.access.ts';
import { fieldErrorsOf, type ErrorItem } from './refinement-render.pages.ts';
import { presentViewRequest } from './refinement.present.ts';
import { listViewRequests, type ViewRequestState } from './view-requests.store.ts';
import { respondToView } from './views.actions.ts';

const STATE_NAMES: Record<ViewRequestState, string> = {
  awaiting: 'Awaiting a view',
  answered: 'Answered',
};

function isState(value: string): value is ViewRequestState {
  return value === 'awaiting' || value === 'answered';
}

/** "Views requested": the requests addressed to a member's body (all of them for SECAS and the Panel). */
export function registerViewsPages(app: FastifyInstance): void {
  async function renderViews(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: ErrorItem[]; values?: Record<string, string> } = {},
    status = 200,
  ) {
    const principal = requireActor(request.principal, canListViewRequests);
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const visible = visibleBodies(principal, SUB_COMMITTEES);
    const body =
      query.body !== undefined && isSubCommittee(query.body) && visible.includes(query.body)
        ? query.body
        : '';
    const state = query.state !== undefined && isState(query.state) ? query.state : '';
    const today = londonDateOf(app.ctx.now().toISOString());
    const requests = await listViewRequests(app.ctx.db, {
      bodies: body === '' ? visible : [body],
      ...(state === '' ? {} : { state }),
    });
    const errors = extra.errors ?? [];
    return reply.page(
      'refinement-views.njk',
      {
        title: 'Views requested',
        requests: requests.map((item) => ({
          ...presentViewRequest(item, today),
          canAnswer: item.response === null && canRespondToView(principal, item.body),
        })),
        visibleNames: visible.map(bodySubject),
        bodyItems:
          visible.length > 1
            ? [
                { value: '', text: 'All bodies', selected: body === '' },
                ...visible.map((candidate) => ({
                  value: candidate,
                  text: BODY_NAMES[candidate],
                  selected: candidate === body,
                })),
              ]
            : [],
        stateItems: [
          { value: '', text: 'Awaiting or answered', selected: state === '' },
          ...(['awaiting', 'answered'] as const).map((value) => ({
            value,
            text: STATE_NAMES[value],
            selected: value === state,
          })),
        ],
        filtered: body !== '' || state !== '',
        isMember: hasAnyRole(principal, ['sub_committee_member']),
        errors,
        fieldErrors: fieldErrorsOf(errors),
        values: extra.values ?? {},
      },
      status,
    );
  }

  app.get('/views', { schema: { hide: true } }, (request, reply) => renderViews(request, reply));

  app.post<{ Params: { id: string } }>(
    '/views/:id/response',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, (p) =>
        hasAnyRole(p, ['sub_committee_member']),
      );
      const id = parseId(request.params.id);
      const view = formText(request, 'view');
      try {
        const answered = await respondToView(app.ctx, principal, id, { view });
        const late = answered.receivedAfterRefinement
          ? ' It arrived after the modification left refinement, and is kept with it.'
          : '';
        setNotice(
          reply,
          `The view of ${bodySubject(answered.body)} on ${answered.reference} has been recorded.${late}`,
        );
      } catch (error) {
        const errors = formErrors(error, { view: `view-${id}` });
        const status = error instanceof AppError ? error.status : 400;
        return renderViews(request, reply, { errors, values: { [`view-${id}`]: view } }, status);
      }
      return reply.redirect('/views', 303);
    },
  );
}

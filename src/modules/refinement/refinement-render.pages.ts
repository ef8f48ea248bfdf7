import { legalTextCoverageOf } from '../code-text/code-authoring.actions.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { SUB_COMMITTEES, type Principal } from '../identity/identity.ts';
import { PATH_NAMES, STATUS_NAMES } from '../modification/modification.ts';
import { BODY_NAMES } from './consultation-rules.ts';
import {
  canCompleteRefinement,
  canDecideDccTesting,
  canEditDccTesting,
  canReadRefinement,
  canRecordConclusion,
  canRecordNotification,
  canRequestView,
} from './refinement.access.ts';
import { loadRefinement, type PresentedRefinement } from './refinement.present.ts';
import { isPurpose, isRefinementOpen, purposeInfo, type Purpose } from './refinement.ts';
import { requireActor } from '../identity/identity.access.ts';

export type ErrorItem = { text: string; href: string };

/** The version a form was rendered with, from its hidden field. */
export function formVersion(request: FastifyRequest): number {
  const text = formText(request, 'version');
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
    throw invalid(
      'version',
      'The form is missing the version you read: reload the page and try again',
    );
  }
  return Number(text);
}

/** GOV.UK error-summary items, keyed by the id of the field each points at. */
export function fieldErrorsOf(errors: readonly ErrorItem[]): Record<string, { text: string }> {
  return Object.fromEntries(errors.map((error) => [error.href.slice(1), { text: error.text }]));
}

/** Each reason refinement cannot complete, linked to where it is put right. */
export function blockerLinks(refinement: PresentedRefinement): ErrorItem[] {
  return refinement.blockers.map((blocker) => ({
    text: blocker.message,
    href: `#${blocker.target}`,
  }));
}

export function purposeOf(value: string): Purpose {
  if (!isPurpose(value)) throw new AppError('not_found', 'No such purpose: D6.8 has (a) to (l)');
  return value;
}

/** What the principal may do on the page, for the template to show only the forms they can use. */
function permissions(principal: Principal, refinement: PresentedRefinement) {
  const open = isRefinementOpen(refinement.modification.status);
  return {
    open,
    canConclude: open && canRecordConclusion(principal),
    canEditDccTesting: open && canEditDccTesting(principal),
    canDecideDccTesting: canDecideDccTesting(principal),
    canRequest: open && canRequestView(principal),
    notifyBodies: open
      ? SUB_COMMITTEES.filter((body) => canRecordNotification(principal, body))
      : [],
    canComplete:
      refinement.modification.status === 'refinement' && canCompleteRefinement(principal),
  };
}

/** Renders the refinement page of modification `id`, with a form's errors and values if any. */
export async function renderRefinement(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  extra: { errors?: ErrorItem[]; values?: Record<string, string> } = {},
  status = 200,
) {
  const principal = requireActor(request.principal, canReadRefinement);
  const refinement = await loadRefinement(app.ctx.db, id, app.ctx.now());
  const can = permissions(principal, refinement);
  const errors = extra.errors ?? [];
  return reply.page(
    'refinement.njk',
    {
      title: `Refinement of ${refinement.modification.reference}`,
      refinement,
      statusName: STATUS_NAMES[refinement.modification.status],
      pathName:
        refinement.modification.path === null
          ? 'Not yet decided'
          : PATH_NAMES[refinement.modification.path],
      can,
      requestOf: Object.fromEntries(refinement.requests.map((r) => [r.body, r])),
      notifyItems: can.notifyBodies.map((body) => ({
        value: body,
        text: BODY_NAMES[body],
        selected: extra.values?.body === body,
      })),
      blockerLinks: blockerLinks(refinement),
      // Issue 14, D6.8(e): the legal text's Sections and the testing solution against this record.
      legalTextFindings: await legalTextCoverageOf(app.ctx.db, id),
      errors,
      fieldErrors: fieldErrorsOf(errors),
      values: extra.values ?? {},
    },
    status,
  );
}

/** Renders the page of one purpose of the checklist. */
export async function renderItem(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  purpose: Purpose,
  extra: { errors?: ErrorItem[]; conclusion?: string } = {},
  status = 200,
) {
  const principal = requireActor(request.principal, canReadRefinement);
  const refinement = await loadRefinement(app.ctx.db, id, app.ctx.now());
  const item = refinement.items.find((candidate) => candidate.purpose === purpose);
  const errors = extra.errors ?? [];
  return reply.page(
    'refinement-item.njk',
    {
      title: `(${purpose}) ${purposeInfo(purpose).name}: ${refinement.modification.reference}`,
      refinement,
      item,
      consultation: refinement.consultations.find((c) => c.purpose === purpose),
      can: permissions(principal, refinement),
      conclusion: extra.conclusion ?? item?.conclusion ?? '',
      errors,
      fieldErrors: fieldErrorsOf(errors),
    },
    status,
  );
}

/** Runs a form's action: on success a notice and a redirect, on refusal the page again. */
export async function handleForm(
  reply: FastifyReply,
  work: () => Promise<string>,
  redirectTo: string,
  rerender: (errors: ErrorItem[], status: number) => Promise<FastifyReply>,
  fieldIds: Record<string, string> = {},
) {
  try {
    setNotice(reply, await work());
    return await reply.redirect(redirectTo, 303);
  } catch (error) {
    const errors = formErrors(error, fieldIds);
    return rerender(errors, error instanceof AppError ? error.status : 400);
  }
}

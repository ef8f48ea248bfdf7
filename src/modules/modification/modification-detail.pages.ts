import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { followView } from '../notification/notification.queries.ts';
import { historySourceOf } from '../history/history.queries.ts';
import { heldOutsideView } from '../history/history.present.ts';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formatDate } from '../../calendar/format.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { DOCUMENT_CLASS_NAMES } from '../catalogue/catalogue.ts';
import { formList } from '../catalogue/catalogue.pages.ts';
import { listDocuments } from '../catalogue/catalogue.queries.ts';
import { setModificationDocuments } from './modification-documents.actions.ts';
import { documentGroups } from './modification-raise.present.ts';
import {
  PATH_NAMES,
  STATUS_NAMES,
  WITHDRAWABLE,
  canAdopt,
  isDecided,
  nextProgressSteps,
} from './modification.ts';
import {
  adoptModification,
  progressModification,
  withdrawModification,
} from './modification-lifecycle.actions.ts';
import {
  canAdoptModification,
  canProgressModification,
  canReadModifications,
  canReadRegister,
  canSetModificationDocuments,
  canWithdrawModification,
  isProposerParty,
} from './modification.access.ts';
import { loadModificationView, modificationTimeline } from './modification.queries.ts';
import { CONVERSION_PATHS, MAX_REASON_LENGTH } from './modification-register.ts';
import { describeEvent } from './modification-timeline.ts';
import { requireActor, requireReader } from '../identity/identity.access.ts';
import { listDecisions } from '../decision/decision.queries.ts';
import {
  DECIDING_BODY_NAMES,
  DECISION_KIND_NAMES,
  OUTCOME_NAMES,
  bodyOf,
} from '../decision/decision.ts';
import { TIMETABLE_SOURCE_NAMES } from '../timetable/timetable.ts';
import { modificationSections } from './modification-sections.present.ts';
import { lifecycleChecks } from '../refinement/refinement.queries.ts';
import { registerCodeAuthoringPages } from '../code-text/code-authoring.pages.ts';
import { documentChangeRules } from '../refinement/consultation-reevaluation.actions.ts';

type ErrorItem = { text: string; href: string };
type Values = Record<string, string>;

function versionOf(request: FastifyRequest): number {
  const version = Number(formText(request, 'version'));
  if (!Number.isSafeInteger(version) || version < 1)
    throw invalid('version', 'Reload the page and try again');
  return version;
}

/** Each form's fields get ids of their own on the page, so error links land on the right one. */
const FIELD_IDS = {
  progress: {
    to: 'to',
    path: 'path',
    reason: 'progressReason',
    version: 'next-steps',
    status: 'next-steps',
  },
  withdraw: { reason: 'withdrawReason', version: 'withdraw', status: 'withdraw' },
  adopt: { reason: 'adoptReason', version: 'adopt', status: 'adopt' },
} as const;

/** A modification's page (summary, timetable, next steps, withdrawal, adoption, timeline) and its forms. */
export function registerModificationDetailPages(app: FastifyInstance): void {
  // Issue 14: the modification's "Legal text" section (SECAS), registered with its other pages.
  registerCodeAuthoringPages(app);
  async function renderModification(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { errors?: ErrorItem[]; values?: Values } = {},
    status = 200,
  ) {
    const principal = requireReader(request.principal, canReadRegister);
    const view = await loadModificationView(app.ctx.db, id);
    if (!view) throw new AppError('not_found', 'No such modification');
    const m = view.modification;
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const before = /^\d{1,15}$/.test(query.before ?? '') ? Number(query.before) : undefined;
    const timeline = await modificationTimeline(app.ctx.db, id, { before });
    const decisions = await listDecisions(app.ctx.db, id);
    const values = extra.values ?? {};
    const errors = extra.errors ?? [];
    const nextSteps = canProgressModification(principal) ? nextProgressSteps(m.status, m.path) : [];
    const now = app.ctx.now();
    const held = heldOutsideView(await historySourceOf(app.ctx.db, 'modification', m.id));
    return reply.page(
      'modification.njk',
      {
        title: `${m.reference}: ${m.title}`,
        m,
        maxReason: MAX_REASON_LENGTH,
        sections: modificationSections(principal),
        // The timeline's actors, reasons and changes are the working record (signed in only).
        fullTimeline: canReadModifications(principal),
        decisions: decisions.map((decision) => ({
          decidedOn: decision.decidedOn,
          body: DECIDING_BODY_NAMES[bodyOf(decision.kind)],
          kind: DECISION_KIND_NAMES[decision.kind],
          outcome: OUTCOME_NAMES[decision.outcome],
          notes: decision.notes,
        })),
        held,
        view,
        follow: await followView(app.ctx, principal, 'modification', m.id),
        statusName: STATUS_NAMES[m.status],
        sourceNames: TIMETABLE_SOURCE_NAMES,
        pathName: m.path === null ? null : PATH_NAMES[m.path],
        statusBeforeWithdrawalName:
          m.status_before_withdrawal && m.status_before_withdrawal in STATUS_NAMES
            ? STATUS_NAMES[m.status_before_withdrawal as keyof typeof STATUS_NAMES]
            : null,
        classNames: DOCUMENT_CLASS_NAMES,
        statusNames: STATUS_NAMES,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
        values,
        stepItems: nextSteps.map((step) => ({
          value: step,
          text: STATUS_NAMES[step],
          checked: values.to === step,
        })),
        conversionPathItems:
          m.status === 'draft_proposal'
            ? [
                { value: '', text: 'Choose the path the Panel set' },
                ...CONVERSION_PATHS.map((p) => ({
                  value: p,
                  text: PATH_NAMES[p],
                  selected: values.path === p,
                })),
              ]
            : [],
        canEditDocuments: canSetModificationDocuments(principal) && !isDecided(m.status),
        canWithdraw:
          WITHDRAWABLE.includes(m.status) && canWithdrawModification(principal, m.proposer_org_id),
        adoptionOpen: m.status === 'withdrawn' && canAdopt(m.adoption_deadline, now),
        canAdoptNow:
          m.status === 'withdrawn' &&
          canAdopt(m.adoption_deadline, now) &&
          canAdoptModification(principal, m.proposer_org_id),
        ownWithdrawal: m.status === 'withdrawn' && isProposerParty(principal, m.proposer_org_id),
        events: timeline.events.map((event) => ({ ...event, description: describeEvent(event) })),
        olderHref:
          timeline.nextBefore === null
            ? null
            : `/modifications/${id}?before=${timeline.nextBefore}#timeline`,
        newestHref: before === undefined ? null : `/modifications/${id}#timeline`,
      },
      status,
    );
  }

  /** Runs a form's action: a notice and back to the page on success, the page with errors if refused. */
  async function handleForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: keyof typeof FIELD_IDS,
    values: Values,
    work: (id: number) => Promise<string>,
  ) {
    const id = parseId((request.params as { id: string }).id, 'modification');
    try {
      setNotice(reply, await work(id));
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw error;
      const errors = formErrors(error, FIELD_IDS[form]);
      const status = error instanceof AppError ? error.status : 400;
      return renderModification(
        request,
        reply,
        id,
        { errors, values: { ...values, form } },
        status,
      );
    }
    return reply.redirect(`/modifications/${id}`, 303);
  }

  app.get<{ Params: { id: string } }>(
    '/modifications/:id',
    { schema: { hide: true } },
    (request, reply) =>
      renderModification(request, reply, parseId(request.params.id, 'modification')),
  );

  app.post('/modifications/:id/progress', { schema: { hide: true } }, (request, reply) => {
    const principal = requireActor(request.principal, canProgressModification);
    const values = {
      to: formText(request, 'to'),
      path: formText(request, 'path'),
      reason: formText(request, 'reason'),
    };
    return handleForm(request, reply, 'progress', values, async (id) => {
      if (values.to === '') throw invalid('to', 'Choose the next step');
      const done = await progressModification(
        app.ctx,
        principal,
        id,
        { ...values, version: versionOf(request) },
        lifecycleChecks,
      );
      return `${done.reference} is now at ${STATUS_NAMES[done.status]}.`;
    });
  });

  app.post('/modifications/:id/withdraw', { schema: { hide: true } }, (request, reply) => {
    const principal = requireActor(request.principal, canReadModifications);
    const values = { reason: formText(request, 'reason') };
    return handleForm(request, reply, 'withdraw', values, async (id) => {
      const done = await withdrawModification(app.ctx, principal, id, {
        ...values,
        version: versionOf(request),
      });
      return `${done.reference} has been withdrawn. Another Party may adopt it until 23:59:59 on ${formatDate(done.adoptionDeadline.slice(0, 10))}.`;
    });
  });

  app.post('/modifications/:id/adopt', { schema: { hide: true } }, (request, reply) => {
    const principal = requireActor(request.principal, canReadModifications);
    const values = { reason: formText(request, 'reason') };
    return handleForm(request, reply, 'adopt', values, async (id) => {
      const done = await adoptModification(app.ctx, principal, id, {
        ...values,
        version: versionOf(request),
      });
      return `Your organisation has adopted ${done.reference}: it is back at ${STATUS_NAMES[done.status]}.`;
    });
  });

  async function renderDocuments(
    reply: FastifyReply,
    id: number,
    chosen: string[] | undefined,
    errors: ErrorItem[] = [],
    status = 200,
  ) {
    const view = await loadModificationView(app.ctx.db, id);
    if (!view) throw new AppError('not_found', 'No such modification');
    const current = view.documents.map((d) => d.id);
    const selected = chosen ?? current;
    const catalogue = await listDocuments(app.ctx.db, { includeRetired: true });
    // Retired entries are offered only where the modification already has them.
    const offered = catalogue.filter((d) => !d.retired || current.includes(d.id));
    return reply.page(
      'modification-documents.njk',
      {
        title: `Documents ${view.modification.reference} changes`,
        m: view.modification,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
        documentGroups: documentGroups(offered, selected),
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>(
    '/modifications/:id/documents',
    { schema: { hide: true } },
    (request, reply) => {
      requireActor(request.principal, canSetModificationDocuments);
      return renderDocuments(reply, parseId(request.params.id, 'modification'), undefined);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/modifications/:id/documents',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canSetModificationDocuments);
      const id = parseId(request.params.id, 'modification');
      const documentIds = formList(request, 'documentIds');
      try {
        const done = await setModificationDocuments(
          app.ctx,
          principal,
          id,
          { documentIds, version: versionOf(request) },
          documentChangeRules,
        );
        setNotice(
          reply,
          done.returnedToRefinement
            ? `The documents ${done.reference} changes have been saved. It has gone back to refinement: ${done.returnedToRefinement.reason}.`
            : `The documents ${done.reference} changes have been saved.`,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') throw error;
        const errors = formErrors(error, { documentIds: 'documentIds', version: 'documentIds' });
        return renderDocuments(
          reply,
          id,
          documentIds,
          errors,
          error instanceof AppError ? error.status : 400,
        );
      }
      return reply.redirect(`/modifications/${id}`, 303);
    },
  );
}

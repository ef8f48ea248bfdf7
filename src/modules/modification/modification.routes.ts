import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { EXPORT_FORMATS, exportResponse, sendExport, type ExportColumn } from '../../web/export.ts';
import { raiseModification } from './modification.actions.ts';
import { setModificationDocuments } from './modification-documents.actions.ts';
import {
  PATH_NAMES,
  STATUS_NAMES,
  nextProgressSteps,
  ADOPTION_WINDOW_WORKING_DAYS,
} from './modification.ts';
import {
  adoptModification,
  progressModification,
  withdrawModification,
} from './modification-lifecycle.actions.ts';
import {
  canProgressModification,
  canRaiseModification,
  canReadModifications,
  canReadRegister,
  canSetModificationDocuments,
} from './modification.access.ts';
import type { Principal } from '../identity/identity.ts';
import {
  eachModification,
  listModifications,
  loadModificationView,
  type ModificationListItem as ListItem,
  modificationTimeline,
  type ModificationView,
} from './modification.queries.ts';
import {
  AdoptBody,
  CreatedModification,
  DocumentsBody,
  ModificationExportQuery,
  ModificationListQuery,
  ModificationListResponse,
  ModificationSchema,
  NewModificationBody,
  ProgressBody,
  StepResult,
  DocumentsResult,
  TimelineQuery,
  TimelineResponse,
  WithdrawBody,
  WithdrawResult,
} from './modification.schema.ts';
import { requireActor, requireReader } from '../identity/identity.access.ts';
import { lifecycleChecks } from '../refinement/refinement.queries.ts';
import { historySourceOf, historySourcesOf } from '../history/history.queries.ts';
import { presentHeldOutside } from '../history/history.present.ts';
import { documentChangeRules } from '../refinement/consultation-reevaluation.actions.ts';

/** Issue 13: the columns of the register's CSV and JSON exports (dates ISO, codes and names). */
const MODIFICATION_COLUMNS: ExportColumn<ListItem>[] = [
  { name: 'reference', type: 'string', value: (m) => m.reference },
  { name: 'title', type: 'string', value: (m) => m.title },
  { name: 'status', type: 'string', value: (m) => m.status },
  { name: 'statusName', type: 'string', value: (m) => m.statusName },
  { name: 'path', type: 'string', nullable: true, value: (m) => m.path },
  {
    name: 'pathName',
    type: 'string',
    nullable: true,
    value: (m) => (m.path === null ? null : PATH_NAMES[m.path]),
  },
  { name: 'urgent', type: 'boolean', value: (m) => m.urgent },
  {
    name: 'proposer',
    type: 'string',
    nullable: true,
    value: (m) => m.proposer?.name ?? null,
  },
  { name: 'raisedOn', type: 'date', value: (m) => m.raisedOn },
  { name: 'id', type: 'integer', value: (m) => m.id },
];

export function presentModification(view: ModificationView) {
  const m = view.modification;
  return {
    id: m.id,
    reference: m.reference,
    title: m.title,
    summary: m.summary,
    proposer: view.proposer,
    path: m.path,
    pathName: m.path === null ? null : PATH_NAMES[m.path],
    urgent: m.urgent,
    status: m.status,
    statusName: STATUS_NAMES[m.status],
    statusBeforeWithdrawal:
      m.status_before_withdrawal !== null && m.status_before_withdrawal in STATUS_NAMES
        ? (m.status_before_withdrawal as keyof typeof STATUS_NAMES)
        : null,
    raisedOn: m.raised_on,
    withdrawnAt: m.withdrawn_at?.toISOString() ?? null,
    adoptionDeadline: m.adoption_deadline?.toISOString() ?? null,
    approvedOn: m.approved_on,
    approvedBy: m.approved_by,
    version: m.version,
    documents: view.documents,
    dependsOn: view.dependsOn,
    dependents: view.dependents,
    implementationTimetable: view.timetable
      ? { ...view.timetable, recordedAt: view.timetable.recordedAt.toISOString() }
      : null,
    nextSteps: nextProgressSteps(m.status, m.path),
  };
}

/** The modification register: list, search, raise, progress, withdraw, adopt and the timeline. */
export function registerModificationRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['modifications'];
  // Refuse before the body is validated, so a caller without the role learns nothing from it.
  const only =
    (allowed: (principal: Principal | null) => boolean) =>
    (request: FastifyRequest, _reply: unknown, done: () => void): void => {
      requireActor(request.principal, allowed);
      done();
    };

  app.get(
    '/api/v1/modifications',
    {
      schema: {
        summary:
          'The register, newest first: filter by status, path, proposer, document and SEC Release; search reference, title and summary',
        description:
          'The release filter keeps modifications with at least one part allocated to that release and not de-scoped.',
        tags,
        querystring: ModificationListQuery,
        response: withErrors({ 200: ModificationListResponse }),
      },
    },
    async (request) => {
      requireReader(request.principal, canReadRegister);
      const { status, path, proposer, document, release, q, before, limit } = request.query;
      const page = await listModifications(
        app.ctx.db,
        {
          status,
          path,
          proposerOrgId: proposer,
          documentId: document,
          releaseId: release,
          search: q,
        },
        { before, limit },
      );
      // Ruling 13: each modification recorded from before the cut-over is flagged, with its source.
      const sources = await historySourcesOf(
        app.ctx.db,
        'modification',
        page.items.map((item) => item.id),
      );
      return {
        ...page,
        items: page.items.map((item) => ({
          ...item,
          ...presentHeldOutside(sources.get(item.id)),
        })),
      };
    },
  );

  // Issue 13: the register, filtered and sorted as on its page, to take away as CSV or JSON.
  for (const format of EXPORT_FORMATS) {
    app.get(
      `/api/v1/exports/modifications.${format}`,
      {
        schema: {
          summary: `The register as ${format.toUpperCase()}: every modification the filters keep, in the order asked for, streamed`,
          tags,
          querystring: ModificationExportQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/json'],
          response: withErrors({ 200: exportResponse(format, MODIFICATION_COLUMNS) }),
        },
      },
      async (request, reply) => {
        requireReader(request.principal, canReadRegister);
        const { status, path, proposer, document, release, q, sort, order } = request.query;
        const filter = {
          status,
          path,
          proposerOrgId: proposer,
          documentId: document,
          releaseId: release,
          search: q,
        };
        return sendExport(
          reply,
          format,
          'modifications',
          MODIFICATION_COLUMNS,
          eachModification(app.ctx.db, filter, sort, order),
        );
      },
    );
  }

  app.get(
    '/api/v1/modifications/:id',
    {
      schema: {
        summary:
          'One modification: summary, documents and their classes, dependencies, current timetable, next steps',
        tags,
        params: IdParams,
        response: withErrors({ 200: ModificationSchema }),
      },
    },
    async (request) => {
      requireReader(request.principal, canReadRegister);
      const view = await loadModificationView(app.ctx.db, request.params.id);
      if (!view) throw new AppError('not_found', 'No such modification');
      const source = await historySourceOf(app.ctx.db, 'modification', view.modification.id);
      return { ...presentModification(view), ...presentHeldOutside(source) };
    },
  );

  app.get(
    '/api/v1/modifications/:id/timeline',
    {
      schema: {
        summary:
          'Every audit event of the modification, newest first, with actor, action and reason',
        tags,
        params: IdParams,
        querystring: TimelineQuery,
        response: withErrors({ 200: TimelineResponse }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadModifications);
      const exists = await app.ctx.db
        .selectFrom('modification')
        .select('id')
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!exists) throw new AppError('not_found', 'No such modification');
      const page = await modificationTimeline(app.ctx.db, request.params.id, request.query);
      return {
        events: page.events.map((event) => ({
          seq: event.seq,
          at: event.at,
          actor: event.actorLabel,
          action: event.action,
          reason: event.reason,
          before: event.before,
          after: event.after,
        })),
        nextBefore: page.nextBefore,
      };
    },
  );

  app.post(
    '/api/v1/modifications',
    {
      preValidation: only(canRaiseModification),
      schema: {
        summary: 'Raise a Draft Proposal (DP…) or a Modification Proposal (MP…, SECMP…)',
        description:
          'Fast-Track only by the Panel (403 fast_track_panel_only); Authority-Led Variations only by the Authority. A Party raises in its own name; SECAS names the proposing Party.',
        tags,
        body: NewModificationBody,
        response: withErrors({ 201: CreatedModification }, ['fast_track_panel_only']),
      },
    },
    async (request, reply) => {
      const created = await raiseModification(app.ctx, request.principal, request.body);
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/api/v1/modifications/:id/progress',
    {
      preValidation: only(canProgressModification),
      schema: {
        summary:
          'Record the Panel’s next step (Code Administrator or Panel Chair); send the version you read',
        description:
          'Only the steps of the lifecycle table for the modification’s path (409 invalid_transition otherwise). Converting a Draft Proposal needs the path and renames it (DP090 → MP090); leaving refinement needs refinement complete (D6.8: refinement_incomplete, testing_solution_required, mandatory_view_not_sought) and the documents to list every Section the legal text changes (D6.8(e): legal_text_documents_missing).',
        tags,
        params: IdParams,
        body: ProgressBody,
        response: withErrors({ 200: StepResult }, [
          'invalid_transition',
          'refinement_incomplete',
          'testing_solution_required',
          'mandatory_view_not_sought',
          'legal_text_documents_missing',
        ]),
      },
    },
    async (request) =>
      progressModification(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
        lifecycleChecks,
      ),
  );

  app.put(
    '/api/v1/modifications/:id/documents',
    {
      preValidation: only(canSetModificationDocuments),
      schema: {
        summary:
          'Set the SEC documents the modification changes (Code Administrator), until it is decided; after refinement, a change that makes a sub-committee’s views newly mandatory (D6.8(f)–(i)) returns it to refinement, and one that drops a Section its legal text changes is refused (D6.8(e))',
        tags,
        params: IdParams,
        body: DocumentsBody,
        response: withErrors({ 200: DocumentsResult }, ['legal_text_documents_missing']),
      },
    },
    async (request) =>
      setModificationDocuments(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
        documentChangeRules,
      ),
  );

  app.post(
    '/api/v1/modifications/:id/withdraw',
    {
      preValidation: only(canReadModifications),
      schema: {
        summary: `Withdraw (the proposer, or SECAS): opens the ${ADOPTION_WINDOW_WORKING_DAYS} Working Day adoption window`,
        tags,
        params: IdParams,
        body: WithdrawBody,
        response: withErrors({ 200: WithdrawResult }),
      },
    },
    async (request) =>
      withdrawModification(app.ctx, request.principal, request.params.id, request.body),
  );

  app.post(
    '/api/v1/modifications/:id/adopt',
    {
      preValidation: only(canReadModifications),
      schema: {
        summary:
          'Adopt a withdrawn modification within its adoption window (a Party other than the proposer)',
        tags,
        params: IdParams,
        body: AdoptBody,
        response: withErrors({ 200: StepResult }, ['adoption_window_closed']),
      },
    },
    async (request) =>
      adoptModification(app.ctx, request.principal, request.params.id, request.body),
  );
}

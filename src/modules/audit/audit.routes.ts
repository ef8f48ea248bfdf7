import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { withErrors } from '../../schemas.ts';
import { EXPORT_FORMATS, exportResponse, sendExport, type ExportColumn } from '../../web/export.ts';
import { toAuditFilter } from './audit-filter.ts';
import { canReadAudit, canVerifyAudit } from './audit.access.ts';
import { presentAuditEvent } from './audit.present.ts';
import {
  AuditExportQuery,
  AuditHeadSchema,
  AuditPageSchema,
  AuditQuery,
  VerifySchema,
} from './audit.schema.ts';
import {
  auditHead,
  eachAuditEvent,
  listAuditEvents,
  verifyAuditChain,
} from '../../audit/audit.store.ts';
import { describeBreak, type AuditEvent } from '../../audit/audit.ts';
import { requireActor } from '../identity/identity.access.ts';

type ExportedEvent = ReturnType<typeof presentAuditEvent>;

/** A change's before or after state as JSON text (null when there is none). */
const jsonText = (value: unknown) => (value === null ? null : JSON.stringify(value));

/** Issue 13: the columns of the audit trail's CSV and JSON exports (instants ISO, codes and words). */
const AUDIT_COLUMNS: ExportColumn<ExportedEvent>[] = [
  { name: 'seq', type: 'integer', value: (e) => e.seq },
  { name: 'at', type: 'instant', value: (e) => e.at },
  { name: 'actorId', type: 'integer', nullable: true, value: (e) => e.actorId },
  { name: 'actor', type: 'string', value: (e) => e.actorLabel },
  { name: 'action', type: 'string', value: (e) => e.action },
  { name: 'actionWords', type: 'string', value: (e) => e.actionWords },
  { name: 'subjectType', type: 'string', value: (e) => e.subjectType },
  { name: 'subjectId', type: 'string', value: (e) => e.subjectId },
  { name: 'subject', type: 'string', value: (e) => e.subjectWords },
  { name: 'reason', type: 'string', nullable: true, value: (e) => e.reason },
  { name: 'before', type: 'string', nullable: true, value: (e) => jsonText(e.before) },
  { name: 'after', type: 'string', nullable: true, value: (e) => jsonText(e.after) },
  { name: 'prevHash', type: 'string', value: (e) => e.prevHash },
  { name: 'hash', type: 'string', value: (e) => e.hash },
];

async function* presented(
  events: AsyncIterable<AuditEvent>,
  principal: Parameters<typeof presentAuditEvent>[1],
): AsyncGenerator<ExportedEvent> {
  for await (const event of events) yield presentAuditEvent(event, principal);
}

/** The audit trail, read by the Panel, the Code Administrator and auditors. */
export function registerAuditRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['audit'];

  app.get(
    '/api/v1/audit',
    {
      schema: {
        summary: 'Audit events, newest first, filtered by subject, actor, action and date',
        tags,
        querystring: AuditQuery,
        response: withErrors({ 200: AuditPageSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadAudit);
      const { before, limit, ...filters } = request.query;
      return listAuditEvents(app.ctx.db, toAuditFilter(filters), { before, limit: limit ?? 50 });
    },
  );

  // Issue 13: the trail, filtered as on /audit, to take away: read on the seq keyset, streamed.
  for (const format of EXPORT_FORMATS) {
    app.get(
      `/api/v1/exports/audit.${format}`,
      {
        schema: {
          summary: `The audit trail as ${format.toUpperCase()}: every event the filters keep, newest first, streamed (the Panel and the Code Administrator)`,
          tags,
          querystring: AuditExportQuery,
          produces: [format === 'csv' ? 'text/csv' : 'application/json'],
          response: withErrors({ 200: exportResponse(format, AUDIT_COLUMNS) }),
        },
      },
      async (request, reply) => {
        const principal = requireActor(request.principal, canReadAudit);
        const filter = toAuditFilter(request.query);
        return sendExport(
          reply,
          format,
          'audit',
          AUDIT_COLUMNS,
          presented(eachAuditEvent(app.ctx.db, filter), principal),
        );
      },
    );
  }

  app.get(
    '/api/v1/audit/head',
    {
      schema: {
        summary:
          'The head of the audit chain, published to anyone: the latest event, its hash and when it was recorded',
        tags,
        response: withErrors({ 200: AuditHeadSchema }),
      },
    },
    async () => {
      const head = await auditHead(app.ctx.db);
      return head === null
        ? { seq: 0, hash: null, at: null }
        : { seq: head.seq, hash: head.hash, at: head.at?.toISOString() ?? null };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        summary: 'Recompute the hash chain of the whole audit trail',
        tags,
        response: withErrors({ 200: VerifySchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canVerifyAudit);
      const result = await verifyAuditChain(app.ctx.db);
      if (result.ok) return { ok: true, events: result.events, headHash: result.headHash };
      return {
        ok: false,
        events: result.events,
        brokenAt: result.broken.seq,
        problem: describeBreak(result.broken),
      };
    },
  );
}

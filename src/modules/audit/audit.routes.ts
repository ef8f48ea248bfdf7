import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { withErrors } from '../../schemas.ts';
import { toAuditFilter } from './audit-filter.ts';
import { canReadAudit, canVerifyAudit } from './audit.access.ts';
import { AuditHeadSchema, AuditPageSchema, AuditQuery, VerifySchema } from './audit.schema.ts';
import { auditHead, listAuditEvents, verifyAuditChain } from '../../audit/audit.store.ts';
import { describeBreak } from '../../audit/audit.ts';
import { requireActor } from '../identity/identity.access.ts';

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

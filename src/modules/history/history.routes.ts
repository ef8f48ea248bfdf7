import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ERRORS } from '../../errors.ts';
import { withErrors } from '../../schemas.ts';
import { requireActor } from '../identity/identity.access.ts';
import { HELD_OUTSIDE_LABEL } from '../installation/installation.ts';
import { recordHistory } from './history.actions.ts';
import { canReadHistory } from './history.access.ts';
import { listHistorySources } from './history.queries.ts';
import { HistoryBody, HistoryList, HistoryRefusal, HistoryResult } from './history.schema.ts';
import { historyRefusal, readHistoryRecords, type HistoryRecordType } from './history.ts';

const REFUSALS = ['history_after_cut_over', 'history_invalid', 'history_conflict'] as const;

/** A refusal's schema for `status`, naming its codes (as withErrors does) and listing problems. */
function refusalSchema(status: number) {
  const lines = REFUSALS.filter((code) => ERRORS[code].status === status).map(
    (code) => `\`${code}\`: ${ERRORS[code].message}`,
  );
  return Type.Object(HistoryRefusal.properties, {
    description: `Refused, with one of these codes: ${lines.join('; ')}; problems lists each record's problem`,
  });
}

/** Ruling 13: the past register recorded as history ("held outside secrel"), and its list. */
export function registerHistoryRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['history'];
  const errors = withErrors({ 201: HistoryResult }, REFUSALS);

  app.post(
    '/api/v1/history',
    {
      schema: {
        summary:
          'Record the past register as history: modifications, decisions, releases and RID approvals dated before the cut-over',
        description:
          'Ruling 13. Each record carries its published source (sourceUrl and/or sourceSummary) and is flagged "held outside secrel". All records are checked first; any problem refuses them all and nothing is recorded. A record already held outside secrel under the same reference, name or key is skipped (alreadyRecorded). Audited per record as history.recorded.',
        tags,
        body: HistoryBody,
        response: {
          ...errors,
          400: refusalSchema(400),
          409: refusalSchema(409),
        },
      },
    },
    async (request, reply) => {
      const { records, problems } = readHistoryRecords(request.body.records);
      if (problems.length > 0) throw historyRefusal(problems);
      const outcome = await recordHistory(app.ctx, request.principal, records);
      const entry = (e: { index: number; type: HistoryRecordType; key: string; id: number }) => ({
        record: e.index + 1,
        type: e.type,
        key: e.key,
        id: e.id,
      });
      return reply.code(201).send({
        cutOver: outcome.cutOver,
        recorded: outcome.recorded.map(entry),
        alreadyRecorded: outcome.alreadyRecorded.map(entry),
      });
    },
  );

  app.get(
    '/api/v1/history',
    {
      schema: {
        summary: 'Every record held outside secrel, with its published source',
        tags,
        response: withErrors({ 200: HistoryList }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadHistory);
      const sources = await listHistorySources(app.ctx.db);
      return {
        items: sources.map((s) => ({
          subjectType: s.subjectType,
          subjectId: s.subjectId,
          label: HELD_OUTSIDE_LABEL,
          source: { url: s.url, summary: s.summary, recordedAt: s.recordedAt.toISOString() },
        })),
      };
    },
  );
}

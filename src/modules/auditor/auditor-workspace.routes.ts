import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../../schemas.ts';
import { sendDownload } from '../../web/uploads.ts';
import { findRelease } from '../release/release.queries.ts';
import { downloadEvidence, readReleaseRecords, requestAccess } from './auditor-access.actions.ts';
import { isExternalAuditor } from './auditor.access.ts';
import { presentAccessRequest, presentAppointment, presentRecords } from './auditor.present.ts';
import {
  AccessRequestBody,
  AccessRequestSchema,
  AppointmentSchema,
  EvidenceParams,
  ReleaseRecordsSchema,
} from './auditor.schema.ts';
import { appointmentsOfOrganisation } from './auditor.store.ts';
import { requireActor } from '../identity/identity.access.ts';

/**
 * D10.11: the external auditor's API: its appointments, the records of a release it is appointed
 * for (every read logged in the audit trail), evidence downloads and its access requests.
 */
export function registerAuditorWorkspaceRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['auditor'];

  app.get(
    '/api/v1/auditor/appointments',
    {
      schema: {
        summary: 'The appointments of your auditor organisation (External Auditor)',
        tags,
        response: withErrors({ 200: Type.Array(AppointmentSchema) }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, isExternalAuditor);
      if (principal.organisationId === null) return [];
      const rows = await appointmentsOfOrganisation(app.ctx.db, principal.organisationId);
      return rows.map((a) => presentAppointment(a));
    },
  );

  app.get(
    '/api/v1/auditor/releases/:id/records',
    {
      schema: {
        summary:
          'The records of a release you are the appointed auditor of; the read is logged (External Auditor)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ReleaseRecordsSchema }),
      },
    },
    async (request) => {
      const records = await readReleaseRecords(
        app.ctx,
        request.principal,
        request.params.id,
        'api',
      );
      const release = await findRelease(app.ctx.db, request.params.id);
      return presentRecords(release ?? { id: request.params.id, name: '' }, records);
    },
  );

  app.get(
    '/api/v1/auditor/releases/:id/evidence/:evidenceId',
    {
      schema: {
        summary:
          'Download an evidence file of the release; the download is logged (External Auditor)',
        tags,
        params: EvidenceParams,
        produces: ['application/octet-stream'],
        response: withErrors({ 200: Type.Unsafe({ type: 'string', format: 'binary' }) }),
      },
    },
    async (request, reply) => {
      const file = await downloadEvidence(
        app.ctx,
        request.principal,
        request.params.id,
        request.params.evidenceId,
        'api',
      );
      return sendDownload(reply, file);
    },
  );

  app.post(
    '/api/v1/auditor/releases/:id/access-requests',
    {
      schema: {
        summary:
          'Ask the DCC for access to records, test results, a test laboratory or test witnessing (External Auditor)',
        tags,
        params: IdParams,
        body: AccessRequestBody,
        response: withErrors({ 201: AccessRequestSchema }),
      },
    },
    async (request, reply) => {
      const made = await requestAccess(app.ctx, request.principal, request.params.id, {
        kind: request.body.kind,
        detail: request.body.detail,
        wantedOn: request.body.wantedOn ?? '',
      });
      return reply.status(201).send(presentAccessRequest(made));
    },
  );
}

import { TEST_PHASE_KIND_NAMES, TEST_PHASE_STATUS_NAMES } from '../testing/testing.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { formState, formText, submitForm, type FormState } from '../../web/forms.ts';
import { sendDownload } from '../../web/uploads.ts';
import { findRelease } from '../release/release.queries.ts';
import { downloadEvidence, readReleaseRecords, requestAccess } from './auditor-access.actions.ts';
import { jsonLines, ridSectionLines } from './auditor-records.present.ts';
import { isExternalAuditor } from './auditor.access.ts';
import {
  accessRequestsOfRelease,
  appointmentsOfOrganisation,
  appointmentsOfRelease,
} from './auditor.store.ts';
import {
  ACCESS_KINDS,
  ACCESS_KIND_NAMES,
  ACCESS_STATUS_NAMES,
  APPOINTER_NAMES,
  APPOINTMENT_STATUS_NAMES,
} from './auditor.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type EvidenceRequest = FastifyRequest<{ Params: { id: string; evidenceId: string } }>;

/**
 * D10.11: the auditor's read-only view of a release it is appointed for. Reading the records
 * writes `auditor.accessed` to the audit trail before the page is sent, whether the page is
 * shown on its own or again with a refused form.
 */
async function renderRecords(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const records = await readReleaseRecords(app.ctx, request.principal, id, 'page');
  const release = await findRelease(app.ctx.db, id);
  if (!release) throw new AppError('not_found', `There is no release ${id}`);
  const organisationId = request.principal?.organisationId ?? null;
  const mine = (await appointmentsOfRelease(app.ctx.db, id)).filter(
    (a) => a.organisationId === organisationId,
  );
  const requests = (await accessRequestsOfRelease(app.ctx.db, id)).filter(
    (r) => r.organisationId === organisationId,
  );
  const values = state.values ?? {};
  return reply.page(
    'auditor-records.njk',
    {
      title: `Auditor’s view: ${release.name}`,
      release,
      appointments: mine.filter((a) => a.status === 'appointed'),
      ridVersions: records.ridVersions.map((v) => ({ ...v, lines: ridSectionLines(v.sections) })),
      testPhases: records.testPhases.map((p) => ({
        ...p,
        kindName: TEST_PHASE_KIND_NAMES[p.kind],
        statusName: TEST_PHASE_STATUS_NAMES[p.status],
        defectLines: jsonLines(p.defects),
      })),
      readinessReports: records.readinessReports.map((r) => ({
        ...r,
        measureLines: jsonLines(r.measures),
      })),
      evidence: records.evidence,
      dccInfoRequests: records.dccInfoRequests,
      requests: requests.map((r) => ({
        ...r,
        kindName: ACCESS_KIND_NAMES[r.kind],
        statusName: ACCESS_STATUS_NAMES[r.status],
      })),
      kindItems: ACCESS_KINDS.map((k) => ({
        value: k,
        text: ACCESS_KIND_NAMES[k],
        checked: values.kind === k,
      })),
      today: todayOf(app.ctx.now()),
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values,
    },
    status,
  );
}

/** A refused request for access; an auditor no longer signed in is not shown the form again. */
function signedInStateOf(error: unknown, request: FastifyRequest, form: string): FormState {
  if (error instanceof AppError && error.code === 'unauthenticated') throw error;
  return formState(error, request, form);
}

/** The external auditor's workspace pages (D10.11). */
export function registerAuditorWorkspacePages(app: FastifyInstance): void {
  const hide = { schema: { hide: true } };

  app.get('/auditor', hide, async (request, reply) => {
    const principal = requireActor(request.principal, isExternalAuditor);
    const rows =
      principal.organisationId === null
        ? []
        : await appointmentsOfOrganisation(app.ctx.db, principal.organisationId);
    return reply.page('auditor-workspace.njk', {
      title: 'Your audit appointments',
      appointments: rows.map((a) => ({
        ...a,
        appointerName: APPOINTER_NAMES[a.appointedBy],
        statusName: APPOINTMENT_STATUS_NAMES[a.status],
      })),
    });
  });

  app.get('/auditor/releases/:id', hide, (request: IdRequest, reply) =>
    renderRecords(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.get(
    '/auditor/releases/:id/evidence/:evidenceId',
    hide,
    async (request: EvidenceRequest, reply) => {
      const file = await downloadEvidence(
        app.ctx,
        request.principal,
        parseId(request.params.id, 'release'),
        parseId(request.params.evidenceId, 'evidence file'),
        'page',
      );
      return sendDownload(reply, file);
    },
  );

  app.post('/auditor/releases/:id/access-requests', hide, (request: IdRequest, reply) => {
    const id = parseId(request.params.id, 'release');
    return submitForm(request, reply, {
      form: 'access',
      stateOf: signedInStateOf,
      run: async () => {
        const made = await requestAccess(app.ctx, request.principal, id, {
          kind: formText(request, 'kind'),
          detail: formText(request, 'detail'),
          wantedOn: formText(request, 'wantedOn'),
        });
        return {
          notice: `Your request for ${ACCESS_KIND_NAMES[made.kind].toLowerCase()} has been sent to the DCC.`,
          to: `/auditor/releases/${id}`,
        };
      },
      again: (state, status) => renderRecords(app, request, reply, id, state, status),
    });
  });
}

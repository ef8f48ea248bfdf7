import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { formNumber, formText, submitForm, type FormState } from '../../web/forms.ts';
import { findRelease } from '../release/release.queries.ts';
import { answerAccessRequest } from './auditor-access.actions.ts';
import {
  approveTermsOfReference,
  endAppointment,
  nameAuditor,
  proposeAppointment,
} from './auditor.actions.ts';
import {
  canActForDcc,
  canManageAuditors,
  canReadAccessLog,
  canReadAppointments,
} from './auditor.access.ts';
import { accessLogOf, describeRead } from './auditor.present.ts';
import {
  accessRequestsOfRelease,
  appointmentsOfRelease,
  auditorOrganisations,
} from './auditor.store.ts';
import {
  ACCESS_KIND_NAMES,
  ACCESS_STATUS_NAMES,
  APPOINTER_NAMES,
  APPOINTMENT_STATUS_NAMES,
} from './auditor.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type ItemRequest = FastifyRequest<{ Params: { id: string; itemId: string } }>;

/** D10.11: a release's external auditor for the Panel, SECAS, the Authority and the DCC. */
async function renderAuditor(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  requireActor(request.principal, canReadAppointments);
  const release = await findRelease(app.ctx.db, id);
  if (!release) throw new AppError('not_found', `There is no release ${id}`);
  const principal = request.principal;
  const appointments = await appointmentsOfRelease(app.ctx.db, id);
  const requests = await accessRequestsOfRelease(app.ctx.db, id);
  const organisations = await auditorOrganisations(app.ctx.db);
  return reply.page(
    'auditor-release.njk',
    {
      title: `External auditor: ${release.name}`,
      release,
      appointments: appointments.map((a) => ({
        ...a,
        appointerName: APPOINTER_NAMES[a.appointedBy],
        statusName: APPOINTMENT_STATUS_NAMES[a.status],
        mayName: canActForDcc(principal) && a.appointedBy === 'dcc' && a.status === 'proposed',
        mayApprove: canManageAuditors(principal) && a.status === 'proposed',
        mayEnd: canManageAuditors(principal) && a.status !== 'ended',
      })),
      requests: requests.map((r) => ({
        ...r,
        kindName: ACCESS_KIND_NAMES[r.kind],
        statusName: ACCESS_STATUS_NAMES[r.status],
        mayAnswer:
          canActForDcc(principal) && r.status === 'open' && r.appointmentStatus === 'appointed',
      })),
      accessLog: canReadAccessLog(principal)
        ? (await accessLogOf(app.ctx.db, id)).map((e) => ({ ...e, what: describeRead(e.read) }))
        : null,
      organisationItems: (selected: string) => [
        { value: '', text: 'Choose an auditor organisation', selected: selected === '' },
        ...organisations.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: selected === String(o.id),
        })),
      ],
      mayPropose: canManageAuditors(principal),
      today: todayOf(app.ctx.now()),
      form: state.form,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values: state.values ?? {},
    },
    status,
  );
}

/** A chosen organisation's id, or null when none (or not a whole number) was chosen. */
function optionalId(text: string): number | null {
  const id = Number(text);
  return text !== '' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Runs a form's use case: redirect with a notice, or the page again with the error. */
async function submit(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  form: string,
  work: () => Promise<string>,
) {
  return submitForm(request, reply, {
    form,
    run: async () => ({ notice: await work(), to: `/releases/${id}/auditor` }),
    again: (state, status) => renderAuditor(app, request, reply, id, state, status),
  });
}

/** The Panel's page for a release's external auditor and its forms (D10.11). */
export function registerAuditorPages(app: FastifyInstance): void {
  const hide = { schema: { hide: true } };

  app.get('/releases/:id/auditor', hide, (request: IdRequest, reply) =>
    renderAuditor(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post('/releases/:id/auditor/appointments', hide, async (request: IdRequest, reply) => {
    const principal = requireActor(request.principal, canManageAuditors);
    const id = parseId(request.params.id, 'release');
    return submit(app, request, reply, id, 'propose', async () => {
      const made = await proposeAppointment(app.ctx, principal, id, {
        appointedBy: formText(request, 'appointedBy'),
        organisationId: optionalId(formText(request, 'organisationId')),
        termsOfReference: formText(request, 'termsOfReference'),
      });
      return made.appointedBy === 'dcc'
        ? 'The Panel’s requirement for the DCC to appoint an auditor has been recorded; the DCC has been told.'
        : 'The appointment has been recorded: it takes effect when the Panel approves the terms of reference.';
    });
  });

  /** A form on one appointment: the DCC's naming, the Panel's approval, its end. */
  const onAppointment = (
    path: string,
    allowed: Parameters<typeof requireActor>[1],
    form: string,
    run: (
      principal: ReturnType<typeof requireActor>,
      request: ItemRequest,
      ids: { id: number; itemId: number; version: number },
    ) => Promise<string>,
  ) =>
    app.post(
      `/releases/:id/auditor/appointments/:itemId/${path}`,
      hide,
      (request: ItemRequest, reply) => {
        const principal = requireActor(request.principal, allowed);
        const id = parseId(request.params.id, 'release');
        const itemId = parseId(request.params.itemId, 'appointment');
        return submit(app, request, reply, id, `${form}-${itemId}`, () =>
          run(principal, request, { id, itemId, version: formNumber(request, 'version') || 0 }),
        );
      },
    );

  onAppointment('organisation', canActForDcc, 'name', async (principal, request, ids) => {
    await nameAuditor(app.ctx, principal, ids.id, ids.itemId, {
      organisationId: optionalId(formText(request, 'organisationId')),
      version: ids.version,
    });
    return 'The DCC’s auditor has been named; the Panel now approves the terms of reference.';
  });

  onAppointment('approval', canManageAuditors, 'approve', async (principal, request, ids) => {
    await approveTermsOfReference(app.ctx, principal, ids.id, ids.itemId, {
      approvedOn: formText(request, 'approvedOn'),
      version: ids.version,
    });
    return 'The terms of reference are approved: the auditor is appointed.';
  });

  onAppointment('end', canManageAuditors, 'end', async (principal, request, ids) => {
    await endAppointment(app.ctx, principal, ids.id, ids.itemId, {
      reason: formText(request, 'reason'),
      version: ids.version,
    });
    return 'The appointment has ended: the auditor can no longer read the release’s records.';
  });

  app.post(
    '/releases/:id/auditor/access-requests/:itemId/answer',
    hide,
    async (request: ItemRequest, reply) => {
      const principal = requireActor(request.principal, canActForDcc);
      const id = parseId(request.params.id, 'release');
      const itemId = parseId(request.params.itemId, 'access request');
      return submit(app, request, reply, id, `answer-${itemId}`, async () => {
        const answered = await answerAccessRequest(app.ctx, principal, id, itemId, {
          outcome: formText(request, 'outcome'),
          answer: formText(request, 'answer'),
          arrangedOn: formText(request, 'arrangedOn'),
          version: formNumber(request, 'version') || 0,
        });
        return `The request has been ${answered.status}; the auditor has been told.`;
      });
    },
  );
}

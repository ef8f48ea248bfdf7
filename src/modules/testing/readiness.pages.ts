import { longDate } from '../../calendar/date-words.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText, formValues, type FormState } from '../../web/forms.ts';
import { acceptUploads, uploadsOf } from '../../web/uploads.ts';
import { submitReadinessReport } from './readiness.actions.ts';
import { canReadTestDetail, canSubmitReadinessReports } from './testing.access.ts';
import { testingView } from './testing.present.ts';
import { requireActor } from '../identity/identity.access.ts';

type ReportRequest = FastifyRequest<{ Params: { id: string; due: string } }>;

/** The form field of the n-th measure the RID names (names are free text, so fields are numbered). */
const measureField = (index: number) => `measure${index + 1}`;

/** A report's values in the RID's order of measures (jsonb does not keep key order), then any others. */
function measureRows(named: readonly string[], values: Record<string, string>) {
  const names = [
    ...named.filter((n) => n in values),
    ...Object.keys(values).filter((n) => !named.includes(n)),
  ];
  return names.map((name) => ({ key: { text: name }, value: { text: values[name] ?? '' } }));
}

/** D10.13(c): one due date of the schedule: the submitted report, or the DCC's form to submit it. */
async function renderReport(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  due: string,
  state: Partial<FormState> = {},
  status = 200,
) {
  const view = await testingView(app.ctx, id, request.principal);
  const entry = view.schedule.find((r) => r.periodDue === due);
  if (!entry) throw new AppError('not_found', `No readiness report is due on ${due}`);
  const open = view.rid !== undefined && !['closed', 'cancelled'].includes(view.release.status);
  return reply.page(
    'readiness-report.njk',
    {
      title: `Readiness report due ${longDate(due)}: ${view.release.name}`,
      release: view.release,
      entry,
      detail: canReadTestDetail(request.principal),
      mayReport:
        open &&
        entry.state !== 'submitted' &&
        entry.state !== 'upcoming' &&
        canSubmitReadinessReports(request.principal),
      measureFields: view.measures.map((name, index) => ({ name, field: measureField(index) })),
      measureRows: measureRows(view.measures, entry.measures ?? {}),
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values: state.values ?? {},
    },
    status,
  );
}

/** The readiness report pages (D10.13(c)). */
export function registerReadinessPages(app: FastifyInstance): void {
  const dueOf = (request: ReportRequest) => {
    if (!isIsoDate(request.params.due)) throw new AppError('not_found', 'No such due date');
    return request.params.due;
  };

  app.get(
    '/releases/:id/testing/reports/:due',
    { schema: { hide: true } },
    (request: ReportRequest, reply) =>
      renderReport(app, request, reply, parseId(request.params.id, 'release'), dueOf(request)),
  );

  app.register(async (scoped) => {
    await acceptUploads(scoped);
    scoped.post(
      '/releases/:id/testing/reports/:due',
      { schema: { hide: true } },
      async (request: ReportRequest, reply) => {
        const principal = requireActor(request.principal, canSubmitReadinessReports);
        const id = parseId(request.params.id, 'release');
        const due = dueOf(request);
        const view = await testingView(app.ctx, id, principal);
        const measures = Object.fromEntries(
          view.measures.map((name, index) => [name, formText(request, measureField(index))]),
        );
        try {
          await submitReadinessReport(
            app.ctx,
            principal,
            id,
            { periodDue: due, measures, summary: formText(request, 'summary') },
            uploadsOf(request),
          );
          setNotice(reply, `The readiness report due ${due} has been submitted.`);
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
          // A missing measure points at the first empty measure field.
          const firstEmpty = view.measures.findIndex((name) => (measures[name] ?? '') === '');
          const fieldIds = {
            measures: `report-${measureField(Math.max(firstEmpty, 0))}`,
            summary: 'report-summary',
            file: 'report-file',
            periodDue: 'report-due',
          };
          const errors = formErrors(error, fieldIds, request);
          const field = error instanceof AppError ? error.field : undefined;
          const state: FormState = {
            errors,
            fieldErrors: field && errors[0] ? { [field]: { text: errors[0].text } } : {},
            values: formValues(request),
          };
          const status = error instanceof AppError ? error.status : 400;
          return renderReport(app, request, reply, id, due, state, status);
        }
        return reply.redirect(`/releases/${id}/testing#readiness`, 303);
      },
    );
  });
}

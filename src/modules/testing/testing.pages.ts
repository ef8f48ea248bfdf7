import { countOf } from '../../calendar/count-words.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { formatDate } from '../../calendar/format.ts';
import { formText, submitForm, type FormState } from '../../web/forms.ts';
import { acceptUploads, uploadsOf } from '../../web/uploads.ts';
import { RELEASE_STATUS_NAMES } from '../release/release.ts';
import { uploadPhaseEvidence } from './test-evidence.actions.ts';
import { addTestPhase, createPhasesFromRid, recordPhaseResults } from './testing.actions.ts';
import {
  canPlanTestPhases,
  canReadTestDetail,
  canRecordTestResults,
  canSubmitReadinessReports,
} from './testing.access.ts';
import { testingView } from './testing.present.ts';
import { reportsOf } from './testing.store.ts';
import { phaseRecordsOf } from './readiness-history.store.ts';
import {
  defectsChart,
  reportLabel,
  resultsAtReports,
  SEVERITY_NAMES,
  testsChart,
} from './readiness-chart.present.ts';
import {
  ADDED_PHASE_KINDS,
  DEFECT_SEVERITIES,
  PHASE_TRANSITIONS,
  TEST_PHASE_KIND_NAMES,
  TEST_PHASE_STATUS_NAMES,
} from './testing.ts';
import { requireActor } from '../identity/identity.access.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type PhaseRequest = FastifyRequest<{ Params: { id: string; phaseId: string } }>;

const CLOSED = ['closed', 'cancelled'];

/** D10.13(b)(c), D10.16: the release's plan against actual: phases and the readiness schedule. */
async function renderTesting(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const view = await testingView(app.ctx, id, request.principal);
  const open = view.rid !== undefined && !CLOSED.includes(view.release.status);
  const values = state.values ?? {};
  // Issue 13: the results as they stood at each readiness report, drawn and tabled.
  const progress = resultsAtReports(
    await reportsOf(app.ctx.db, id),
    await phaseRecordsOf(
      app.ctx.db,
      view.phases.map((p) => p.id),
    ),
  );
  return reply.page(
    'testing.njk',
    {
      title: `DCC testing and readiness: ${view.release.name}`,
      ...view,
      progress: progress.map((p) => ({ ...p, label: reportLabel(p.due) })),
      testsChart: progress.length > 0 ? testsChart(progress) : null,
      defectsChart: progress.length > 0 ? defectsChart(progress) : null,
      severityNames: SEVERITY_NAMES,
      statusName: RELEASE_STATUS_NAMES[view.release.status],
      missingWords: view.missing.map(formatDate).join(', '),
      mayPlan: open && canPlanTestPhases(request.principal),
      mayReport: open && canSubmitReadinessReports(request.principal),
      fromRidDone: ['dcc_sit', 'user_testing'].every((kind) =>
        view.phases.some((p) => p.kind === kind),
      ),
      kindItems: ADDED_PHASE_KINDS.map((kind) => ({
        value: kind,
        text: TEST_PHASE_KIND_NAMES[kind],
        checked: values.kind === kind,
      })),
      form: state.form,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values,
    },
    status,
  );
}

/** D10.16: one phase, the DCC's results form and its evidence upload. */
async function renderPhase(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  phaseId: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const view = await testingView(app.ctx, id, request.principal);
  const phase = view.phases.find((p) => p.id === phaseId);
  if (!phase) throw new AppError('not_found', `Release ${id} has no test phase ${phaseId}`);
  const open = view.rid !== undefined && !CLOSED.includes(view.release.status);
  const current: Record<string, string> = {
    status: phase.status,
    actualStart: phase.actualStart ?? '',
    actualEnd: phase.actualEnd ?? '',
    testsPassed: String(phase.testsPassed),
    testsFailed: String(phase.testsFailed),
    notes: phase.notes,
    ...Object.fromEntries(DEFECT_SEVERITIES.map((s) => [`defects.${s}`, String(phase.defects[s])])),
  };
  const values = state.form === 'results' && state.values ? state.values : current;
  const statuses = [phase.status, ...PHASE_TRANSITIONS[phase.status]];
  return reply.page(
    'testing-phase.njk',
    {
      title: `${phase.name}: ${view.release.name}`,
      release: view.release,
      phase,
      detail: canReadTestDetail(request.principal),
      mayRecord: open && canRecordTestResults(request.principal),
      statusItems: statuses.map((s) => ({
        value: s,
        text: TEST_PHASE_STATUS_NAMES[s],
        checked: values.status === s,
      })),
      severities: DEFECT_SEVERITIES,
      form: state.form,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values,
    },
    status,
  );
}

/** A whole number typed in a form; '' counts as 0, anything else not a number as NaN. */
export function formCount(request: FastifyRequest, name: string): number {
  const text = formText(request, name);
  return text === '' ? 0 : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/** The DCC testing pages (D10.13(b)(c), D10.16). */
export function registerTestingPages(app: FastifyInstance): void {
  /** Runs a form of the testing page; a refusal shows that page again. */
  const onTesting = (
    request: IdRequest,
    reply: FastifyReply,
    id: number,
    form: string,
    run: () => Promise<string>,
  ) =>
    submitForm(request, reply, {
      form,
      run: async () => ({ notice: await run(), to: `/releases/${id}/testing` }),
      again: (state, status) => renderTesting(app, request, reply, id, state, status),
    });

  /** Runs a form of a phase's page; a refusal shows that page again. */
  const onPhase = (
    request: PhaseRequest,
    reply: FastifyReply,
    [id, phaseId]: [number, number],
    form: string,
    to: string,
    run: () => Promise<string>,
  ) =>
    submitForm(request, reply, {
      form,
      run: async () => ({ notice: await run(), to }),
      again: (state, status) => renderPhase(app, request, reply, id, phaseId, state, status),
    });

  app.get('/releases/:id/testing', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderTesting(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post(
    '/releases/:id/testing/phases/from-rid',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canPlanTestPhases);
      const id = parseId(request.params.id, 'release');
      return onTesting(request, reply, id, 'fromrid', async () => {
        const created = await createPhasesFromRid(app.ctx, principal, id);
        return `Created from the approved RID: ${created.map((p) => p.name).join(', ')}.`;
      });
    },
  );

  app.post(
    '/releases/:id/testing/phases',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canPlanTestPhases);
      const id = parseId(request.params.id, 'release');
      return onTesting(request, reply, id, 'phase', async () => {
        const phase = await addTestPhase(app.ctx, principal, id, {
          name: formText(request, 'name'),
          kind: formText(request, 'kind'),
          plannedStart: formText(request, 'plannedStart'),
          plannedEnd: formText(request, 'plannedEnd'),
        });
        return `The test phase “${phase.name}” has been added.`;
      });
    },
  );

  app.get(
    '/releases/:id/testing/phases/:phaseId',
    { schema: { hide: true } },
    (request: PhaseRequest, reply) =>
      renderPhase(
        app,
        request,
        reply,
        parseId(request.params.id, 'release'),
        parseId(request.params.phaseId, 'test phase'),
      ),
  );

  app.post(
    '/releases/:id/testing/phases/:phaseId',
    { schema: { hide: true } },
    (request: PhaseRequest, reply) => {
      const principal = requireActor(request.principal, canRecordTestResults);
      const id = parseId(request.params.id, 'release');
      const phaseId = parseId(request.params.phaseId, 'test phase');
      const to = `/releases/${id}/testing/phases/${phaseId}`;
      return onPhase(request, reply, [id, phaseId], 'results', to, async () => {
        await recordPhaseResults(app.ctx, principal, id, phaseId, {
          status: formText(request, 'status'),
          actualStart: formText(request, 'actualStart') || null,
          actualEnd: formText(request, 'actualEnd') || null,
          testsPassed: formCount(request, 'testsPassed'),
          testsFailed: formCount(request, 'testsFailed'),
          defects: Object.fromEntries(
            DEFECT_SEVERITIES.map((s) => [s, formCount(request, `defects.${s}`)]),
          ),
          notes: formText(request, 'notes'),
          version: formCount(request, 'version'),
        });
        return 'The phase’s results have been recorded.';
      });
    },
  );

  app.register(async (scoped) => {
    await acceptUploads(scoped);
    scoped.post(
      '/releases/:id/testing/phases/:phaseId/evidence',
      { schema: { hide: true } },
      (request: PhaseRequest, reply) => {
        const principal = requireActor(request.principal, canRecordTestResults);
        const id = parseId(request.params.id, 'release');
        const phaseId = parseId(request.params.phaseId, 'test phase');
        const to = `/releases/${id}/testing/phases/${phaseId}#evidence`;
        return onPhase(request, reply, [id, phaseId], 'evidence', to, async () => {
          const ids = await uploadPhaseEvidence(
            app.ctx,
            principal,
            id,
            phaseId,
            uploadsOf(request),
          );
          return `${countOf(ids.length, 'evidence file')} uploaded.`;
        });
      },
    );
  });
}

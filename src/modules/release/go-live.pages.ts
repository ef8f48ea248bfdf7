import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId, setNotice } from '../../http/app.ts';
import { authorise } from '../../http/auth.ts';
import { formText } from '../../web/forms.ts';
import { todayOf } from '../policy/policy.actions.ts';
import { canRecordGoLive } from './cost.policy.ts';
import { goLiveDecisionsOf, recordGoLiveDecision } from './go-live.actions.ts';
import { GO_LIVE_OUTCOME_NAMES, GO_LIVE_OUTCOMES, type GoLiveCriterion } from './go-live.ts';
import { formNumber, formState, statusOf, type FormState } from './release-page-data.ts';
import { RELEASE_STATUS_NAMES } from './release.ts';
import { findRelease } from './release.store.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** The decision form has a fixed number of criterion rows; empty rows are ignored. */
export const CRITERION_ROWS = 6;

/** The criteria entered on the form: rows with any text, in order. */
export function criteriaFromForm(request: FastifyRequest): GoLiveCriterion[] {
  const criteria: GoLiveCriterion[] = [];
  for (let n = 1; n <= CRITERION_ROWS; n++) {
    const row = {
      id: formText(request, `criterion${n}Id`),
      text: formText(request, `criterion${n}Text`),
      met: formText(request, `criterion${n}Met`) === 'yes',
      evidence: formText(request, `criterion${n}Evidence`),
    };
    if (row.id !== '' || row.text !== '' || row.evidence !== '') criteria.push(row);
  }
  return criteria;
}

/** D10.8(e), ruling 10: the go-live decision page: the form and the past decisions. */
async function renderGoLive(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const release = await findRelease(app.ctx.db, id);
  if (!release) throw new AppError('not_found', `There is no release ${id}`);
  const values = state.values ?? {};
  const decisions = await goLiveDecisionsOf(app.ctx.db, id);
  return reply.page(
    'release-go-live.njk',
    {
      title: `Go-live decision: ${release.name}`,
      release,
      statusName: RELEASE_STATUS_NAMES[release.status],
      decisions: decisions.map((d) => ({ ...d, outcomeName: GO_LIVE_OUTCOME_NAMES[d.outcome] })),
      mayDecide:
        canRecordGoLive(request.principal) &&
        !['live', 'closed', 'cancelled'].includes(release.status),
      rows: Array.from({ length: CRITERION_ROWS }, (_, index) => index + 1),
      outcomeItems: GO_LIVE_OUTCOMES.map((o) => ({
        value: o,
        text: GO_LIVE_OUTCOME_NAMES[o],
        checked: values.outcome === o,
      })),
      today: todayOf(app.ctx.now()),
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values,
    },
    status,
  );
}

/** The go-live decision pages (D10.8(e)). */
export function registerGoLivePages(app: FastifyInstance): void {
  app.get('/releases/:id/go-live', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderGoLive(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post(
    '/releases/:id/go-live',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = authorise(request, canRecordGoLive);
      const id = parseId(request.params.id, 'release');
      try {
        const decision = await recordGoLiveDecision(app.ctx, principal, id, {
          decidedOn: formText(request, 'decidedOn'),
          outcome: formText(request, 'outcome'),
          criteria: criteriaFromForm(request),
          conditions: formText(request, 'conditions'),
          deferredTo: formText(request, 'deferredTo'),
          reasons: formText(request, 'reasons'),
          version: formNumber(request, 'version') || 0,
        });
        setNotice(
          reply,
          decision.outcome === 'defer'
            ? `The Panel deferred the release to ${decision.deferred_to ?? ''}.`
            : `The Panel’s decision (${GO_LIVE_OUTCOME_NAMES[decision.outcome].toLowerCase()}) has been recorded: the release is live.`,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
        const state = formState(error, request, 'golive');
        return renderGoLive(app, request, reply, id, state, statusOf(error));
      }
      return reply.redirect(`/releases/${id}/go-live`, 303);
    },
  );
}

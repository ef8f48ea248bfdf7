import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseId } from '../../http/params.ts';
import {
  DECIDING_BODY_NAMES,
  DECISION_KINDS,
  DECISION_KIND_NAMES,
  OUTCOME_NAMES,
  bodyOf,
  ruleOnDecision,
} from '../decision/decision.ts';
import { canRecordDecision } from '../decision/decision.access.ts';
import type { Principal } from '../identity/identity.ts';
import { hasAnyRole, requireActor } from '../identity/identity.access.ts';
import { AGENDA_KIND_NAMES, MEETING_KIND_NAMES } from '../meeting/meeting.ts';
import { fieldErrorsOf } from '../meeting/meeting.pages.ts';
import { canCompleteAction } from '../meeting/meeting.access.ts';
import { listActionOwners } from '../meeting/meeting.store.ts';
import { PATH_NAMES, STATUS_NAMES } from '../modification/modification.ts';
import {
  CHALLENGE_KINDS,
  CHALLENGE_KIND_NAMES,
  REQUEST_STATUS_NAMES,
  TIMETABLE_SOURCE_NAMES,
  challengeProblem,
  isImplementing,
  timetableAmendmentRefusal,
} from '../timetable/timetable.ts';
import {
  canAmendTimetables,
  canAnswerTimetableRequests,
  canDecideDelay,
  canMakeRepresentations,
  canReadImplementation,
  canRecordChallenges,
  canRequestNewTimetables,
} from '../timetable/timetable.access.ts';
import { registerImplementationForms } from './implementation.forms.ts';
import { implementationRecord, type ImplementationRecord } from './implementation.view.ts';
import { todayOf } from '../../calendar/deadline.ts';

type ErrorItem = { text: string; href: string };

/** What a re-rendered page carries after a refused form: the errors and the values typed. */
export interface PageExtra {
  errors?: ErrorItem[];
  values?: Record<string, Record<string, string>>;
}

/** The forms this person may use on this modification's implementation page, now. */
function formsFor(principal: Principal, record: ImplementationRecord) {
  const m = record.modification;
  const implementing = isImplementing(m.status);
  const decisionKinds = DECISION_KINDS.filter(
    (kind) => canRecordDecision(principal, kind) && ruleOnDecision(m, kind, 'approve').allowed,
  );
  const amendRefusal = timetableAmendmentRefusal(m);
  return {
    decisionKinds,
    amendTimetable: canAmendTimetables(principal) && amendRefusal === null,
    timetableFixed: canAmendTimetables(principal) && amendRefusal?.code === 'path1_timetable_fixed',
    representation: implementing && canMakeRepresentations(principal),
    chooseRepresenter: hasAnyRole(principal, ['code_administrator']),
    request: implementing && canRequestNewTimetables(principal),
    answerRequests: canAnswerTimetableRequests(principal),
    challenge:
      canRecordChallenges(principal) &&
      challengeProblem({ ...m, approvedBy: m.approved_by }) === null,
    decideDelay: canDecideDelay(principal),
    completable: record.actions
      .filter(
        (action) =>
          action.status === 'open' && canCompleteAction(principal, action.ownerOrganisationId),
      )
      .map((action) => action.id),
  };
}

/** Renders a modification's decisions and implementation page, with the viewer's forms. */
export async function renderImplementation(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  modificationId: number,
  extra: PageExtra = {},
  status = 200,
) {
  const principal = requireActor(request.principal, canReadImplementation);
  const today = todayOf(app.ctx.now());
  const record = await implementationRecord(app.ctx.db, modificationId, today);
  const forms = formsFor(principal, record);
  const errors = extra.errors ?? [];
  const needsOrganisations = forms.chooseRepresenter && forms.representation;
  return reply.page(
    'implementation.njk',
    {
      title: `${record.modification.reference}: decisions and implementation`,
      m: record.modification,
      record,
      forms,
      today,
      pathName: record.modification.path ? PATH_NAMES[record.modification.path] : 'No path yet',
      statusName: STATUS_NAMES[record.modification.status],
      decisionKindNames: DECISION_KIND_NAMES,
      outcomeNames: OUTCOME_NAMES,
      bodyNames: Object.fromEntries(
        DECISION_KINDS.map((kind) => [kind, DECIDING_BODY_NAMES[bodyOf(kind)]]),
      ),
      sourceNames: TIMETABLE_SOURCE_NAMES,
      agendaKindNames: AGENDA_KIND_NAMES,
      meetingKindNames: MEETING_KIND_NAMES,
      requestStatusNames: REQUEST_STATUS_NAMES,
      challengeKindNames: CHALLENGE_KIND_NAMES,
      challengeKinds: CHALLENGE_KINDS,
      organisations: needsOrganisations
        ? (await listActionOwners(app.ctx.db)).filter((o) => o.kind !== 'code_administrator')
        : [],
      outstanding: record.challenges.filter((challenge) => challenge.requestOutstanding),
      errors,
      fieldErrors: fieldErrorsOf(errors),
      values: extra.values ?? {},
    },
    status,
  );
}

/** The implementation page of a modification (D9, D10.1–D10.6) and its forms. */
export function registerImplementationPages(app: FastifyInstance): void {
  app.get<{ Params: { id: string } }>(
    '/modifications/:id/implementation',
    { schema: { hide: true } },
    (request, reply) =>
      renderImplementation(app, request, reply, parseId(request.params.id, 'modification')),
  );
  registerImplementationForms(app);
}

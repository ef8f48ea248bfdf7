import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fieldErrorsOf } from '../../web/forms.ts';
import {
  DECIDING_BODY_NAMES,
  DECISION_KINDS,
  DECISION_KIND_NAMES,
  OUTCOME_NAMES,
  bodyOf,
} from '../decision/decision.ts';
import { requireActor } from '../identity/identity.access.ts';
import { AGENDA_KIND_NAMES, MEETING_KIND_NAMES } from '../meeting/meeting.ts';
import { listActionOwners } from '../meeting/meeting.queries.ts';
import { PATH_NAMES, STATUS_NAMES } from '../modification/modification.ts';
import {
  CHALLENGE_KINDS,
  CHALLENGE_KIND_NAMES,
  REQUEST_STATUS_NAMES,
  TIMETABLE_SOURCE_NAMES,
} from '../timetable/timetable.ts';
import { canReadImplementation } from '../timetable/timetable.access.ts';
import { implementationRecord } from './implementation.queries.ts';
import { formsFor } from './implementation.present.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { historySourcesOf } from '../history/history.queries.ts';
import { heldOutsideView } from '../history/history.present.ts';
import { cutOverOf } from '../installation/installation.queries.ts';

type ErrorItem = { text: string; href: string };

/** What a re-rendered page carries after a refused form: the errors and the values typed. */
export interface PageExtra {
  errors?: ErrorItem[];
  values?: Record<string, Record<string, string>>;
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
  const sources = await historySourcesOf(
    app.ctx.db,
    'decision',
    record.decisions.map((d) => d.id),
  );
  return reply.page(
    'implementation.njk',
    {
      heldDecisions: Object.fromEntries(
        record.decisions.map((d) => [d.id, heldOutsideView(sources.get(d.id))]),
      ),
      title: `${record.modification.reference}: decisions and implementation`,
      m: record.modification,
      record,
      forms,
      today,
      cutOver: await cutOverOf(app.ctx.db),
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

import { countOf } from '../../calendar/count-words.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formatDate } from '../../calendar/format.ts';
import { formErrors, formId, formText, formVersion, formYesNo, statusOf } from '../../web/forms.ts';
import { recordDecision } from '../decision/decision.actions.ts';
import { DECISION_KIND_NAMES, isDecisionKind } from '../decision/decision.ts';
import { canRecordAnyDecision } from '../decision/decision.access.ts';
import type { Principal } from '../identity/identity.ts';
import { completeAction } from '../meeting/meeting-close.actions.ts';
import { declineRequest, requestNewTimetable } from '../timetable/authority-request.actions.ts';
import { recordDirection } from '../allocation/allocation-step.actions.ts';
import { decideDelay, recordChallenge } from '../timetable/challenge.actions.ts';
import { amendTimetable, recordRepresentation } from '../timetable/timetable.actions.ts';
import {
  canAmendTimetables,
  canAnswerTimetableRequests,
  canDecideDelay,
  canMakeRepresentations,
  canRecordChallenges,
  canRequestNewTimetables,
  canReadImplementation,
} from '../timetable/timetable.access.ts';
import { renderImplementation } from './implementation-page.pages.ts';
import { requireActor } from '../identity/identity.access.ts';

type Params = { id: string; itemId?: string };

/** One form on the page: who may post it, what it reads, what it does and what it says. */
interface FormSpec {
  path: string;
  policy: (principal: Principal | null) => boolean;
  /** The form's name on the page: its values and field ids are prefixed with it. */
  form: (itemId: number | null) => string;
  fields: readonly string[];
  anchor: string;
  run: (
    principal: Principal,
    request: FastifyRequest,
    ids: { modificationId: number; itemId: number },
    values: Record<string, string>,
  ) => Promise<string>;
}

const optional = (value: string): string | undefined => (value === '' ? undefined : value);

const FORMS: readonly FormSpec[] = [
  {
    path: 'decisions',
    policy: canRecordAnyDecision,
    form: () => 'decision',
    fields: ['kind', 'outcome', 'decidedOn', 'notes', 'sourceUrl', 'sourceSummary'],
    anchor: 'decisions',
    run: async (principal, request, ids, v) => {
      const result = await recordDecision(request.server.ctx, principal, ids.modificationId, {
        kind: v.kind ?? '',
        outcome: v.outcome ?? '',
        decidedOn: v.decidedOn ?? '',
        notes: v.notes,
        version: formVersion(request),
        sourceUrl: v.sourceUrl,
        sourceSummary: v.sourceSummary,
      });
      const kind = isDecisionKind(v.kind ?? '')
        ? DECISION_KIND_NAMES[v.kind as 'authority_decision']
        : 'Decision';
      const placed = result.placement
        ? ` It is on the agenda of the Panel meeting of ${formatDate(result.placement.heldOn)}${result.placement.latePaper ? ' as a late paper' : ''}.`
        : result.modification.approvedOn
          ? ' It is awaiting a Panel meeting: none is scheduled after the approval.'
          : '';
      return `${kind} recorded.${placed}`;
    },
  },
  {
    path: 'timetable',
    policy: canAmendTimetables,
    form: () => 'timetable',
    fields: ['implementationDate', 'description'],
    anchor: 'timetable',
    run: async (principal, request, ids, v) => {
      const entry = await amendTimetable(request.server.ctx, principal, ids.modificationId, {
        implementationDate: v.implementationDate ?? '',
        description: v.description,
        version: formVersion(request),
      });
      return `The implementation timetable now targets ${formatDate(entry.implementationDate)}.`;
    },
  },
  {
    path: 'representations',
    policy: canMakeRepresentations,
    form: () => 'representation',
    fields: ['text', 'fromOrganisationId'],
    anchor: 'representations',
    run: async (principal, request, ids, v) => {
      await recordRepresentation(request.server.ctx, principal, ids.modificationId, {
        text: v.text ?? '',
        fromOrganisationId: v.fromOrganisationId
          ? formId(request, 'fromOrganisationId', 'the organisation')
          : undefined,
      });
      return 'The representation has been recorded.';
    },
  },
  {
    path: 'requests',
    policy: canRequestNewTimetables,
    form: () => 'request',
    fields: ['reason', 'proposedDate', 'challengeId'],
    anchor: 'requests',
    run: async (principal, request, ids, v) => {
      await requestNewTimetable(request.server.ctx, principal, ids.modificationId, {
        reason: v.reason ?? '',
        proposedDate: optional(v.proposedDate ?? ''),
        challengeId: v.challengeId ? formId(request, 'challengeId', 'the challenge') : undefined,
      });
      return 'The request for a new timetable has been sent to the Authority.';
    },
  },
  {
    path: 'requests/:itemId/direction',
    policy: canAnswerTimetableRequests,
    form: (itemId) => `direction-${itemId}`,
    fields: ['implementationDate', 'directedOn'],
    anchor: 'requests',
    run: async (principal, request, ids, v) => {
      const result = await recordDirection(request.server.ctx, principal, ids.itemId, {
        implementationDate: v.implementationDate ?? '',
        directedOn: optional(v.directedOn ?? ''),
        version: formVersion(request),
      });
      const flagged =
        result.outOfStep.length === 0
          ? ''
          : ` ${countOf(result.outOfStep.length, 'allocation')} now out of step with the date and have been flagged to SECAS and the Panel (ruling 17).`;
      return `New timetable directed: implementation on ${formatDate(result.timetable.implementationDate)}; ${countOf(result.moved.length, 'open action')} moved.${flagged}`;
    },
  },
  {
    path: 'requests/:itemId/decline',
    policy: canAnswerTimetableRequests,
    form: (itemId) => `decline-${itemId}`,
    fields: ['reason'],
    anchor: 'requests',
    run: async (principal, request, ids, v) => {
      await declineRequest(request.server.ctx, principal, ids.itemId, {
        reason: v.reason,
        version: formVersion(request),
      });
      return 'The request has been declined; the timetable stays as it is.';
    },
  },
  {
    path: 'challenges',
    policy: canRecordChallenges,
    form: () => 'challenge',
    fields: ['kind', 'lodgedOn', 'details'],
    anchor: 'challenges',
    run: async (principal, request, ids, v) => {
      const { placement } = await recordChallenge(
        request.server.ctx,
        principal,
        ids.modificationId,
        {
          kind: v.kind ?? '',
          lodgedOn: v.lodgedOn ?? '',
          details: v.details,
        },
      );
      return placement
        ? `The challenge is recorded; the Panel decides on delay at its meeting of ${formatDate(placement.heldOn)}.`
        : 'The challenge is recorded; the Panel’s decision on delay awaits the next meeting to be scheduled.';
    },
  },
  {
    path: 'challenges/:itemId/delay-decision',
    policy: canDecideDelay,
    form: (itemId) => `delay-${itemId}`,
    fields: ['delayAppropriate', 'reason'],
    anchor: 'challenges',
    run: async (principal, request, ids, v) => {
      const delayAppropriate = formYesNo(
        request,
        'delayAppropriate',
        'Choose whether delay is appropriate',
      );
      await decideDelay(request.server.ctx, principal, ids.itemId, {
        delayAppropriate,
        reason: v.reason,
      });
      return delayAppropriate
        ? 'The Panel decided delay is appropriate: a request to the Authority is now required (D10.6).'
        : 'The Panel decided delay is not appropriate.';
    },
  },
  {
    path: 'actions/:itemId/complete',
    policy: canReadImplementation,
    form: (itemId) => `complete-${itemId}`,
    fields: [],
    anchor: 'actions',
    run: async (principal, request, ids) => {
      await completeAction(request.server.ctx, principal, ids.itemId, {
        version: formVersion(request),
      });
      return 'The action is marked done.';
    },
  },
];

/** The POST handlers of the implementation page: post, redirect, get; errors re-render it. */
export function registerImplementationForms(app: FastifyInstance): void {
  for (const spec of FORMS) {
    app.post<{ Params: Params }>(
      `/modifications/:id/implementation/${spec.path}`,
      { schema: { hide: true } },
      async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
        const principal = requireActor(request.principal, spec.policy);
        const modificationId = parseId(request.params.id, 'modification');
        const itemId =
          request.params.itemId === undefined ? null : parseId(request.params.itemId, 'item');
        const form = spec.form(itemId);
        const values = Object.fromEntries(
          spec.fields.map((field) => [field, formText(request, field)]),
        );
        try {
          const notice = await spec.run(
            principal,
            request,
            { modificationId, itemId: itemId ?? 0 },
            values,
          );
          setNotice(reply, notice);
          return await reply.redirect(
            `/modifications/${modificationId}/implementation#${spec.anchor}`,
            303,
          );
        } catch (error) {
          const ids = {
            ...Object.fromEntries(spec.fields.map((field) => [field, `${form}-${field}`])),
            version: 'main-content',
          };
          const errors = formErrors(error, ids, request);
          return renderImplementation(
            app,
            request,
            reply,
            modificationId,
            { errors, values: { [form]: values } },
            statusOf(error),
          );
        }
      },
    );
  }
}

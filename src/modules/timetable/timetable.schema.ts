import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';
import { DecisionSchema } from '../decision/decision.schema.ts';
import {
  ActionSchema,
  ChallengeSchema,
  Nullable,
  PlacementSchema,
  Text,
  VersionField,
} from '../meeting/meeting.schema.ts';
import { CHALLENGE_KINDS, TIMETABLE_SOURCES } from './timetable.ts';

export const TimetableBody = Type.Object({
  implementationDate: IsoDate,
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  version: Type.Optional(VersionField),
});

export const TimetableSchema = Type.Object({
  id: Type.Integer(),
  implementationDate: Type.String(),
  description: Type.String(),
  source: Type.Enum([...TIMETABLE_SOURCES]),
  recordedBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  supersededAt: Nullable(Type.String({ format: 'date-time' })),
});

export const TimetableViewSchema = Type.Object({
  current: Nullable(TimetableSchema),
  history: Type.Array(TimetableSchema, { description: 'Every version, newest first' }),
});

export const RepresentationBody = Type.Object({
  text: Text,
  fromOrganisationId: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'Default: your organisation. SECAS may name a Party.',
    }),
  ),
});

export const RepresentationSchema = Type.Object({
  id: Type.Integer(),
  fromOrganisationId: Type.Integer(),
  fromOrganisation: Type.String(),
  text: Type.String(),
  recordedBy: Nullable(Type.String()),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const NewRequestBody = Type.Object({
  reason: Text,
  proposedDate: Type.Optional(IsoDate),
  challengeId: Type.Optional(
    Type.Integer({ minimum: 1, description: 'D10.6: the challenge it answers' }),
  ),
});

export const RequestSchema = Type.Object({
  id: Type.Integer(),
  modificationId: Type.Integer(),
  challengeId: Nullable(Type.Integer()),
  reason: Type.String(),
  proposedDate: Nullable(Type.String()),
  requestedOn: Type.String(),
  status: Type.Enum(['pending', 'directed', 'declined']),
  directedDate: Nullable(
    Type.String({ description: 'The implementation date the Authority directed' }),
  ),
  directedOn: Nullable(Type.String({ description: 'The date the Authority answered' })),
  version: Type.Integer(),
});

export const DirectionBody = Type.Object({
  implementationDate: IsoDate,
  directedOn: Type.Optional(IsoDate),
  version: Type.Optional(VersionField),
});

export const DirectionResultSchema = Type.Object({
  request: RequestSchema,
  timetable: TimetableSchema,
  moved: Type.Array(Type.Object({ id: Type.Integer(), from: Type.String(), to: Type.String() }), {
    description: 'Open implementation actions whose due dates moved with the timetable',
  }),
  outOfStep: Type.Array(
    Type.Object({
      allocationId: Type.Integer(),
      releaseId: Type.Integer(),
      releaseName: Type.String(),
      goLive: Type.String(),
      reference: Type.String(),
      part: Type.String(),
      code: Type.Union([
        Type.Literal('timetable_request_required'),
        Type.Literal('before_directed_date'),
      ]),
      message: Type.String(),
    }),
    {
      description:
        'Ruling 17: allocations the new date leaves out of step, flagged to SECAS and the Panel',
    },
  ),
});

export const DeclineBody = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 4000 })),
  decidedOn: Type.Optional(IsoDate),
  version: Type.Optional(VersionField),
});

export const NewChallengeBody = Type.Object({
  kind: Type.Enum([...CHALLENGE_KINDS], {
    description: 'appeal_s173 (section 173 Energy Act 2004) or judicial_review',
  }),
  lodgedOn: IsoDate,
  details: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const RecordedChallengeSchema = Type.Object({
  challenge: ChallengeSchema,
  placement: Nullable(PlacementSchema),
});

export const DelayDecisionBody = Type.Object({
  delayAppropriate: Type.Boolean(),
  reason: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const ImplementationSchema = Type.Object({
  modification: Type.Object({
    id: Type.Integer(),
    reference: Type.String(),
    title: Type.String(),
    path: Nullable(Type.String()),
    status: Type.String(),
    approvedOn: Nullable(Type.String()),
    approvedBy: Nullable(Type.String()),
    version: Type.Integer(),
  }),
  decisions: Type.Array(DecisionSchema),
  timetable: TimetableViewSchema,
  placements: Type.Array(
    Type.Object({
      id: Type.Integer(),
      meetingId: Type.Integer(),
      heldOn: Type.String(),
      meetingKind: Type.String(),
      meetingStatus: Type.String(),
      kind: Type.String(),
      latePaper: Type.Boolean(),
      noActionsReason: Nullable(Type.String()),
    }),
  ),
  awaitingMeeting: Type.Boolean({ description: 'Approved and on no Panel agenda yet' }),
  actions: Type.Array(ActionSchema),
  representations: Type.Array(RepresentationSchema),
  requests: Type.Array(RequestSchema),
  challenges: Type.Array(ChallengeSchema),
});

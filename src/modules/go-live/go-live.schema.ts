import { HistorySourceFields } from '../installation/installation.schema.ts';
import { dateWarningsOf } from '../release/release.schema.ts';
import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';

/** D10.13(f): the Panel's assessment of one go-live criterion of the approved RID. */
export const CriterionAssessmentSchema = Type.Object({
  id: Type.String({ description: 'The id of a go-live criterion of the approved RID' }),
  text: Type.Optional(
    Type.String({ description: 'Ignored: the text comes from the approved RID' }),
  ),
  met: Type.Boolean(),
  evidence: Type.String(),
  links: Type.Optional(
    Type.Array(Type.String(), {
      description:
        'Test phases (`phase:<id>`) and readiness reports (`report:<id>`) of the release the evidence relies on',
    }),
  ),
});

export const GoLiveBody = Type.Object({
  decidedOn: Type.Optional(
    Type.String({
      description:
        'YYYY-MM-DD: may be left out; if given, the day of the meeting (the decision is dated that day)',
    }),
  ),
  meetingId: Type.Integer({
    minimum: 1,
    description:
      'The Panel meeting that took the decision (ruling 13): held, and recorded within its record window; a deferral is also recorded as the Panel’s deferral of the release (ruling 16)',
  }),
  outcome: Type.String({ description: 'go_live, go_live_with_conditions or defer' }),
  criteria: Type.Array(CriterionAssessmentSchema, {
    description: 'Every go-live criterion of the approved RID, each once',
  }),
  conditions: Type.Optional(Type.String()),
  deferredTo: Type.Optional(Type.String({ description: 'YYYY-MM-DD, for defer' })),
  reasons: Type.Optional(Type.String()),
  version: Type.Optional(
    Type.Integer({ description: 'The release version the decision is based on' }),
  ),
  ...HistorySourceFields,
});

export const RecordedCriterionSchema = Type.Object({
  id: Type.String(),
  text: Type.String({ description: 'As the approved RID words it' }),
  met: Type.Boolean(),
  evidence: Type.String(),
  links: Type.Optional(
    Type.Array(Type.Object({ ref: Type.String(), label: Type.String() }), {
      description: 'The test phases and readiness reports the evidence links to',
    }),
  ),
});

export const GoLiveDecisionSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  outcome: Type.Enum(['go_live', 'go_live_with_conditions', 'defer']),
  decidedOn: IsoDate,
  meetingId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The Panel meeting that took the decision; null when recorded by date only',
  }),
  criteria: Type.Array(RecordedCriterionSchema),
  conditions: Type.Union([Type.String(), Type.Null()]),
  deferredTo: Type.Union([IsoDate, Type.Null()]),
  reasons: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});

/** A go-live decision just recorded, with the warnings on a deferral's new date (issue 13). */
export const RecordedGoLiveDecisionSchema = Type.Object({
  ...GoLiveDecisionSchema.properties,
  warnings: dateWarningsOf('the deferral is recorded (none when the release goes live)'),
});

import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';
import { PlacementSchema, VersionField } from '../meeting/meeting.schema.ts';
import { DECISION_KINDS, OUTCOMES } from './decision.ts';
import { HeldOutsideFields, HistorySourceFields } from '../installation/installation.schema.ts';

export const NewDecisionBody = Type.Object({
  kind: Type.Enum([...DECISION_KINDS], {
    description:
      'change_board_decision (Path 3, Fast-Track), change_board_recommendation (Path 2), authority_decision (Path 1, Path 2 after the recommendation, ALV)',
  }),
  outcome: Type.Enum([...OUTCOMES]),
  decidedOn: IsoDate,
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
  version: Type.Optional(VersionField),
  ...HistorySourceFields,
});

export const DecisionSchema = Type.Object({
  id: Type.Integer(),
  modificationId: Type.Integer(),
  kind: Type.Enum([...DECISION_KINDS]),
  body: Type.Enum(['change_board', 'authority'], { description: 'The body that decided' }),
  outcome: Type.Enum([...OUTCOMES]),
  decidedOn: Type.String(),
  notes: Type.String(),
  recordedBy: Type.Union([Type.String(), Type.Null()]),
  recordedAt: Type.String({ format: 'date-time' }),
});

/** Ruling 13: a decision as listed, flagged when it was recorded from before the cut-over. */
export const ListedDecisionSchema = Type.Object({
  ...DecisionSchema.properties,
  ...HeldOutsideFields,
});

export const RecordedDecisionSchema = Type.Object({
  decision: DecisionSchema,
  modification: Type.Object({
    id: Type.Integer(),
    reference: Type.String(),
    status: Type.String(),
    approvedOn: Type.Union([Type.String(), Type.Null()]),
    approvedBy: Type.Union([Type.Enum(['change_board', 'authority']), Type.Null()]),
    version: Type.Integer(),
  }),
  placement: Type.Union([PlacementSchema, Type.Null()], {
    description: 'On approval: the Panel meeting it goes to (D10.2); null while none is scheduled',
  }),
});

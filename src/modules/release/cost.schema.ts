import { Type } from 'typebox';
import { IsoDate } from '../../http/schemas.ts';

const Pence = Type.Union([Type.Integer(), Type.Null()]);

export const CostLineSchema = Type.Object({
  id: Type.Integer(),
  component: Type.String(),
  kind: Type.Enum(['forecast', 'actual']),
  amountPence: Type.Integer(),
  amount: Type.String({ description: 'In pounds, e.g. £1,234.56' }),
  note: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
  supersededAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ComponentCostsSchema = Type.Object({
  component: Type.String(),
  forecastPence: Pence,
  actualPence: Pence,
  variancePence: Type.Union([Type.Integer(), Type.Null()], {
    description: 'actual − forecast, when both are recorded',
  }),
  variancePercent: Type.Union([Type.Number(), Type.Null()]),
});

export const CostReviewSchema = Type.Object({
  id: Type.Integer(),
  reviewPoint: Type.String(),
  reviewedOn: IsoDate,
  conclusions: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const CostReportRequestSchema = Type.Object({
  id: Type.Integer(),
  requestedOn: IsoDate,
  producedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ReleaseCostsSchema = Type.Object({
  releaseId: Type.Integer(),
  components: Type.Array(Type.String()),
  lines: Type.Array(CostLineSchema),
  superseded: Type.Array(CostLineSchema),
  totals: Type.Array(ComponentCostsSchema),
  total: ComponentCostsSchema,
  reviews: Type.Array(CostReviewSchema),
  reportRequests: Type.Array(CostReportRequestSchema),
});

export const CostLineBody = Type.Object({
  component: Type.String({ description: 'One of the governing Policy version’s components' }),
  kind: Type.String({ description: 'forecast or actual' }),
  amount: Type.Union([Type.String(), Type.Number()], {
    description: 'In pounds: "1,234.56" or 1234.56',
  }),
  note: Type.Optional(Type.String()),
});

export const CostReviewBody = Type.Object({
  reviewPoint: Type.String({ description: 'A review point id of the governing Policy version' }),
  reviewedOn: Type.String({ description: 'YYYY-MM-DD' }),
  conclusions: Type.String(),
});

export const CostReportRequestBody = Type.Object({
  requestedOn: Type.Optional(Type.String({ description: 'YYYY-MM-DD; today when absent' })),
});

export const CriterionSchema = Type.Object({
  id: Type.String(),
  text: Type.String(),
  met: Type.Boolean(),
  evidence: Type.String(),
});

export const GoLiveBody = Type.Object({
  decidedOn: Type.String({ description: 'YYYY-MM-DD' }),
  outcome: Type.String({ description: 'go_live, go_live_with_conditions or defer' }),
  criteria: Type.Array(CriterionSchema),
  conditions: Type.Optional(Type.String()),
  deferredTo: Type.Optional(Type.String({ description: 'YYYY-MM-DD, for defer' })),
  reasons: Type.Optional(Type.String()),
  version: Type.Optional(
    Type.Integer({ description: 'The release version the decision is based on' }),
  ),
});

export const GoLiveDecisionSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  outcome: Type.Enum(['go_live', 'go_live_with_conditions', 'defer']),
  decidedOn: IsoDate,
  criteria: Type.Array(CriterionSchema),
  conditions: Type.Union([Type.String(), Type.Null()]),
  deferredTo: Type.Union([IsoDate, Type.Null()]),
  reasons: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});

import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';

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

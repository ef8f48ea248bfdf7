import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';

export const AllocationBody = Type.Object({
  modificationId: Type.Integer({ minimum: 1 }),
  part: Type.Optional(
    Type.String({
      maxLength: 60,
      description: "'whole' unless split, e.g. documents, functionality",
    }),
  ),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  dccImpacting: Type.Boolean(),
  exceptionDecisionId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const DescopeBody = Type.Object({
  decidedOn: IsoDate,
  reasons: Type.String({ maxLength: 10000 }),
});

export const UnallocatedSchema = Type.Array(
  Type.Object({
    id: Type.Integer(),
    reference: Type.String(),
    title: Type.String(),
    approvedOn: Type.Union([IsoDate, Type.Null()]),
  }),
);

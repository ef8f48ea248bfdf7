import { Type } from 'typebox';

const QuotationSchema = Type.Object({
  clause: Type.String({ description: 'The clause, e.g. D10.17 or D10.13(d)(i)' }),
  text: Type.String({ description: 'The words of the clause, as SECMP0061 leaves them' }),
});

const RulingSchema = Type.Object({
  number: Type.Integer({ minimum: 1 }),
  anchor: Type.String({ description: 'Its anchor on /rules, e.g. ruling-1' }),
  href: Type.String({ description: 'Its address: /rules#ruling-N' }),
  title: Type.String(),
  clauses: Type.Array(Type.String()),
  quotations: Type.Array(QuotationSchema),
  reading: Type.String({ description: 'The reading secrel applies' }),
  otherReading: Type.String({ description: 'The reading secrel does not apply' }),
  appliedIn: Type.Array(Type.String()),
});

const DraftingPointSchema = Type.Object({
  anchor: Type.String(),
  href: Type.String(),
  title: Type.String(),
  clauses: Type.Array(Type.String()),
  quotations: Type.Array(QuotationSchema),
  point: Type.String({ description: 'What is wrong with the drafting' }),
  reading: Type.String({ description: 'How secrel reads it' }),
});

/** Ruling 19: the rulings and drafting points, as `GET /api/v1/rules` returns them. */
export const RulesSchema = Type.Object({
  source: Type.String({ description: 'Where the quotations come from' }),
  rulings: Type.Array(RulingSchema),
  draftingPoints: Type.Array(DraftingPointSchema),
});

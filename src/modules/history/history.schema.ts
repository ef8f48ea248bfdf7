import { Type } from 'typebox';
import { ErrorSchema, IsoDate } from '../../schemas.ts';
import { HistorySourceSchema } from '../installation/installation.schema.ts';
import { DECISION_KINDS, OUTCOMES } from '../decision/decision.ts';
import { PATHS, STATUSES } from '../modification/modification.ts';
import { HISTORIC_RELEASE_STATUSES, HISTORY_RECORD_TYPES } from './history.ts';

const Text = (description: string) => Type.Optional(Type.String({ description }));
const List = (description: string) =>
  Type.Optional(
    Type.Union([Type.Array(Type.String()), Type.String()], {
      description: `${description} (an array, or text separated by spaces)`,
    }),
  );
const Source = {
  sourceUrl: Text('The page on the SEC website that published it (this or sourceSummary)'),
  sourceSummary: Text('The published summary (this or sourceUrl)'),
};

/** Ruling 13: one record of the past register; every date must be before the cut-over. */
export const HistoryRecordBody = Type.Union([
  Type.Object({
    type: Type.Literal('modification'),
    reference: Type.String({ description: 'Ruling 12: SECMP0061, MP200, MP102A or DP090' }),
    title: Type.String(),
    summary: Text('What it changes'),
    path: Type.Optional(Type.Enum([...PATHS])),
    status: Type.Enum([...STATUSES]),
    raisedOn: IsoDate,
    approvedOn: Type.Optional(IsoDate),
    approvedBy: Type.Optional(Type.Enum(['change_board', 'authority'])),
    withdrawnOn: Type.Optional(IsoDate),
    statusBeforeWithdrawal: Type.Optional(Type.Enum([...STATUSES])),
    implementedOn: Type.Optional(IsoDate),
    proposer: Text('The proposing organisation, by its name in secrel'),
    documents: List('Catalogue ids of the SEC documents it changes'),
    dependsOn: List('References of the modifications it depends on'),
    ...Source,
  }),
  Type.Object({
    type: Type.Literal('decision'),
    modification: Type.String({ description: 'The reference decided on' }),
    kind: Type.Enum([...DECISION_KINDS], {
      description: 'Who decided: the Change Board (decision or recommendation) or the Authority',
    }),
    outcome: Type.Enum([...OUTCOMES]),
    decidedOn: IsoDate,
    notes: Text('Notes'),
    ...Source,
  }),
  Type.Object({
    type: Type.Literal('release'),
    name: Type.String({ description: 'e.g. November 2020 SEC Release' }),
    goLive: IsoDate,
    releaseType: Type.String({ description: 'february, june, november, ad_hoc …' }),
    status: Type.Enum([...HISTORIC_RELEASE_STATUSES]),
    dccImpacting: Type.Optional(Type.Boolean()),
    notes: Text('Notes, e.g. the SEC version it made'),
    modifications: List(
      'The modifications it implemented: MP080, or SECMP0015:documents for a part',
    ),
    ...Source,
  }),
  Type.Object({
    type: Type.Literal('rid_approval'),
    release: Type.String({ description: 'The name of the release' }),
    version: Type.Integer({ minimum: 1 }),
    approvedOn: IsoDate,
    publishedOn: Type.Optional(IsoDate),
    ...Source,
  }),
]);

export const HistoryBody = Type.Object({
  records: Type.Array(HistoryRecordBody, { minItems: 1, maxItems: 10_000 }),
});

const Entry = Type.Object({
  record: Type.Integer({ description: 'The record’s place in the list, from 1' }),
  type: Type.Enum([...HISTORY_RECORD_TYPES]),
  key: Type.String({ description: 'The reference, name or key it is recognised by' }),
  id: Type.Integer(),
});

export const HistoryResult = Type.Object({
  cutOver: Type.String(),
  recorded: Type.Array(Entry),
  alreadyRecorded: Type.Array(Entry, {
    description: 'Already held outside secrel under the same key: nothing added',
  }),
});

/** A refusal of history, listing every problem (record, field, code, message). */
export const HistoryRefusal = Type.Object({
  ...ErrorSchema.properties,
  problems: Type.Optional(
    Type.Array(
      Type.Object({
        record: Type.Integer(),
        field: Type.String(),
        code: Type.String(),
        message: Type.String(),
      }),
    ),
  ),
});

export const HistoryList = Type.Object({
  items: Type.Array(
    Type.Object({
      subjectType: Type.Enum(['modification', 'decision', 'release', 'rid_version']),
      subjectId: Type.Integer(),
      label: Type.String(),
      source: HistorySourceSchema,
    }),
  ),
});

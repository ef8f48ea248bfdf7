import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';
import { DocumentClassSchema } from '../catalogue/catalogue.schema.ts';
import { HeldOutsideFields } from '../installation/installation.schema.ts';
import { PATHS, STATUSES } from './modification.ts';
import {
  MAX_DEPENDENCIES,
  MAX_DOCUMENTS,
  MAX_REASON_LENGTH,
  MAX_SEARCH_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_TITLE_LENGTH,
} from './modification-register.ts';

export const StatusSchema = Type.Enum([...STATUSES], {
  description: 'Lifecycle status (domain.md §4)',
});
export const PathSchema = Type.Enum([...PATHS], {
  description:
    'path1 Authority-led, path2 Authority Determined, path3 Self-Governance, fast_track, alv (Authority-Led Variation)',
});

const Version = Type.Integer({
  minimum: 1,
  description: 'The version you read; a stale one is refused (409 stale_version)',
});
const Reason = Type.String({
  minLength: 1,
  maxLength: MAX_REASON_LENGTH,
  description: 'Recorded in the timeline',
});
const ReferenceText = Type.String({
  minLength: 1,
  maxLength: 16,
  description: 'SECMP0061, MP200, MP102A (an alternative) or DP090 (a Draft Proposal)',
});

export const OrganisationRef = Type.Object({ id: Type.Integer(), name: Type.String() });

export const ModificationListQuery = Type.Object({
  status: Type.Optional(StatusSchema),
  path: Type.Optional(PathSchema),
  proposer: Type.Optional(Type.Integer({ minimum: 1, description: 'Proposing organisation id' })),
  document: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Catalogue id of a document it changes',
    }),
  ),
  release: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        'SEC Release id: modifications with a live (not de-scoped) allocation in that release',
    }),
  ),
  q: Type.Optional(
    Type.String({
      maxLength: MAX_SEARCH_LENGTH,
      description: 'Words in the reference, title or summary',
    }),
  ),
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      description:
        'Keyset: the modifications listed after this one (its id, from nextBefore); 400 if there is no such modification',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Default 50' })),
});

/** Issue 13: the register's export takes the list page's filters and its sort. */
export const ModificationExportQuery = Type.Object({
  ...Type.Omit(ModificationListQuery, ['before', 'limit']).properties,
  sort: Type.Optional(
    Type.Enum(['raised', 'reference', 'title', 'status'], {
      description: 'The column to sort by (default raised, newest first)',
    }),
  ),
  order: Type.Optional(
    Type.Enum(['asc', 'desc'], {
      description: 'Default: descending for raised, ascending for the others',
    }),
  ),
});

export const ModificationListItem = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  title: Type.String(),
  proposer: Type.Union([OrganisationRef, Type.Null()], {
    description: 'null: raised by the Panel',
  }),
  path: Type.Union([PathSchema, Type.Null()]),
  urgent: Type.Boolean(),
  status: StatusSchema,
  statusName: Type.String(),
  raisedOn: Type.String(),
  version: Type.Integer(),
  ...HeldOutsideFields,
});

export const ModificationListResponse = Type.Object({
  items: Type.Array(ModificationListItem),
  nextBefore: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Pass as before for the next page; null on the last',
  }),
});

export const ModificationSchema = Type.Object({
  id: Type.Integer(),
  ...HeldOutsideFields,
  reference: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  proposer: Type.Union([OrganisationRef, Type.Null()]),
  path: Type.Union([PathSchema, Type.Null()]),
  pathName: Type.Union([Type.String(), Type.Null()]),
  urgent: Type.Boolean(),
  status: StatusSchema,
  statusName: Type.String(),
  statusBeforeWithdrawal: Type.Union([StatusSchema, Type.Null()]),
  raisedOn: Type.String(),
  withdrawnAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  adoptionDeadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  approvedOn: Type.Union([Type.String(), Type.Null()]),
  approvedBy: Type.Union([Type.Enum(['change_board', 'authority']), Type.Null()]),
  version: Type.Integer(),
  documents: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      title: Type.String(),
      retired: Type.Boolean(),
      classes: Type.Array(DocumentClassSchema),
    }),
  ),
  dependsOn: Type.Array(
    Type.Object({
      id: Type.Integer(),
      reference: Type.String(),
      title: Type.String(),
      status: StatusSchema,
    }),
  ),
  dependents: Type.Array(
    Type.Object({
      id: Type.Integer(),
      reference: Type.String(),
      title: Type.String(),
      status: StatusSchema,
    }),
  ),
  implementationTimetable: Type.Union([
    Type.Object({
      implementationDate: Type.String(),
      description: Type.String(),
      source: Type.Enum(['proposal', 'refinement', 'authority_direction', 'decision']),
      recordedAt: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
  nextSteps: Type.Array(StatusSchema, {
    description: 'Statuses the Panel or SECAS may move it on to now',
  }),
});

export const NewModificationBody = Type.Object(
  {
    reference: ReferenceText,
    title: Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH }),
    summary: Type.Optional(Type.String({ maxLength: MAX_SUMMARY_LENGTH })),
    proposerOrgId: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description:
          'The proposing Party: required from SECAS; a Party raises in its own name, the Panel in its own',
      }),
    ),
    path: Type.Optional(
      Type.Union([PathSchema, Type.Null()], {
        description: 'Required unless a Draft Proposal (DP…)',
      }),
    ),
    urgent: Type.Optional(Type.Boolean()),
    documentIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: MAX_DOCUMENTS,
        uniqueItems: true,
      }),
    ),
    dependsOn: Type.Optional(Type.Array(ReferenceText, { maxItems: MAX_DEPENDENCIES })),
    proposedImplementationDate: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

export const CreatedModification = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  status: StatusSchema,
  version: Type.Integer(),
});

export const ProgressBody = Type.Object(
  {
    to: StatusSchema,
    reason: Reason,
    version: Version,
    path: Type.Optional(PathSchema),
  },
  {
    additionalProperties: false,
    description: 'path: required when converting a Draft Proposal to a Modification Proposal',
  },
);

export const DocumentsBody = Type.Object(
  {
    documentIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: MAX_DOCUMENTS,
      uniqueItems: true,
    }),
    version: Version,
  },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object(
  { reason: Reason, version: Version },
  { additionalProperties: false },
);

export const AdoptBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: MAX_REASON_LENGTH })), version: Version },
  { additionalProperties: false },
);

export const StepResult = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  status: StatusSchema,
  version: Type.Integer(),
});

/** D6.8(f)–(i): the result of setting the documents, with any return to refinement it caused. */
export const DocumentsResult = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  status: StatusSchema,
  version: Type.Integer(),
  returnedToRefinement: Type.Union([
    Type.Object({
      reason: Type.String({ description: 'Which rule fired for which body, in words' }),
      bodies: Type.Array(Type.String(), {
        description: 'The sub-committees whose views became mandatory and were not sought',
      }),
    }),
    Type.Null(),
  ]),
});

export const WithdrawResult = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  status: StatusSchema,
  version: Type.Integer(),
  adoptionDeadline: Type.String({
    description: 'End of the adoption window, e.g. 2021-06-23T23:59:59+01:00',
  }),
});

export const TimelineQuery = Type.Object({
  before: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Keyset: events with a lower sequence number' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Default 100' })),
});

export const TimelineResponse = Type.Object({
  events: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      actor: Type.String(),
      action: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      before: Type.Unknown(),
      after: Type.Unknown(),
    }),
  ),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});

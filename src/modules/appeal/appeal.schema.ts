import { Type } from 'typebox';
import {
  APPEAL_STATUSES,
  DETERMINATIONS,
  FURTHER_APPEAL_OUTCOMES,
  MAX_APPELLANT_LENGTH,
  MAX_FURTHER_APPEAL_LENGTH,
  MAX_DETERMINATION_LENGTH,
  MAX_REASONS_LENGTH,
} from './appeal.ts';
import { APPEAL_WINDOW_WORKING_DAYS } from './appeal-window.ts';

export const VersionParams = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'The release' }),
  n: Type.Integer({ minimum: 1, description: 'The RID version number' }),
});

export const LodgeAppealBody = Type.Object({
  reasons: Type.String({
    maxLength: MAX_REASONS_LENGTH,
    description: 'Why the Party appeals the approval (D10.17: required)',
  }),
});

export const DetermineAppealBody = Type.Object({
  outcome: Type.Enum([...DETERMINATIONS]),
  determination: Type.String({
    maxLength: MAX_DETERMINATION_LENGTH,
    description: 'The text of the Authority’s determination (required)',
  }),
  determinedOn: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'YYYY-MM-DD; default: today (UK date)',
    }),
  ),
  version: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'The appeal’s version as read; a stale one is refused',
    }),
  ),
});

const IsoDate = (description: string) =>
  Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description }));

const AppealVersion = Type.Optional(
  Type.Integer({ minimum: 1, description: 'The appeal’s version as read; a stale one is refused' }),
);

/** D10.17, s.173 Energy Act 2004: SECAS records a further appeal to the CMA. */
export const FurtherAppealBody = Type.Object({
  appellant: Type.String({
    maxLength: MAX_APPELLANT_LENGTH,
    description: 'Who brought the further appeal (e.g. a licence holder or Citizens Advice)',
  }),
  broughtOn: IsoDate(
    'YYYY-MM-DD: when it was brought; not before the determination; default today',
  ),
  details: Type.String({
    maxLength: MAX_FURTHER_APPEAL_LENGTH,
    description: 'What is appealed and the CMA’s reference (required)',
  }),
  version: AppealVersion,
});

/** D10.17, s.173 Energy Act 2004: SECAS records the CMA's outcome. */
export const FurtherAppealOutcomeBody = Type.Object({
  outcome: Type.Enum([...FURTHER_APPEAL_OUTCOMES], {
    description:
      'allowed: the Authority’s decision quashed; remitted: sent back to the Authority; dismissed: it stands; withdrawn: withdrawn or permission refused',
  }),
  outcomeText: Type.String({
    maxLength: MAX_FURTHER_APPEAL_LENGTH,
    description: 'The CMA’s decision, including anything it directs (required)',
  }),
  decidedOn: IsoDate('YYYY-MM-DD: the date of the CMA’s decision; default today'),
  version: AppealVersion,
});

export const AppealListQuery = Type.Object({
  status: Type.Optional(
    Type.Enum(['open', 'determined', ...APPEAL_STATUSES], {
      description: 'open: awaiting the Authority; determined: any outcome',
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, description: 'Default 1' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Default 50' })),
});

/** Issue 13: the appeal list's filter, for its CSV and JSON exports (every appeal it keeps). */
export const AppealExportQuery = Type.Object(
  Type.Omit(AppealListQuery, ['page', 'limit']).properties,
);

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

export const AppealSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  ridVersionId: Type.Integer(),
  ridVersionNumber: Type.Integer(),
  organisation: Type.Object({ id: Type.Integer(), name: Type.String() }),
  lodgedAt: Type.String({ format: 'date-time' }),
  reasons: Nullable(
    Type.String({
      description:
        'null when hidden: shown only to the Panel, SECAS, the Authority, the DCC and the appellant',
    }),
  ),
  status: Type.Enum([...APPEAL_STATUSES]),
  statusName: Type.String(),
  determination: Nullable(Type.String()),
  determinedOn: Nullable(Type.String({ format: 'date' })),
  furtherAppeal: Type.Union(
    [
      Type.Object({
        to: Type.String(),
        appellant: Type.String(),
        broughtOn: Type.String({ format: 'date' }),
        details: Type.String(),
        recordedAt: Type.String({ format: 'date-time' }),
        outcome: Type.Union([Type.Enum([...FURTHER_APPEAL_OUTCOMES]), Type.Null()]),
        outcomeName: Nullable(Type.String()),
        outcomeText: Nullable(Type.String()),
        decidedOn: Nullable(Type.String({ format: 'date' })),
      }),
      Type.Null(),
    ],
    {
      description:
        'D10.17: the determination is without prejudice to section 173 of the Energy Act 2004: a further appeal to the Competition and Markets Authority, as SECAS recorded it; null if none',
    },
  ),
  version: Type.Integer(),
});

export const AppealListResponse = Type.Object({
  items: Type.Array(AppealSchema),
  page: Type.Integer(),
  limit: Type.Integer(),
  total: Type.Integer(),
  nextPage: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Pass as page for the next page; null on the last',
  }),
});

export const AppealWindowSchema = Type.Object({
  ridVersionNumber: Type.Integer(),
  ridVersionStatus: Type.String(),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  deadline: Nullable(
    Type.String({
      description: `23:59:59 UK time on the ${APPEAL_WINDOW_WORKING_DAYS}th Working Day following the day of publication (ruling 1, ruling 18), stored when published`,
    }),
  ),
  state: Type.Enum(['unpublished', 'open', 'closed']),
});

export const ReleaseAppealsResponse = Type.Object({
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  windows: Type.Array(AppealWindowSchema, {
    description: 'Each approved RID version’s own appeal window (ruling 1)',
  }),
  appeals: Type.Array(AppealSchema),
});

/**
 * A refusal; `deadline` is set when the appeal window has closed (appeal_out_of_time). The
 * description lists the 409 codes a lodging is refused with (issue 11: every code in OpenAPI).
 */
export const AppealErrorSchema = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    deadline: Type.Optional(Type.String()),
  },
  {
    description:
      'Refused, with one of these codes: `appeal_not_open`: the RID version is not a published approval; `appeal_out_of_time`: the appeal window has closed (`deadline` says when it closed)',
  },
);

import { Type } from 'typebox';
import { AMEND_OP_NAMES } from './code-amendments.ts';
import { CHECKS } from './code-checks.ts';

export const VersionIdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
export const ProvisionIdParams = Type.Object({
  provisionId: Type.String({ minLength: 1, maxLength: 100 }),
});

export const VersionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'The version’s name, e.g. SEC 5.21' }),
  parentId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The version it was consolidated from',
  }),
  releaseId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The release whose go-live produced it (D10.1)',
  }),
  live: Type.Boolean({ description: 'Whether this is the Code in force' }),
  modifications: Type.Array(Type.String(), {
    description: 'Modifications consolidated into it since the first import',
  }),
  scope: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'Label prefixes loaded in full; null for the whole Code',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ProvisionSchema = Type.Object({
  id: Type.String({
    description: 'Permanent id: the same provision in every version, whatever its label',
  }),
  kind: Type.String({ description: 'part, crossheading, clause, para, subpara or definition' }),
  label: Type.String({
    description: 'Full label, e.g. D10.8(c); empty for crossheadings and definitions',
  }),
  heading: Type.Union([Type.String(), Type.Null()]),
  term: Type.Union([Type.String(), Type.Null()], { description: 'A definition’s term (A1.1)' }),
  text: Type.String(),
});

export const VersionDetailSchema = Type.Object({
  version: VersionSchema,
  provisions: Type.Array(ProvisionSchema),
});

export const SearchQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 200 }) });

export const ProvisionHistorySchema = Type.Array(
  Type.Object({
    versionId: Type.Integer(),
    versionName: Type.String(),
    releaseId: Type.Union([Type.Integer(), Type.Null()]),
    label: Type.String(),
    heading: Type.Union([Type.String(), Type.Null()]),
    term: Type.Union([Type.String(), Type.Null()]),
    text: Type.String(),
  }),
);

export const ImportVersionBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  text: Type.String({
    minLength: 1,
    maxLength: 20_000_000,
    description: 'Plain text, one provision a line (wrapped lines continue)',
  }),
  scope: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 200 })),
  live: Type.Optional(Type.Boolean()),
});

export const AmendmentsBody = Type.Object({
  baseVersion: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'The version the legal text was drafted against',
  }),
  ops: Type.Array(
    Type.Object(
      { op: Type.Enum(Object.keys(AMEND_OP_NAMES) as [string, ...string[]]) },
      { additionalProperties: true, description: 'An amendment operation (legal-text.md §6)' },
    ),
    { maxItems: 10_000 },
  ),
});

export const FindingSchema = Type.Object({
  check: Type.Enum(Object.keys(CHECKS) as [string, ...string[]]),
  severity: Type.Enum(['error', 'warning', 'info']),
  provision: Type.String(),
  where: Type.String(),
  message: Type.String(),
  suggestion: Type.Optional(
    Type.String({
      description:
        'A proposal for SECAS to accept as an editorial amendment; never applied silently',
    }),
  ),
});

export const VersionFindingSchema = Type.Object({
  ...FindingSchema.properties,
  key: Type.String({
    description: 'The finding’s address in its version: accept its suggestion with it',
  }),
  fixable: Type.Boolean({
    description:
      'Whether SECAS can accept the suggestion as an editorial amendment (on the live version)',
  }),
});

export const FindingKeyParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  key: Type.String({ minLength: 1, maxLength: 100 }),
});

export const EditorialAcceptedSchema = Type.Object({
  version: VersionSchema,
  finding: FindingSchema,
});

export const ConsolidationSchema = Type.Object({
  base: Type.String({ description: 'The version consolidated from (the live one)' }),
  refused: Type.Boolean(),
  order: Type.Array(Type.String()),
  labelMap: Type.Array(
    Type.Object({ provision: Type.String(), old: Type.String(), new: Type.String() }),
  ),
  conflicts: Type.Array(
    Type.Object({
      where: Type.String(),
      modifications: Type.Array(Type.String()),
      message: Type.String(),
    }),
  ),
  merged: Type.Array(
    Type.Object({
      where: Type.String(),
      modifications: Type.Array(Type.String()),
      message: Type.String(),
    }),
  ),
  missingDependencies: Type.Array(
    Type.Object({ modification: Type.String(), dependsOn: Type.String() }),
  ),
  findings: Type.Array(FindingSchema),
});

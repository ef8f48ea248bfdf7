import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';
import { MAX_CONSULTATION_WORKING_DAYS } from '../consultation/consultation-time.ts';
import {
  BASELINE_SCOPES,
  GO_LIVE_OUTCOMES,
  PERIOD_UNITS,
  RELEASE_KINDS,
} from './policy-mechanisms.ts';
import {
  MAX_SECTIONS,
  MAX_SECTION_TEXT_LENGTH,
  MAX_TITLE_LENGTH,
  POLICY_STATUSES,
} from './policy.ts';

const Slug = Type.String({ pattern: '^[a-z0-9]+([_-][a-z0-9]+)*$', maxLength: 60 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Prose = Type.String({ maxLength: MAX_SECTION_TEXT_LENGTH });
const Count = (maximum: number) => Type.Integer({ minimum: 0, maximum });

export const ReleaseTypeSchema = Type.Object(
  {
    id: Slug,
    name: Name,
    kind: Type.Enum([...RELEASE_KINDS]),
    month: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    goLiveWeekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO: Thursday = 4' }),
    week: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Literal('last')], {
        description: 'Which such weekday of the month: 1–4 or last',
      }),
    ),
    dccImpactingAllowed: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const MechanismsSchema = Type.Object(
  {
    allocation: Type.Optional(
      Type.Object(
        {
          releaseTypes: Type.Array(ReleaseTypeSchema, { maxItems: 20 }),
          allocationRules: Prose,
          lateAdditionRoute: Type.Object(
            { requiresPanelDecision: Type.Boolean(), description: Prose },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false, description: 'D10.8(a)' },
      ),
    ),
    oversight: Type.Optional(
      Type.Object(
        {
          scopeBaselines: Type.Array(
            Type.Object(
              {
                id: Slug,
                name: Name,
                monthsBeforeGoLive: Count(60),
                appliesTo: Type.Enum([...BASELINE_SCOPES]),
              },
              { additionalProperties: false },
            ),
            { maxItems: 20 },
          ),
          milestones: Type.Array(
            Type.Object(
              { id: Slug, name: Name, monthsBeforeGoLive: Count(60) },
              { additionalProperties: false },
            ),
            { maxItems: 30 },
          ),
          reporting: Prose,
        },
        { additionalProperties: false, description: 'D10.8(b)' },
      ),
    ),
    notice: Type.Optional(
      Type.Object(
        {
          noticePeriods: Type.Array(
            Type.Object(
              {
                releaseType: Slug,
                amount: Type.Integer({ minimum: 1, maximum: 500 }),
                unit: Type.Enum([...PERIOD_UNITS]),
              },
              { additionalProperties: false },
            ),
            { maxItems: 20 },
          ),
          recipients: Type.Literal('all_parties_users_mandatory', {
            description: 'Ruling 9: all Parties, Users being the mandatory recipients',
          }),
          changeFreeze: Type.Union([
            Type.Object(
              { startsMonthsBeforeGoLive: Count(24), endsDaysAfterGoLive: Count(180) },
              { additionalProperties: false },
            ),
            Type.Null(),
          ]),
        },
        { additionalProperties: false, description: 'D10.8(c); starts the RID freeze (ruling 5)' },
      ),
    ),
    costs: Type.Optional(
      Type.Object(
        {
          components: Type.Array(Name, { maxItems: 30 }),
          reviewPoints: Type.Array(
            Type.Object({ id: Slug, name: Name }, { additionalProperties: false }),
            { maxItems: 20 },
          ),
          authorityReporting: Prose,
        },
        { additionalProperties: false, description: 'D10.8(d), ruling 11' },
      ),
    ),
    goLive: Type.Optional(
      Type.Object(
        {
          procedure: Prose,
          decisionBody: Type.Literal('panel'),
          outcomes: Type.Array(Type.Enum([...GO_LIVE_OUTCOMES]), {
            maxItems: 3,
            uniqueItems: true,
          }),
          decisionWorkingDaysBeforeGoLive: Count(250),
        },
        { additionalProperties: false, description: 'D10.8(e), ruling 10' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SectionSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60 }),
    heading: Type.String({ minLength: 1, maxLength: 200 }),
    text: Type.String({ minLength: 1, maxLength: MAX_SECTION_TEXT_LENGTH }),
  },
  { additionalProperties: false },
);

export const ProseSchema = Type.Array(SectionSchema, { maxItems: MAX_SECTIONS });

export const PolicyVersionSchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  title: Type.String(),
  status: Type.Enum([...POLICY_STATUSES], {
    description: 'in_force and superseded are worked out on the day asked (effectiveFrom)',
  }),
  mechanisms: MechanismsSchema,
  prose: ProseSchema,
  basedOnId: Type.Union([Type.Integer(), Type.Null()]),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decidedOn: Type.Union([IsoDate, Type.Null()]),
  decisionMeetingId: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'Ruling 13: the Panel meeting that took the decision (null for a version decided before it was recorded)',
  }),
  decisionNotes: Type.Union([Type.String(), Type.Null()]),
  effectiveFrom: Type.Union([IsoDate, Type.Null()]),
  consultationWorkingDays: Type.Integer({
    description:
      'D10.9, D10.20: the minimum period, in Working Days, of a consultation on a Policy or TAD version while this version is in force',
  }),
  missing: Type.Array(Type.String(), {
    description: 'What the version lacks of D10.8 (a)–(e); empty when complete',
  }),
  version: Type.Integer({ description: 'Send it back when you edit the version' }),
});

export const PolicyVersionSummarySchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  title: Type.String(),
  status: Type.Enum([...POLICY_STATUSES]),
  decidedOn: Type.Union([IsoDate, Type.Null()]),
  effectiveFrom: Type.Union([IsoDate, Type.Null()]),
});

export const NewVersionBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH }),
    basedOnId: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'Copy this version; default the version in force, else the suggested defaults',
      }),
    ),
  },
  { additionalProperties: false },
);

export const UpdateVersionBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH }),
    mechanisms: MechanismsSchema,
    prose: ProseSchema,
    consultationWorkingDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_CONSULTATION_WORKING_DAYS,
        description:
          'D10.9, D10.20: the minimum consultation period on Policy and TAD versions, in Working Days (default 10)',
      }),
    ),
    version: Type.Integer({ minimum: 1, description: 'The version you read; stale is 409' }),
  },
  { additionalProperties: false },
);

export const VersionOnlyBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const OpenPolicyConsultationBody = Type.Object(
  {
    opensAt: Type.String({ description: 'YYYY-MM-DD or an instant with offset' }),
    closesAt: Type.Optional(Type.String({ description: 'YYYY-MM-DD (end of that UK day)' })),
    closesAfterWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
    questions: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 30 })),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    outcome: Type.Enum(['approve', 'reject']),
    meetingId: Type.Integer({
      minimum: 1,
      description:
        'Ruling 13: the Panel meeting that took the decision, held and recorded within its record window',
    }),
    decidedOn: Type.Optional(
      Type.String({
        description: 'YYYY-MM-DD: the meeting’s date (the default); any other date is refused',
      }),
    ),
    notes: Type.String({ maxLength: 10_000 }),
    effectiveFrom: Type.Optional(IsoDate),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const RedlineQuery = Type.Object({
  from: Type.Integer({ minimum: 1, description: 'The id of the earlier version' }),
  to: Type.Integer({ minimum: 1, description: 'The id of the later version' }),
});

const ClauseSchema = Type.Object({
  id: Type.String(),
  heading: Type.String(),
  change: Type.Enum(['added', 'removed', 'changed', 'same']),
  parts: Type.Array(
    Type.Object({ text: Type.String(), op: Type.Enum(['equal', 'insert', 'delete']) }),
  ),
});

export const RedlineSchema = Type.Object({
  from: PolicyVersionSummarySchema,
  to: PolicyVersionSummarySchema,
  mechanisms: Type.Array(ClauseSchema),
  prose: Type.Array(ClauseSchema),
});

import { Type } from 'typebox';
import { MAX_ANSWER_LENGTH, MAX_QUESTIONS, MAX_QUESTION_LENGTH } from './consultation.ts';
import { MAX_CONSULTATION_WORKING_DAYS } from './consultation-time.ts';

const When = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });

const SubjectType = Type.Enum(['policy_version', 'tad_version', 'other']);
const Status = Type.Enum(['scheduled', 'open', 'closed'], {
  description: 'scheduled before it opens; open until closesAt (inclusive); closed after',
});

export const AudiencesSchema = Type.Array(
  Type.String({ description: 'dcc, users, all_parties or body:<body id>, e.g. body:tabasc' }),
  { minItems: 1, maxItems: 20 },
);

export const QuestionSchema = Type.Object({ id: Type.String(), text: Type.String() });

export const ConsultationSchema = Type.Object({
  id: Type.Integer(),
  subjectType: SubjectType,
  subjectId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  audiences: Type.Array(Type.String()),
  questions: Type.Array(QuestionSchema),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({
    format: 'date-time',
    description: 'The last instant a response is accepted',
  }),
  status: Status,
  runBy: Type.Enum(['panel', 'dcc']),
  heldOutsideSecrel: Type.Boolean({
    description:
      'Ruling 13: opened before the installation’s cut-over, so history held outside secrel; it carries only acts that are themselves before the cut-over',
  }),
  minimumWorkingDays: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'D10.9, D10.20: the least Working Days it must run (the Policy’s minimum, for a Policy or TAD version); null when none',
  }),
  summary: Type.Union([Type.String(), Type.Null()]),
  summaryPublishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  version: Type.Integer(),
});

export const AnswerSchema = Type.Object({
  questionId: Type.String({ minLength: 1, maxLength: 20 }),
  text: Type.String({ maxLength: MAX_ANSWER_LENGTH }),
});

export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  href: Type.String(),
});

export const ResponseSchema = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  organisation: Type.String(),
  answers: Type.Array(AnswerSchema),
  confidential: Type.Boolean(),
  submittedAt: Type.String({
    format: 'date-time',
    description: 'Send it back when amending: a different value means someone changed it',
  }),
  attachments: Type.Array(AttachmentSchema),
});

export const PointSchema = Type.Object({
  id: Type.Integer(),
  responseId: Type.Union([Type.Integer(), Type.Null()]),
  point: Type.String(),
  reply: Type.String(),
});

export const ConsultationDetailSchema = Type.Object({
  consultation: ConsultationSchema,
  responses: Type.Array(ResponseSchema, {
    description:
      'Public responses, and confidential ones only for the Panel, SECAS, the Authority and the responder',
  }),
  withheldConfidential: Type.Integer({ description: 'Confidential responses not shown to you' }),
  points: Type.Array(PointSchema),
});

export const ListQuery = Type.Object({
  status: Type.Optional(Status),
  subjectType: Type.Optional(SubjectType),
  subjectId: Type.Optional(Type.String({ maxLength: 100 })),
});

const CloseFields = {
  closesAt: Type.Optional(
    When('YYYY-MM-DD (closes 23:59:59 UK time that day) or an instant with offset'),
  ),
  closesAfterWorkingDays: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_CONSULTATION_WORKING_DAYS,
      description: 'Close at the end of Working Day N after the day it opens, instead of closesAt',
    }),
  ),
};

const QuestionsField = Type.Array(Type.String({ minLength: 1, maxLength: MAX_QUESTION_LENGTH }), {
  minItems: 1,
  maxItems: MAX_QUESTIONS,
});

export const NewConsultationBody = Type.Object(
  {
    subjectType: SubjectType,
    subjectId: Type.String({ minLength: 1, maxLength: 100 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    audiences: AudiencesSchema,
    questions: QuestionsField,
    opensAt: When('YYYY-MM-DD (opens at the start of that UK day) or an instant with offset'),
    ...CloseFields,
    runBy: Type.Optional(Type.Enum(['panel', 'dcc'])),
  },
  { additionalProperties: false },
);

export const EditConsultationBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version you saw' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    audiences: Type.Optional(AudiencesSchema),
    questions: Type.Optional(QuestionsField),
    opensAt: Type.Optional(When('YYYY-MM-DD or an instant with offset')),
    ...CloseFields,
  },
  { additionalProperties: false },
);

export const ResponseBody = Type.Object(
  {
    answers: Type.Array(AnswerSchema, { minItems: 1, maxItems: MAX_QUESTIONS }),
    confidential: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export const AmendResponseBody = Type.Object(
  {
    answers: Type.Array(AnswerSchema, { minItems: 1, maxItems: MAX_QUESTIONS }),
    confidential: Type.Boolean(),
    submittedAt: Type.String({
      format: 'date-time',
      description: 'submittedAt of the response you saw',
    }),
  },
  { additionalProperties: false },
);

export const SummaryBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The consultation version you saw' }),
    summary: Type.String({ minLength: 1, maxLength: 20_000 }),
    points: Type.Array(
      Type.Object(
        {
          point: Type.String({ minLength: 1, maxLength: 5000 }),
          reply: Type.String({ minLength: 1, maxLength: 5000 }),
          responseId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

export const ResponseParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  responseId: Type.Integer({ minimum: 1 }),
});

export const UploadResult = Type.Object({ attachmentIds: Type.Array(Type.Integer()) });

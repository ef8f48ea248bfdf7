import { Type } from 'typebox';
import {
  DOCUMENT_CLASSES,
  DOCUMENT_KINDS,
  MAX_DOCUMENT_CODE_LENGTH,
  MAX_DOCUMENT_ID_LENGTH,
  MAX_DOCUMENT_TITLE_LENGTH,
} from './catalogue.ts';

export const DocumentKindSchema = Type.Enum([...DOCUMENT_KINDS], {
  description: 'section, schedule, appendix, or subsidiary (another Subsidiary Document)',
});

export const DocumentClassSchema = Type.Enum([...DOCUMENT_CLASSES], {
  description:
    'technical_code_specification (A1.1, D6.8(f)), security_obligation (D6.8(g)), smki_document (D6.8(h)), relates_to_section_z or affects_alt_han_charges (D6.8(i))',
});

export const DocumentSchema = Type.Object({
  id: Type.String({ description: 'Catalogue id, e.g. appendix-ad' }),
  kind: DocumentKindSchema,
  code: Type.String({
    description:
      'How the Code names it: Section D, Schedule 8, Appendix AD; may be empty for other documents',
  }),
  title: Type.String(),
  classes: Type.Array(DocumentClassSchema),
  retired: Type.Boolean({
    description: 'Retired entries stay on old modifications but cannot be chosen again',
  }),
  version: Type.Integer({ description: 'Send it back when you update the entry' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const DocumentIdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: MAX_DOCUMENT_ID_LENGTH }),
});

export const DocumentListQuery = Type.Object({
  includeRetired: Type.Optional(
    Type.Boolean({ description: 'Include retired entries (default false)' }),
  ),
});

const DocumentFields = {
  kind: DocumentKindSchema,
  code: Type.String({ maxLength: MAX_DOCUMENT_CODE_LENGTH }),
  title: Type.String({ minLength: 1, maxLength: MAX_DOCUMENT_TITLE_LENGTH }),
  classes: Type.Array(DocumentClassSchema, {
    maxItems: DOCUMENT_CLASSES.length,
    uniqueItems: true,
  }),
};

export const NewDocumentBody = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: MAX_DOCUMENT_ID_LENGTH,
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
    }),
    ...DocumentFields,
  },
  { additionalProperties: false },
);

export const UpdateDocumentBody = Type.Object(
  {
    ...DocumentFields,
    retired: Type.Boolean(),
    version: Type.Integer({
      minimum: 1,
      description: 'The version you read; a stale one is refused (409)',
    }),
  },
  { additionalProperties: false },
);

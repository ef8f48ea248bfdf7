/**
 * The catalogue of SEC documents a modification can change: the Sections of the Code and its
 * Subsidiary Documents (Schedules, Appendices and the other documents the Code names), each with
 * the classes that decide which Sub-Committees must be consulted (D6.8(f)–(i)). Pure data and rules.
 */
import type { SubCommittee } from '../identity/identity.ts';

export const DOCUMENT_KINDS = ['section', 'schedule', 'appendix', 'subsidiary'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_NAMES: Record<DocumentKind, string> = {
  section: 'Section of the Code',
  schedule: 'Schedule',
  appendix: 'Appendix',
  subsidiary: 'Other Subsidiary Document',
};

export function isDocumentKind(value: string): value is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value);
}

/** The classes of a catalogue entry that drive the rules of refinement. */
export const DOCUMENT_CLASSES = [
  'technical_code_specification',
  'security_obligation',
  'smki_document',
  'relates_to_section_z',
  'affects_alt_han_charges',
] as const;
export type DocumentClass = (typeof DOCUMENT_CLASSES)[number];

export const DOCUMENT_CLASS_NAMES: Record<DocumentClass, string> = {
  technical_code_specification: 'Technical Code Specification',
  security_obligation: 'Security Obligations and Assurance Arrangements',
  smki_document: 'SMKI SEC Document',
  relates_to_section_z: 'Relates to Section Z',
  affects_alt_han_charges: 'Can affect Alt HAN Charges',
};

export function isDocumentClass(value: string): value is DocumentClass {
  return (DOCUMENT_CLASSES as readonly string[]).includes(value);
}

/** D6.8(f)–(i): the Sub-Committee whose views a change to a document of each class makes mandatory. */
export const CLASS_CONSULTEES: Record<DocumentClass, { body: SubCommittee; clause: string }> = {
  technical_code_specification: { body: 'tabasc', clause: 'D6.8(f)(i)' },
  security_obligation: { body: 'security_sub_committee', clause: 'D6.8(g)(i)' },
  smki_document: { body: 'smki_pma', clause: 'D6.8(h)(i)' },
  relates_to_section_z: { body: 'alt_han_forum', clause: 'D6.8(i)(i)–(ii)' },
  affects_alt_han_charges: { body: 'alt_han_forum', clause: 'D6.8(i)(iii)' },
};

/** The classes as the `sec_document` row stores them: one boolean column each. */
export interface DocumentClassFlags {
  is_technical_code_specification: boolean;
  is_security_obligation: boolean;
  is_smki_document: boolean;
  relates_to_section_z: boolean;
  affects_alt_han_charges: boolean;
}

const CLASS_COLUMNS: Record<DocumentClass, keyof DocumentClassFlags> = {
  technical_code_specification: 'is_technical_code_specification',
  security_obligation: 'is_security_obligation',
  smki_document: 'is_smki_document',
  relates_to_section_z: 'relates_to_section_z',
  affects_alt_han_charges: 'affects_alt_han_charges',
};

/** The classes a row's flags stand for, in catalogue order. */
export function classesOf(flags: DocumentClassFlags): DocumentClass[] {
  return DOCUMENT_CLASSES.filter((documentClass) => flags[CLASS_COLUMNS[documentClass]]);
}

/** The flags that store a list of classes. */
export function flagsOf(classes: readonly DocumentClass[]): DocumentClassFlags {
  const flags: DocumentClassFlags = {
    is_technical_code_specification: false,
    is_security_obligation: false,
    is_smki_document: false,
    relates_to_section_z: false,
    affects_alt_han_charges: false,
  };
  for (const documentClass of classes) flags[CLASS_COLUMNS[documentClass]] = true;
  return flags;
}

/**
 * A1.1 "Technical Code Specifications" as SECMP0061 amends it: the seed's list, with the Panel
 * Release Management Policy renamed the SEC Release Management Policy. A change to any of them
 * makes TABASC's views mandatory (D6.8(f)(i)).
 */
export const TECHNICAL_CODE_SPECIFICATIONS: readonly string[] = [
  'Technical Specifications',
  'GB Companion Specification',
  'DCC Gateway Connection Code of Connection',
  'DCC User Interface Code of Connection',
  'DCC User Interface Specification',
  'Self-Service Interface Design Specification',
  'Self-Service Interface Code of Connection',
  'Registration Data Interface Documents',
  'Message Mapping Catalogue',
  'Incident Management Policy',
  'DCC Release Management Policy',
  'SEC Release Management Policy',
  'SMKI Interface Design Specification',
  'SMKI Code of Connection',
  'SMKI Repository Interface Design Specification',
  'SMKI Repository Code of Connection',
  'SMETS1 Supporting Requirements',
];

/** A catalogue entry as the rules and pages see it. */
export interface SecDocument {
  id: string;
  kind: DocumentKind;
  code: string;
  title: string;
  classes: DocumentClass[];
  retired: boolean;
  version: number;
}

/** What SECAS enters for an entry. */
export interface DocumentInput {
  kind: string;
  code: string;
  title: string;
  classes: readonly string[];
  retired: boolean;
}

export interface DocumentProblem {
  field: string;
  message: string;
}

/** Ids are short, lower-case and hyphenated (`appendix-ad`, `sec-release-management-policy`). */
const DOCUMENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_DOCUMENT_ID_LENGTH = 64;
export const MAX_DOCUMENT_TITLE_LENGTH = 200;
export const MAX_DOCUMENT_CODE_LENGTH = 40;

/** How each kind's code is written: `Section D`, `Schedule 8`, `Appendix AD`; free for the others. */
const CODE_PATTERNS: Record<DocumentKind, { pattern: RegExp; example: string } | null> = {
  section: { pattern: /^Section [A-Z]$/, example: 'Section D' },
  schedule: { pattern: /^Schedule \d{1,2}[A-Z]?$/, example: 'Schedule 8' },
  appendix: { pattern: /^Appendix [A-Z]{1,2}$/, example: 'Appendix AD' },
  subsidiary: null,
};

export function checkDocumentId(id: string): DocumentProblem | null {
  if (id.length === 0 || id.length > MAX_DOCUMENT_ID_LENGTH || !DOCUMENT_ID.test(id)) {
    return {
      field: 'id',
      message: `Enter an id of lower-case letters, digits and hyphens, up to ${MAX_DOCUMENT_ID_LENGTH} characters, for example appendix-ad`,
    };
  }
  return null;
}

/**
 * The catalogue's rules for an entry: a known kind; a code written the way the Code writes it for
 * that kind; a title; known classes; and, by D6.8(i)(iii), "can affect Alt HAN Charges" only on
 * a Section K (Charging Methodology) entry.
 */
export function checkDocument(input: DocumentInput): DocumentProblem | null {
  if (!isDocumentKind(input.kind)) {
    return {
      field: 'kind',
      message: 'Choose whether it is a Section, a Schedule, an Appendix or another document',
    };
  }
  const code = input.code.trim();
  if (code.length > MAX_DOCUMENT_CODE_LENGTH) {
    return {
      field: 'code',
      message: `The code must be at most ${MAX_DOCUMENT_CODE_LENGTH} characters`,
    };
  }
  const format = CODE_PATTERNS[input.kind];
  if (format && !format.pattern.test(code)) {
    return {
      field: 'code',
      message: `Write the code as the Code does, for example ${format.example}`,
    };
  }
  const title = input.title.trim();
  if (title === '') return { field: 'title', message: 'Enter the title of the document' };
  if (title.length > MAX_DOCUMENT_TITLE_LENGTH) {
    return {
      field: 'title',
      message: `The title must be at most ${MAX_DOCUMENT_TITLE_LENGTH} characters`,
    };
  }
  const unknown = input.classes.find((value) => !isDocumentClass(value));
  if (unknown !== undefined) return { field: 'classes', message: `There is no class "${unknown}"` };
  if (input.classes.includes('affects_alt_han_charges') && code !== 'Section K') {
    return {
      field: 'classes',
      message:
        'Only a Section K (Charging Methodology) entry can be marked as able to affect Alt HAN Charges',
    };
  }
  return null;
}

/** The classes in catalogue order without repeats, once {@link checkDocument} has passed. */
export function normaliseClasses(classes: readonly string[]): DocumentClass[] {
  return DOCUMENT_CLASSES.filter((documentClass) => classes.includes(documentClass));
}

/**
 * How a document is named in lists: `Appendix AD — DCC User Interface Specification`; a document
 * without a code by its title alone. The RID joins code and title with ': ' instead.
 */
export function documentLabel(
  entry: Pick<SecDocument, 'code' | 'title'>,
  separator: ' — ' | ': ' = ' — ',
): string {
  return entry.code === '' ? entry.title : `${entry.code}${separator}${entry.title}`;
}

const KIND_ORDER: Record<DocumentKind, number> = {
  section: 0,
  schedule: 1,
  appendix: 2,
  subsidiary: 3,
};

/** The order the Code is read in: Sections, Schedules, Appendices, other documents; then code, title. */
export function compareDocuments(
  a: Pick<SecDocument, 'kind' | 'code' | 'title'>,
  b: Pick<SecDocument, 'kind' | 'code' | 'title'>,
): number {
  return (
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    a.code.localeCompare(b.code, 'en', { numeric: true }) ||
    a.title.localeCompare(b.title, 'en')
  );
}

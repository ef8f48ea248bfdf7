/**
 * Issue 13: the raise form's view models — the documents grouped by kind for a searchable list,
 * and the words after a raise saying whose views refinement must seek under D6.8(f)–(i).
 */
import {
  DOCUMENT_CLASS_NAMES,
  DOCUMENT_KINDS,
  documentLabel,
  type DocumentClass,
  type DocumentKind,
} from '../catalogue/catalogue.ts';
import {
  PURPOSE_OF_BODY,
  bodySubject,
  changedDocumentOfClasses,
  requiredConsultations,
} from '../refinement/consultation-rules.ts';

export interface RaiseDocument {
  id: string;
  kind: DocumentKind;
  code: string;
  title: string;
  classes: readonly DocumentClass[];
  /** Offered only where the modification already has it. */
  retired?: boolean;
}

const GROUP_NAMES: Record<DocumentKind, string> = {
  section: 'Sections of the Code',
  schedule: 'Schedules',
  appendix: 'Appendices',
  subsidiary: 'Other Subsidiary Documents',
};

export interface DocumentGroup {
  kind: DocumentKind;
  name: string;
  /** The checkbox group's id prefix: the first group's is the field's, for the error link. */
  idPrefix: string;
  chosen: number;
  items: { value: string; text: string; hint?: { text: string }; checked: boolean }[];
}

/**
 * The catalogue in the order the Code is read, one group per kind (Sections, Schedules,
 * Appendices, other documents), each document with the classes that decide D6.8's consultations.
 */
export function documentGroups(
  documents: readonly RaiseDocument[],
  chosen: readonly string[],
): DocumentGroup[] {
  const groups = DOCUMENT_KINDS.map((kind) => ({
    kind,
    name: GROUP_NAMES[kind],
    documents: documents.filter((document) => document.kind === kind),
  })).filter((group) => group.documents.length > 0);
  return groups.map((group, index) => ({
    kind: group.kind,
    name: group.name,
    idPrefix: index === 0 ? 'documentIds' : `documentIds-${group.kind}`,
    chosen: group.documents.filter((document) => chosen.includes(document.id)).length,
    items: group.documents.map((document) => ({
      value: document.id,
      text: `${documentLabel(document)}${document.retired ? ' (retired)' : ''}`,
      ...(document.classes.length > 0
        ? { hint: { text: document.classes.map((c) => DOCUMENT_CLASS_NAMES[c]).join(', ') } }
        : {}),
      checked: chosen.includes(document.id),
    })),
  }));
}

/**
 * D6.8(f)–(i), said when a modification is raised: whose views the Working Group must seek in
 * refinement and why (each rule that fired), or that no document it changes makes any body's
 * views mandatory.
 */
export function consultationsAfterRaise(documents: readonly RaiseDocument[]): string {
  const consultations = requiredConsultations(
    documents.map((document) => changedDocumentOfClasses(document)),
    [],
  ).filter((consultation) => consultation.mandatory);
  if (consultations.length === 0) {
    return 'No sub-committee’s views must be sought under D6.8(f)–(i): none of the documents it changes is of a class those rules name (their views may still be sought).';
  }
  const parts = consultations.map(
    (consultation) =>
      `${bodySubject(consultation.body)} under D6.8(${PURPOSE_OF_BODY[consultation.body]}), because it ${consultation.reasons.join(' and ')}`,
  );
  return `In refinement the views of these sub-committees must be sought: ${parts.join('; ')}.`;
}

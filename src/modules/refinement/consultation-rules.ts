/**
 * D6.8(f)–(i): whose views the Working Group must seek. A pure rules engine: from the SEC
 * documents a modification changes and the notifications recorded ("the body wishes to express
 * a view"), it says for each of TABASC, the Security Sub-Committee, the SMKI PMA and the Alt HAN
 * Forum whether asking is mandatory, and every rule that fired, in words.
 */
import { SUB_COMMITTEES, type SubCommittee } from '../identity/identity.ts';
import { longDate } from '../../calendar/date-words.ts';

/** D6.8(f)–(i): the purpose (letter) under which each sub-committee's views are sought. */
export const PURPOSE_OF_BODY: Record<SubCommittee, 'f' | 'g' | 'h' | 'i'> = {
  tabasc: 'f',
  security_sub_committee: 'g',
  smki_pma: 'h',
  alt_han_forum: 'i',
};

/** How each body is named in a sentence's subject and on the page. */
export const BODY_NAMES: Record<SubCommittee, string> = {
  tabasc: 'TABASC',
  security_sub_committee: 'Security Sub-Committee',
  smki_pma: 'SMKI PMA',
  alt_han_forum: 'Alt HAN Forum',
};

/** "TABASC", "the Security Sub-Committee": the body as the subject of a sentence. */
export function bodySubject(body: SubCommittee): string {
  return body === 'tabasc' ? BODY_NAMES[body] : `the ${BODY_NAMES[body]}`;
}

/** A SEC document the modification changes, with the classes D6.8(f)–(i) look at. */
export interface ChangedDocument {
  kind: 'section' | 'schedule' | 'appendix' | 'subsidiary';
  code: string;
  title: string;
  isTechnicalCodeSpecification: boolean;
  isSecurityObligation: boolean;
  isSmkiDocument: boolean;
  relatesToSectionZ: boolean;
  affectsAltHanCharges: boolean;
}

/** A recorded notification that a body wishes to express a view. */
export interface ViewNotice {
  body: SubCommittee;
  /** The Forum Sub-Group that notified on the Alt HAN Forum's behalf, or null. */
  viaSubgroup: string | null;
  /** The London date it was recorded, YYYY-MM-DD. */
  recordedOn: string;
}

/** The outcome for one body: must its views be sought, and why. */
export interface Consultation {
  body: SubCommittee;
  purpose: 'f' | 'g' | 'h' | 'i';
  mandatory: boolean;
  /** Every rule that fired, e.g. "changes Appendix AB, a Technical Code Specification". */
  reasons: string[];
}

const KIND_WORDS: Record<ChangedDocument['kind'], string> = {
  section: 'Section',
  schedule: 'Schedule',
  appendix: 'Appendix',
  subsidiary: '',
};

/**
 * "Section G", "Appendix AB", "the SEC Release Management Policy": the document as people name it,
 * whether or not its code already carries the kind.
 */
export function documentInProse(
  document: Pick<ChangedDocument, 'kind' | 'code' | 'title'>,
): string {
  const code = document.code.trim();
  const word = KIND_WORDS[document.kind];
  if (code === '') return document.kind === 'subsidiary' ? `the ${document.title}` : document.title;
  if (word === '' || code.toLowerCase().startsWith(word.toLowerCase())) return code;
  return `${word} ${code}`;
}

/** True for Section Z itself (Alt HAN Arrangements), as opposed to a document relating to it. */
export function isSectionZ(document: Pick<ChangedDocument, 'kind' | 'code' | 'title'>): boolean {
  return document.kind === 'section' && documentInProse(document).toUpperCase() === 'SECTION Z';
}

/** The document rules of D6.8(f)–(i): the reasons `document` gives for asking `body`. */
function documentReasons(body: SubCommittee, document: ChangedDocument): string[] {
  const label = documentInProse(document);
  switch (body) {
    case 'tabasc':
      return document.isTechnicalCodeSpecification
        ? [`changes ${label}, a Technical Code Specification`]
        : [];
    case 'security_sub_committee':
      return document.isSecurityObligation
        ? [`changes ${label}, a Security Obligations and Assurance Arrangements document`]
        : [];
    case 'smki_pma':
      return document.isSmkiDocument ? [`changes ${label}, an SMKI SEC Document`] : [];
    case 'alt_han_forum': {
      const reasons: string[] = [];
      if (isSectionZ(document)) reasons.push(`changes ${label}`);
      else if (document.relatesToSectionZ) {
        reasons.push(`changes ${label}, which relates to Section Z`);
      }
      if (document.affectsAltHanCharges) {
        reasons.push(`changes ${label} in a way likely to affect Alt HAN Charges`);
      }
      return reasons;
    }
  }
}

/** The notification rule: the body (or, for the Alt HAN Forum, a Forum Sub-Group) said so. */
function noticeReason(notice: ViewNotice): string {
  if (notice.body === 'alt_han_forum' && notice.viaSubgroup !== null) {
    return `an Alt HAN Forum Sub-Group (${notice.viaSubgroup}) said the Forum wishes to give a view (recorded ${longDate(notice.recordedOn)})`;
  }
  return `${bodySubject(notice.body)} has said it wishes to give a view (recorded ${longDate(notice.recordedOn)})`;
}

/**
 * D6.8(f)–(i): for each sub-committee, whether its views must be sought and every rule that
 * fired. (f) TABASC: a Technical Code Specification changes, or TABASC has said it wishes to
 * give a view. (g) Security Sub-Committee: a Security Obligations and Assurance Arrangements
 * document changes, or the SSC has said so. (h) SMKI PMA: an SMKI SEC Document changes, or the
 * PMA has said so. (i) Alt HAN Forum: Section Z, a document relating to Section Z, or a change
 * (e.g. to Section K) likely to affect Alt HAN Charges; or the Forum, or a Forum Sub-Group
 * for it, has said so. A body with no rule firing is optional: its views may still be sought.
 */
export function requiredConsultations(
  documents: readonly ChangedDocument[],
  notices: readonly ViewNotice[],
): Consultation[] {
  return SUB_COMMITTEES.map((body) => {
    const reasons = [
      ...documents.flatMap((document) => documentReasons(body, document)),
      ...notices.filter((notice) => notice.body === body).map(noticeReason),
    ];
    const unique = [...new Set(reasons)];
    return { body, purpose: PURPOSE_OF_BODY[body], mandatory: unique.length > 0, reasons: unique };
  });
}

/** Only the Alt HAN Forum may be notified for by a sub-group (a Forum Sub-Group, D6.8(i)). */
export function acceptsSubgroupNotice(body: SubCommittee): boolean {
  return body === 'alt_han_forum';
}

/** D6.8(f)–(i): the mandatory consultations for which no view request has been made yet. */
export function unsoughtViews(
  consultations: readonly Consultation[],
  requested: readonly SubCommittee[],
): Consultation[] {
  return consultations.filter(
    (consultation) => consultation.mandatory && !requested.includes(consultation.body),
  );
}

/** A catalogue entry with its classes (as the catalogue keeps them), as the rules read it. */
export function changedDocumentOfClasses(document: {
  kind: ChangedDocument['kind'];
  code: string;
  title: string;
  classes: readonly string[];
}): ChangedDocument {
  return {
    kind: document.kind,
    code: document.code,
    title: document.title,
    isTechnicalCodeSpecification: document.classes.includes('technical_code_specification'),
    isSecurityObligation: document.classes.includes('security_obligation'),
    isSmkiDocument: document.classes.includes('smki_document'),
    relatesToSectionZ: document.classes.includes('relates_to_section_z'),
    affectsAltHanCharges: document.classes.includes('affects_alt_han_charges'),
  };
}

/** How one body's outcome changed when the rules were run again. */
export interface ConsultationChange {
  body: SubCommittee;
  before: { mandatory: boolean; reasons: string[] };
  after: { mandatory: boolean; reasons: string[] };
}

/**
 * D6.8(f)–(i): the bodies whose outcome (mandatory or not, and why) differs between two runs of
 * {@link requiredConsultations}; empty when nothing changed.
 */
export function consultationChanges(
  before: readonly Consultation[],
  after: readonly Consultation[],
): ConsultationChange[] {
  return SUB_COMMITTEES.flatMap((body) => {
    const was = before.find((consultation) => consultation.body === body);
    const now = after.find((consultation) => consultation.body === body);
    const from = { mandatory: was?.mandatory ?? false, reasons: was?.reasons ?? [] };
    const to = { mandatory: now?.mandatory ?? false, reasons: now?.reasons ?? [] };
    const same =
      from.mandatory === to.mandatory &&
      from.reasons.length === to.reasons.length &&
      from.reasons.every((reason, index) => to.reasons[index] === reason);
    return same ? [] : [{ body, before: from, after: to }];
  });
}

/**
 * D6.8(f)–(i): the bodies whose views a change made mandatory that were not before, and that
 * have not been asked (a body already asked needs nothing more).
 */
export function newlyMandatory(
  before: readonly Consultation[],
  after: readonly Consultation[],
  requested: readonly SubCommittee[],
): Consultation[] {
  return after.filter(
    (consultation) =>
      consultation.mandatory &&
      !requested.includes(consultation.body) &&
      !before.some((earlier) => earlier.body === consultation.body && earlier.mandatory),
  );
}

/**
 * Why a change of documents returns a modification to refinement, in words: "The documents it
 * changes changed at the Report Phase: the views of TABASC must now be sought under D6.8(f)
 * (changes Appendix AD, a Technical Code Specification)".
 */
export function returnReason(statusName: string, bodies: readonly Consultation[]): string {
  const parts = bodies.map(
    (consultation) =>
      `the views of ${bodySubject(consultation.body)} must now be sought under D6.8(${consultation.purpose}) (${consultation.reasons.join('; ')})`,
  );
  return `The documents it changes changed at the ${statusName} stage, after refinement: ${parts.join('; and ')}`;
}

/**
 * The SEC's documents as reference data (A-TCS, D6.8(f)–(i)): the Sections of the Code, the
 * Technical Code Specifications of A1.1 (as SECMP0061 amends the list), and the Schedules,
 * Appendices and other Subsidiary Documents that ../shared/domain.md names, each with the
 * classes the consultation rules of D6.8(f)–(i) act on. `secrel catalogue load`, the first start
 * of `secrel serve` and the demo load it through `loadSecCatalogue`; SECAS edits and adds entries
 * afterwards, and a later load never overwrites them. Pure data and rules.
 *
 * Sources: the Technical Code Specifications follow the A1.1 list in the seed; Appendices A–D,
 * AD, AH, AJ and AK and Schedule 8 are as domain.md records them [V]; the groupings "Security
 * Obligations and Assurance Arrangements" (Section G and the security documents) and "SMKI SEC
 * Documents" (Section L and the SMKI documents) follow domain.md §3 [U]. Section titles, and the
 * Schedule numbers and Appendix letters marked "from memory", are not verified against the
 * consolidated Code; documents whose number or letter we could not place have no code.
 */
import {
  TECHNICAL_CODE_SPECIFICATIONS,
  type DocumentClass,
  type DocumentKind,
} from './catalogue.ts';

/** An entry of the reference catalogue. */
export interface ReferenceDocument {
  id: string;
  kind: DocumentKind;
  code: string;
  title: string;
  classes: readonly DocumentClass[];
  /**
   * A-TCS: the name in A1.1's list of Technical Code Specifications this document is (or is part
   * of, for "Technical Specifications"); absent for a document that is not one.
   */
  technicalCodeSpecification?: string;
}

const TCS: DocumentClass = 'technical_code_specification';
const SECURITY: DocumentClass = 'security_obligation';
const SMKI: DocumentClass = 'smki_document';
const SECTION_Z: DocumentClass = 'relates_to_section_z';

function section(letter: string, title: string, classes: DocumentClass[] = []): ReferenceDocument {
  return {
    id: `section-${letter.toLowerCase()}`,
    kind: 'section',
    code: `Section ${letter}`,
    title,
    classes,
  };
}

function appendix(
  letters: string,
  title: string,
  classes: DocumentClass[] = [],
  technicalCodeSpecification?: string,
): ReferenceDocument {
  return {
    id: `appendix-${letters.toLowerCase()}`,
    kind: 'appendix',
    code: `Appendix ${letters}`,
    title,
    classes,
    ...(technicalCodeSpecification === undefined ? {} : { technicalCodeSpecification }),
  };
}

function schedule(
  number: number,
  title: string,
  classes: DocumentClass[] = [],
  technicalCodeSpecification?: string,
): ReferenceDocument {
  return {
    id: `schedule-${number}`,
    kind: 'schedule',
    code: `Schedule ${number}`,
    title,
    classes,
    ...(technicalCodeSpecification === undefined ? {} : { technicalCodeSpecification }),
  };
}

function document(
  id: string,
  title: string,
  classes: DocumentClass[] = [],
  technicalCodeSpecification?: string,
): ReferenceDocument {
  return {
    id,
    kind: 'subsidiary',
    code: '',
    title,
    classes,
    ...(technicalCodeSpecification === undefined ? {} : { technicalCodeSpecification }),
  };
}

/** A Technical Code Specification named in A1.1 whose title is its A1.1 name. */
function tcs(id: string, title: string, classes: DocumentClass[] = []): ReferenceDocument {
  return document(id, title, [TCS, ...classes], title);
}

/** The SEC's documents, in the order the Code is read. */
export const SEC_CATALOGUE: readonly ReferenceDocument[] = [
  // The Sections of the Code (titles not verified against the consolidated Code).
  section('A', 'Definitions and Interpretation'),
  section('B', 'Accession'),
  section('C', 'Governance'),
  section('D', 'Modification Process'),
  section('E', 'Registration Data'),
  section('F', 'Smart Metering System Requirements'),
  // D6.8(g)(i): Section G is the core of the Security Obligations and Assurance Arrangements.
  section('G', 'Security', [SECURITY]),
  section('H', 'DCC Services'),
  section('I', 'Data Privacy'),
  section('J', 'Charges'),
  section('K', 'Charging Methodology'),
  // D6.8(i)(iii): the Section K provisions on Alt HAN Charges, as an entry of their own, so only
  // a change to them (not to the whole Charging Methodology) needs the Alt HAN Forum's views.
  {
    id: 'section-k-alt-han-charges',
    kind: 'section',
    code: 'Section K',
    title: 'Charging Methodology: provisions that can affect Alt HAN Charges',
    classes: ['affects_alt_han_charges'],
  },
  // D6.8(h)(i): Section L is the core of the SMKI SEC Documents.
  section('L', 'Smart Metering Key Infrastructure and DCC Key Infrastructure', [SMKI]),
  section('M', 'General'),
  section('N', 'SMETS1 Services'),
  section('O', 'Non-Gateway Communications'),
  section('P', 'Production Proving'), // title from memory
  section('T', 'Testing During Transition'),
  section('X', 'Transition'),
  // D6.8(i)(i): Section Z itself.
  section('Z', 'Alt HAN Arrangements', [SECTION_Z]),

  // A1.1 "Technical Specifications" are the equipment specifications in the Schedules.
  schedule(8, 'GB Companion Specification', [TCS], 'GB Companion Specification'),
  schedule(
    9,
    'Smart Metering Equipment Technical Specifications (SMETS2)',
    [TCS],
    'Technical Specifications',
  ), // number from memory
  schedule(10, 'Communications Hub Technical Specifications', [TCS], 'Technical Specifications'), // number from memory

  // D6.8(h)(i): the SMKI SEC Documents.
  appendix('A', 'SMKI Device Certificate Policy', [SMKI]),
  appendix('B', 'SMKI Organisation Certificate Policy', [SMKI]),
  appendix('C', 'SMKI Compliance Policy', [SMKI]),
  appendix('D', 'SMKI Registration Authority Policies and Procedures', [SMKI]),
  appendix('L', 'SMKI Recovery Procedure', [SMKI]), // letter from memory
  appendix('AD', 'DCC User Interface Specification', [TCS], 'DCC User Interface Specification'),
  appendix('AF', 'Message Mapping Catalogue', [TCS], 'Message Mapping Catalogue'), // letter from memory
  appendix('AG', 'Incident Management Policy', [TCS], 'Incident Management Policy'), // letter from memory
  appendix(
    'AH',
    'Self-Service Interface Design Specification',
    [TCS],
    'Self-Service Interface Design Specification',
  ),
  appendix(
    'AI',
    'Self-Service Interface Code of Connection',
    [TCS],
    'Self-Service Interface Code of Connection',
  ), // letter from memory
  appendix('AJ', 'SEC Variation Testing Approach Document'),
  appendix('AK', 'SMETS1 SEC Variation Testing Approach Document'),
  appendix('AL', 'SMETS1 Supporting Requirements', [TCS], 'SMETS1 Supporting Requirements'), // letter from memory

  // The other Technical Code Specifications of A1.1, whose Appendix letters we could not place.
  tcs('dcc-gateway-connection-code-of-connection', 'DCC Gateway Connection Code of Connection'),
  tcs('dcc-user-interface-code-of-connection', 'DCC User Interface Code of Connection'),
  tcs('registration-data-interface-documents', 'Registration Data Interface Documents'),
  tcs('dcc-release-management-policy', 'DCC Release Management Policy'),
  // A1.1 as SECMP0061 amends it: the renamed Panel Release Management Policy is a TCS.
  tcs('sec-release-management-policy', 'SEC Release Management Policy'),
  tcs('smki-interface-design-specification', 'SMKI Interface Design Specification', [SMKI]),
  tcs('smki-code-of-connection', 'SMKI Code of Connection', [SMKI]),
  tcs(
    'smki-repository-interface-design-specification',
    'SMKI Repository Interface Design Specification',
    [SMKI],
  ),
  tcs('smki-repository-code-of-connection', 'SMKI Repository Code of Connection', [SMKI]),

  // Other Subsidiary Documents domain.md names.
  document('security-controls-framework', 'Security Controls Framework', [SECURITY]),
  document('traffic-management-mechanism-document', 'Traffic Management Mechanism Document'),
  document(
    'communications-hub-installation-and-support-materials',
    'Communications Hub Installation and Support Materials',
  ),
];

/** An entry already in the catalogue, as the loader compares it. */
export interface PresentDocument {
  id: string;
  kind: DocumentKind;
  code: string;
  title: string;
}

/** What a load does: the entries to add, and those found already present (and as which entry). */
export interface CataloguePlan {
  add: ReferenceDocument[];
  present: { id: string; as: string }[];
}

function sameText(a: string, b: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Which reference entries a load adds. An entry is already present, and left as it is (SECAS may
 * have edited it), when the catalogue has its id; or an entry of the same kind and title; or an
 * entry of the same kind and code where no other reference entry shares that code (SECAS may
 * have entered `Appendix AD` under an id of its own). Nothing is ever duplicated or overwritten.
 */
export function catalogueToLoad(
  reference: readonly ReferenceDocument[],
  existing: readonly PresentDocument[],
): CataloguePlan {
  const plan: CataloguePlan = { add: [], present: [] };
  for (const entry of reference) {
    const uniqueCode =
      entry.code !== '' &&
      reference.filter((other) => other.kind === entry.kind && other.code === entry.code).length ===
        1;
    const match =
      existing.find((other) => other.id === entry.id) ??
      existing.find((other) => other.kind === entry.kind && sameText(other.title, entry.title)) ??
      (uniqueCode
        ? existing.find((other) => other.kind === entry.kind && sameText(other.code, entry.code))
        : undefined);
    if (match) plan.present.push({ id: entry.id, as: match.id });
    else plan.add.push(entry);
  }
  return plan;
}

/** A-TCS: the A1.1 names no reference entry stands for (empty when the data covers the list). */
export function uncoveredTechnicalCodeSpecifications(
  reference: readonly ReferenceDocument[] = SEC_CATALOGUE,
): string[] {
  return TECHNICAL_CODE_SPECIFICATIONS.filter(
    (name) =>
      !reference.some(
        (entry) => entry.technicalCodeSpecification === name && entry.classes.includes(TCS),
      ),
  );
}

import type { AppContext } from '../app-context.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { createDocument, type NewDocument } from '../modules/catalogue/catalogue.actions.ts';
import type { DocumentClass } from '../modules/catalogue/catalogue.ts';

const TCS: DocumentClass = 'technical_code_specification';
const SECURITY: DocumentClass = 'security_obligation';
const SMKI: DocumentClass = 'smki_document';

function section(letter: string, title: string, classes: DocumentClass[] = []): NewDocument {
  return {
    id: `section-${letter.toLowerCase()}`,
    kind: 'section',
    code: `Section ${letter}`,
    title,
    classes,
  };
}

function appendix(letters: string, title: string, classes: DocumentClass[] = []): NewDocument {
  return {
    id: `appendix-${letters.toLowerCase()}`,
    kind: 'appendix',
    code: `Appendix ${letters}`,
    title,
    classes,
  };
}

function schedule(number: number, title: string, classes: DocumentClass[] = []): NewDocument {
  return { id: `schedule-${number}`, kind: 'schedule', code: `Schedule ${number}`, title, classes };
}

function document(id: string, title: string, classes: DocumentClass[] = []): NewDocument {
  return { id, kind: 'subsidiary', code: '', title, classes };
}

/**
 * The demo catalogue: the Sections of the SEC and its key Subsidiary Documents. The Technical
 * Code Specifications follow the A1.1 list in the seed; the SMKI documents, Appendices AD, AH,
 * AJ and AK and Schedule 8 are as domain.md records them. Section titles and the Schedule and
 * Appendix ids marked "from memory" are not verified against the consolidated Code; documents
 * whose id we could not place have no code.
 */
export const DEMO_DOCUMENTS: readonly NewDocument[] = [
  section('A', 'Definitions and Interpretation'),
  section('B', 'Accession'),
  section('C', 'Governance'),
  section('D', 'Modification Process'),
  section('E', 'Registration Data'),
  section('F', 'Smart Metering System Requirements'),
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
  section('L', 'Smart Metering Key Infrastructure and DCC Key Infrastructure', [SMKI]),
  section('M', 'General'),
  section('N', 'SMETS1 Services'),
  section('O', 'Non-Gateway Communications'),
  section('P', 'Production Proving'), // title from memory
  section('T', 'Testing During Transition'),
  section('X', 'Transition'),
  section('Z', 'Alt HAN Arrangements', ['relates_to_section_z']),

  schedule(8, 'GB Companion Specification', [TCS]),
  schedule(9, 'Smart Metering Equipment Technical Specifications (SMETS2)', [TCS]), // number from memory
  schedule(10, 'Communications Hub Technical Specifications', [TCS]), // number from memory

  appendix('A', 'SMKI Device Certificate Policy', [SMKI]),
  appendix('B', 'SMKI Organisation Certificate Policy', [SMKI]),
  appendix('C', 'SMKI Compliance Policy', [SMKI]),
  appendix('D', 'SMKI Registration Authority Policies and Procedures', [SMKI]),
  appendix('L', 'SMKI Recovery Procedure', [SMKI]), // letter from memory
  appendix('AD', 'DCC User Interface Specification', [TCS]),
  appendix('AF', 'Message Mapping Catalogue', [TCS]), // letter from memory
  appendix('AG', 'Incident Management Policy', [TCS]), // letter from memory
  appendix('AH', 'Self-Service Interface Design Specification', [TCS]),
  appendix('AI', 'Self-Service Interface Code of Connection', [TCS]), // letter from memory
  appendix('AJ', 'SEC Variation Testing Approach Document'),
  appendix('AK', 'SMETS1 SEC Variation Testing Approach Document'),
  appendix('AL', 'SMETS1 Supporting Requirements', [TCS]), // letter from memory

  document(
    'dcc-gateway-connection-code-of-connection',
    'DCC Gateway Connection Code of Connection',
    [TCS],
  ),
  document('dcc-user-interface-code-of-connection', 'DCC User Interface Code of Connection', [TCS]),
  document('registration-data-interface-documents', 'Registration Data Interface Documents', [TCS]),
  document('dcc-release-management-policy', 'DCC Release Management Policy', [TCS]),
  // A1.1 as SECMP0061 amends it: the renamed Panel Release Management Policy is a TCS.
  document('sec-release-management-policy', 'SEC Release Management Policy', [TCS]),
  document('smki-interface-design-specification', 'SMKI Interface Design Specification', [
    TCS,
    SMKI,
  ]),
  document('smki-code-of-connection', 'SMKI Code of Connection', [TCS, SMKI]),
  document(
    'smki-repository-interface-design-specification',
    'SMKI Repository Interface Design Specification',
    [TCS, SMKI],
  ),
  document('smki-repository-code-of-connection', 'SMKI Repository Code of Connection', [TCS, SMKI]),
  document('security-controls-framework', 'Security Controls Framework', [SECURITY]),
  document('traffic-management-mechanism-document', 'Traffic Management Mechanism Document'),
];

/** Loads the catalogue through the real action, so each entry has its `catalogue.document_created` event. */
export async function createDemoCatalogue(ctx: AppContext): Promise<void> {
  for (const entry of DEMO_DOCUMENTS) await createDocument(ctx, null, entry, SYSTEM_ACTOR);
}

/**
 * SECMP0061 "Enduring SEC Release Provisions" as data: the parts of the SEC it changes (A1.1's
 * affected definitions, D6.8 and D10) before and after, and its legal text as drafting steps.
 *
 * BEFORE is a HAND RECONSTRUCTION: the SEC 5.21 text (with SECMP0008) is not in the seed, so it
 * was rebuilt from the seed's flattened redline by removing what SECMP0061 adds. AFTER is a
 * reading of the seed's final text, one provision a line (D10.2's "(m)", "(n)" as the seed
 * prints them: Word's numbering carried on from D6.8). Demo data and the tests use both. PURE.
 */
import type { DraftStep } from './code-drafting.ts';
import { newProvision } from './code-drafting.ts';

const A1 = `A1 DEFINITIONS
A1.1 In this Code, except where the context otherwise requires, the expressions in the left hand column below shall have the meanings given to them in the right hand column below:`;

const D6 = (policy: string) => `D6 REFINEMENT PROCESS
Purpose of Refinement Process
D6.8 The purpose of the Refinement Process is to:
(a) consider and (to the extent necessary) clarify the likely effects of the Modification Proposal, including to identify the Parties, Party Categories, Energy Consumers and other persons likely to be affected by the Modification Proposal;
(b) evaluate and (to the extent necessary) develop and refine the content of the Modification Proposal;
(c) evaluate and (to the extent necessary) amend the proposed implementation timetable of the Modification Proposal including (where relevant) so as to ensure consistency with the ${policy} (provided that the proposed implementation timetable of a Path 1 Modification cannot be so amended);
(d) consider (to the extent the Working Group considers necessary) the impact which the Modification Proposal would have, if approved, on the matters referred to in Section D6.9(b);
(e) consider whether the DCC should, as part of the proposal's implementation (if the Modification Proposal is approved), be required to undertake testing of the DCC Total System and/or provide testing services; and (if so) ensure that the Modification Proposal includes amendments to this Code which provide a robust testing solution (or, if it is not yet reasonably practicable to document the testing solution, which provide a process for developing the testing solution);
(f) seek (to the extent the Working Group considers necessary) the Technical Architecture and Business Architecture Sub-Committee’s views of the impact which the Modification Proposal would have, if approved, on the DCC Systems and Smart Metering Systems; provided that the Working Group shall always seek such views:
(i) in respect of proposals to modify the Technical Code Specifications; and/or
(ii) where the Technical Architecture and Business Architecture Sub-Committee has notified the Working Group that the Technical Architecture and Business Architecture Sub-Committee wishes to express a view;
(g) seek (to the extent the Working Group considers necessary) the Security Sub-Committee's views on the Modification Proposal; provided that the Working Group shall always seek such views:
(i) in respect of proposals to modify the Security Obligations and Assurance Arrangements; and/or
(ii) where the Security Sub-Committee has notified the Working Group that the Security Sub-Committee wishes to express a view;
(h) seek (to the extent the Working Group considers necessary) the SMKI PMA’s views on the Modification Proposal; provided that the Working Group shall always seek such views:
(i) in respect of proposals to modify the SMKI SEC Documents; and/or
(ii) where the SMKI PMA has notified the Working Group that the SMKI PMA wishes to express a view;
(i) seek (to the extent the Working Group considers necessary) the Alt HAN Forum's views on the Modification Proposal; provided that the Working Group shall always seek such views:
(i) in respect of proposals to modify Section Z (The Alt HAN Arrangements);
(ii) in respect of proposals to modify any SEC Subsidiary Document which relates to Section Z (The Alt HAN Arrangements);
(iii) in respect of proposals to modify Section K (Charging Methodology) which are likely to affect the Alt HAN Charges; and/or
(iv) where the Alt HAN Forum (or a Forum Sub-Group acting on its behalf) has notified the Working Group that it wishes to express a view;
(j) consider whether, if the Modification Proposal is approved, this Code would better facilitate the achievement of the SEC Objectives than if the Modification Proposal was rejected;
(k) consider whether it is likely that there would be a material impact on Greenhouse Gas Emissions as a result of the Modification Proposal being approved, and (if so) assessing such impact (which assessment shall be conducted in accordance with any guidance on the evaluation of Greenhouse Gas Emissions issued by the Authority from time to time); and
(l) consider whether, if the Modification Proposal is approved, changes are likely to be required to other Energy Codes as a result.`;

const D10_OPENING = `D10 IMPLEMENTATION
General
D10.1 Once a Modification Proposal has been approved in accordance with Section D9 (Modification Proposal Decision) or an Authority-Led Variations has been approved in accordance with Section D9A.11 (Authority Decision), the Panel shall ensure that this Code is varied in accordance with the Modification Proposal or Authority-Led Variation, as set out in this Section D10. Authority-Led Variations are to be treated as Path 1 Modifications for the purposes of this Section D10 (and references to Modification Proposals shall be interpreted accordingly).
Implementation
D10.2 The Panel shall, at the next Panel meeting after a Modification Proposal has been approved:
(m) determine what actions are required in order to ensure that the approved variation to this Code is made in accordance with the approved implementation timetable; and
(n) set a timetable for the completion of each of those actions.
D10.3 It shall be the duty of the Panel to ensure that the actions which are required to secure that an approved variation to this Code is made in accordance with the approved implementation timetable are taken.
D10.4 Each Party shall co-operate with the Panel to the extent required to ensure that such variation is made with effect from such date.
Subsequent Amendment to Implementation Timetable
D10.5 Where, having regard to representations received from the Code Administrator or from any Party, the Panel considers that it is not reasonably practicable to make the approved variation to this Code in accordance with the approved implementation timetable:
(a) the Panel may request the Authority to direct that a new implementation timetable be substituted for the first such timetable; and
(b) where the Authority makes such a direction following a request by the Panel, the implementation timetable directed by the Authority shall have effect in substitution for the first such timetable, and the requirements of this Section D10 shall be defined by relation to that later date.
D10.6 Without prejudice to the generality of Section D10.5, the Panel shall make a request to the Authority under that Section where:
(a) the decision of the Authority to approve the relevant Modification Proposal is subject to an appeal pursuant to section 173 of the Energy Act 2004 or is challenged by judicial review; and
(b) the Panel considers that it is appropriate in the circumstances for the timetable to be delayed given such appeal or challenge.`;

const APPEAL = `Any Party that wishes to appeal the Panel approval of the SEC Release Implementation Document, may do so within 10 Working Days following the publication of the decision to approve. Any appeal referred to the Authority, must specify the reasons for the appeal. The Authority shall determine what action to take with the appeal (which determination shall, without prejudice to section 173 of the Energy Act 2004, be final and binding for the purposes of this Code).`;
const APPROVE = `The Panel shall approve the SEC Release Implementation Document and any subsequent amendments. The Release Implementation Document cannot be further updated after the periods of notice defined in the Panel Release Management Policy (in accordance with Section D10.8(d)).`;
const HELP = `(i) To help define the DCC testing, the DCC, on request of the Panel, shall produce a document setting out the testing approach to meet requirements of each approved Modification Proposal within each SEC Release;`;
const TCS = (policy: string) =>
  `means the Technical Specifications, the GB Companion Specification, the DCC Gateway Connection Code of Connection, the DCC User Interface Code of Connection, the DCC User Interface Specification, the Self-Service Interface Design Specification, the Self-Service Interface Code of Connection, the Registration Data Interface Documents, the Message Mapping Catalogue, the Incident Management Policy, the DCC Release Management Policy, the ${policy}, the SMKI Interface Design Specification, the SMKI Code of Connection, the SMKI Repository Interface Design Specification, the SMKI Repository Code of Connection, and the SMETS1 Supporting Requirements.`;

/** SEC 5.21 (with SECMP0008) in the parts SECMP0061 changes: a HAND RECONSTRUCTION. */
export const SECMP0061_BEFORE = `${A1}
Panel Release Management Policy\thas the meaning given to that expression in Section D10.7.
SEC Release\tmeans any package of one or more approved Modification Proposals to be implemented in the SEC and/or SEC Subsidiary Document(s) that requires Release Management by the DCC or Users as set out in Section D10.7, and is consequently undertaken in accordance with the Panel Release Management Policy.
SEC Release Implementation Document\thas the meaning given to that expression in Section D10.10 (SEC Release Implementation Document).
Technical Code Specifications\t${TCS('Panel Release Management Policy')}
${D6('Panel Release Management Policy')}
${D10_OPENING}
Release Management Policy
D10.7 To the extent that the implementation of an approved Modification Proposal will involve Release Management (or require the DCC or Users to undertake Release Management as a consequence of the Modification Proposal), the Panel shall ensure that such implementation is undertaken in accordance with a policy for Release Management determined by the Panel (the “Panel Release Management Policy”).
D10.8 The Panel shall ensure that the Panel Release Management Policy:
(a) defines the scope of the matters that are to be subject to the policy in a manner consistent with the Service Management Standards;
(b) includes a mechanism for setting priorities for different types of such matters;
(c) defines periods of change-freeze where no such matters may be implemented; and
(d) defines periods of notice to be given to the Users prior to the implementation of such matters.
D10.9 The Panel shall make the Panel Release Management Policy available to the DCC and Users on the SEC Website. The Panel shall consult with the DCC and Users before it first establishes the Panel Release Management Policy, and before it makes any changes to the Panel Release Management Policy.
SEC Release Implementation Document
D10.10 To support the Panel in discharging the activities set out in Section D10.2, the Panel shall develop and publish a “SEC Release Implementation Document” for each SEC Release in accordance with the Panel Release Management Policy. The DCC shall be required to undertake the implementation and testing activities as set out in the relevant Release Implementation Document once approved by the Panel.
D10.11 The Panel shall ensure that each SEC Release Implementation Document:
(a) Defines the content of a SEC Release;
(b) Defines the timescales associated with implementing the content of a SEC Release, including timescales for the commencement and completion of DCC and User testing phases;
(c) Defines the testing that will be undertaken by the DCC for the SEC Release;
${HELP}
(d) Defines the required level of User testing and how the DCC shall support Users to test the changes that make up each SEC Release; and
(e) Defines the SEC Release acceptance criteria that shall be agreed by the Panel in accordance with the Panel Release Management Policy.
D10.12 ${APPROVE}
D10.13 ${APPEAL}
`;

const NEW = {
  SEC_RELEASE: `means a package of one or more approved Modification Proposals to be implemented in the SEC and/or SEC Subsidiary Document(s) which is implemented in accordance with the SEC Release Management Policy.`,
  RID: `means a document established under Section D10.12 (SEC Release Implementation Document) and which contains the information listed in Section D10.13.`,
  POLICY: `means the document established under Section D10.7 (SEC Release Management Policy) and which contains the information listed in Section D10.8.`,
  TESTING: `means a document established under Section D10.18 (SEC Release Testing Approach Document) and which contains the information listed in Section D10.19 in relation to the testing to be undertaken by the DCC with regards to a SEC Release.`,
  D10_7: `The implementation of an approved Modification Proposal will take place as part of a SEC Release. The Panel shall ensure that the implementation of a SEC Release is undertaken in accordance with a policy determined by the Panel (the “SEC Release Management Policy”).`,
  D10_8: `The Panel shall ensure that the SEC Release Management Policy:`,
  D10_8A: `includes a mechanism for allocating Modification Proposals into SEC Releases;`,
  D10_8B: `defines a mechanism by which the Panel shall co-ordinate and oversee the content and delivery of a SEC Release;`,
  D10_8C: `defines a mechanism by which notice is to be given to the Users prior to the implementation of a SEC Release;`,
  D10_8D: `defines a mechanism by which the Panel shall review the main components of the forecast and actual costs of a SEC Release and, if requested by the Authority, how the Panel shall provide a report on this to the Authority; and`,
  D10_8E: `defines a mechanism by which the Panel shall determine that the SEC Release shall be put into live operation.`,
  D10_9: `The Panel shall make the SEC Release Management Policy available to the DCC and Users on the SEC Website. The Panel shall consult with the DCC and Users before it first establishes the SEC Release Management Policy, and before it makes any changes to the SEC Release Management Policy.`,
  D10_10: `The DCC shall co-operate with the Panel in planning and implementing SEC Releases in accordance with the SEC Release Management Policy and shall provide any information reasonably requested by the Panel for this purpose.`,
  D10_11: `The Panel may appoint, or require DCC to appoint, an external auditor to monitor the DCC’s implementation process, plans and progress in support of a SEC Release, and shall approve any such external auditor’s terms of reference. The DCC must co-operate with any external auditor that is appointed, including (but not limited to) allowing access to such records, test results, test laboratories and test witnessing as the external auditor may reasonably require.`,
  D10_12: `The Panel shall develop and publish a “SEC Release Implementation Document” for each SEC Release in accordance with the SEC Release Management Policy. The DCC shall be required to undertake the implementation and testing activities as set out in the relevant Release Implementation Document once approved by the Panel.`,
  D10_13A: `defines the content of the SEC Release;`,
  D10_13B: `defines the timescales associated with implementing the content of the SEC Release, including timescales for the commencement and completion of DCC and User testing phases;`,
  D10_13C: `defines how the DCC shall report progress towards readiness;`,
  D10_13D: `defines the testing that will be undertaken by the DCC for the SEC Release;`,
  D10_13E: `defines the required level of User testing and how the DCC shall support Users to test the changes that make up the SEC Release; and`,
  D10_13F: `defines the SEC Release go-live criteria that shall be agreed by the Panel in accordance with the SEC Release Management Policy.`,
  D10_14: `The DCC shall provide any information reasonably requested by the Panel that is required for inclusion in the SEC Release Implementation Document for a SEC Release.`,
  D10_16: `The DCC shall be required to undertake the implementation and testing activities for a SEC Release as set out in the relevant SEC Release Implementation Document once approved by the Panel.`,
  D10_18: `The DCC, on request of the Panel, shall produce a document setting out how the requirements of Sections D10.13(d) and (e) will be satisfied (the “SEC Release Testing Approach Document”). A SEC Release Testing Approach Document shall be considered a part of the SEC Release Implementation Document for the relevant SEC Release.`,
  D10_19: `The DCC shall ensure that each SEC Release Testing Approach Document:`,
  D10_19A: `defines the testing objectives, including the assurance to be achieved;`,
  D10_19B: `defines the testing strategy that will be followed; and`,
  D10_19C: `sets out the consequences of the testing strategy, including costs and risks in business terms.`,
  D10_20: `The DCC shall prepare and consult upon each SEC Release Testing Approach Document and any subsequent amendments. The Panel shall review each SEC Release Testing Approach Document and any subsequent amendments.`,
};

/** The seed's final text (SEC after SECMP0061), read one provision a line. */
export const SECMP0061_AFTER = `${A1}
SEC Release\t${NEW.SEC_RELEASE}
SEC Release Implementation Document\t${NEW.RID}
SEC Release Management Policy\t${NEW.POLICY}
SEC Release Testing Approach Document\t${NEW.TESTING}
Technical Code Specifications\t${TCS('SEC Release Management Policy')}
${D6('SEC Release Management Policy')}
${D10_OPENING}
SEC Release Management Policy
D10.7 ${NEW.D10_7}
D10.8 ${NEW.D10_8}
(a) ${NEW.D10_8A}
(b) ${NEW.D10_8B}
(c) ${NEW.D10_8C}
(d) ${NEW.D10_8D}
(e) ${NEW.D10_8E}
D10.9 ${NEW.D10_9}
D10.10 ${NEW.D10_10}
D10.11 ${NEW.D10_11}
SEC Release Implementation Document
D10.12 ${NEW.D10_12}
D10.13 The Panel shall ensure that each SEC Release Implementation Document:
(a) ${NEW.D10_13A}
(b) ${NEW.D10_13B}
(c) ${NEW.D10_13C}
(d) ${NEW.D10_13D}
${HELP}
(e) ${NEW.D10_13E}
(f) ${NEW.D10_13F}
D10.14 ${NEW.D10_14}
D10.15 ${APPROVE}
D10.16 ${NEW.D10_16}
D10.17 ${APPEAL}
SEC Release Testing Approach Document
D10.18 ${NEW.D10_18}
D10.19 ${NEW.D10_19}
(a) ${NEW.D10_19A}
(b) ${NEW.D10_19B}
(c) ${NEW.D10_19C}
D10.20 ${NEW.D10_20}
`;

/** The label prefixes the fixture loads in full. */
export const SECMP0061_SCOPE = ['A1.1', 'D6.8', 'D10'];

/** Terms the rest of A1.1 defines (the fixture loads only the definitions SECMP0061 changes). */
export const A1_TERMS_NOT_LOADED = [
  'Authority',
  'Authority-Led Variation',
  'Code Administrator',
  'DCC',
  'DCC Release Management Policy',
  'DCC Systems',
  'DCC Total System',
  'Energy Codes',
  'Energy Consumers',
  'GB Companion Specification',
  'Greenhouse Gas Emissions',
  'Incident Management Policy',
  'Message Mapping Catalogue',
  'Modification Proposal',
  'Panel',
  'Party',
  'Parties',
  'Party Categories',
  'Path 1 Modification',
  'Refinement Process',
  'Release Management',
  'SEC',
  'SEC Objectives',
  'SEC Subsidiary Document',
  'SEC Website',
  'Security Obligations and Assurance Arrangements',
  'Security Sub-Committee',
  'Service Management Standards',
  'Smart Metering Systems',
  'SMKI PMA',
  'SMKI SEC Documents',
  'Technical Specifications',
  'User',
  'Users',
  'Working Days',
  'Working Group',
  'Alt HAN Forum',
  'Alt HAN Charges',
];

const id = (n: string) => `secmp0061-${n}`;
const para = (n: string, text: string) =>
  newProvision(id(n), 'para', text, { label: `(${n.slice(-1)})` });

/** SECMP0061's legal text as drafting steps against the base (ids of new provisions are permanent). */
export const SECMP0061_DRAFTING: DraftStep[] = [
  { amend: 'SEC Release', text: NEW.SEC_RELEASE },
  { amend: 'SEC Release Implementation Document', text: NEW.RID },
  {
    amend: 'Panel Release Management Policy',
    term: 'SEC Release Management Policy',
    text: NEW.POLICY,
  },
  { amend: 'Technical Code Specifications', text: TCS('SEC Release Management Policy') },
  { define: 'SEC Release Testing Approach Document', text: NEW.TESTING, id: id('a1-testing') },
  {
    amend: 'D6.8(c)',
    text: 'evaluate and (to the extent necessary) amend the proposed implementation timetable of the Modification Proposal including (where relevant) so as to ensure consistency with the SEC Release Management Policy (provided that the proposed implementation timetable of a Path 1 Modification cannot be so amended);',
  },
  { amend: 'Release Management Policy', heading: 'SEC Release Management Policy' },
  { amend: 'D10.7', text: NEW.D10_7 },
  { amend: 'D10.8', text: NEW.D10_8 },
  { delete: 'D10.8(a)' },
  { amend: 'D10.8(b)', text: NEW.D10_8A },
  { amend: 'D10.8(c)', text: NEW.D10_8B },
  { amend: 'D10.8(d)', text: NEW.D10_8C },
  { insert: para('d108d', NEW.D10_8D), into: 'D10.8', after: 'D10.8(d)' },
  { insert: para('d108e', NEW.D10_8E), into: 'D10.8', after: id('d108d') },
  { amend: 'D10.9', text: NEW.D10_9 },
  { insert: newProvision(id('d1010'), 'clause', NEW.D10_10), into: 'D10', after: 'D10.9' },
  { insert: newProvision(id('d1011'), 'clause', NEW.D10_11), into: 'D10', after: id('d1010') },
  { amend: 'D10.10', text: NEW.D10_12 },
  { amend: 'D10.11(a)', text: NEW.D10_13A },
  { amend: 'D10.11(b)', text: NEW.D10_13B },
  { insert: para('d1013c', NEW.D10_13C), into: 'D10.11', after: 'D10.11(b)' },
  { amend: 'D10.11(c)', text: NEW.D10_13D },
  { amend: 'D10.11(d)', text: NEW.D10_13E },
  { amend: 'D10.11(e)', text: NEW.D10_13F },
  { insert: newProvision(id('d1014'), 'clause', NEW.D10_14), into: 'D10', after: 'D10.11' },
  { insert: newProvision(id('d1016'), 'clause', NEW.D10_16), into: 'D10', after: 'D10.12' },
  {
    insert: newProvision(id('x-testing'), 'crossheading', '', {
      heading: 'SEC Release Testing Approach Document',
    }),
    into: 'D10',
    after: 'D10.13',
  },
  { insert: newProvision(id('d1018'), 'clause', NEW.D10_18), into: 'D10', after: id('x-testing') },
  {
    insert: newProvision(id('d1019'), 'clause', NEW.D10_19, {
      children: [
        para('d1019a', NEW.D10_19A),
        para('d1019b', NEW.D10_19B),
        para('d1019c', NEW.D10_19C),
      ],
    }),
    into: 'D10',
    after: id('d1018'),
  },
  { insert: newProvision(id('d1020'), 'clause', NEW.D10_20), into: 'D10', after: id('d1019') },
];

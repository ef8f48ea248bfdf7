import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUB_COMMITTEES, type SubCommittee } from '../identity/identity.ts';
import {
  acceptsSubgroupNotice,
  changedDocumentOfClasses,
  consultationChanges,
  documentInProse,
  newlyMandatory,
  requiredConsultations,
  returnReason,
  unsoughtViews,
  type ChangedDocument,
  type ViewNotice,
} from './consultation-rules.ts';

/** A document with no D6.8(f)–(i) class, to switch classes on one at a time. */
function doc(
  kind: ChangedDocument['kind'],
  code: string,
  title: string,
  classes: Partial<ChangedDocument> = {},
): ChangedDocument {
  return {
    kind,
    code,
    title,
    isTechnicalCodeSpecification: false,
    isSecurityObligation: false,
    isSmkiDocument: false,
    relatesToSectionZ: false,
    affectsAltHanCharges: false,
    ...classes,
  };
}

const APPENDIX_AB = doc('appendix', 'Appendix AB', 'Technical Specification', {
  isTechnicalCodeSpecification: true,
});
const RELEASE_POLICY = doc('subsidiary', '', 'SEC Release Management Policy', {
  isTechnicalCodeSpecification: true,
});
const SECTION_G = doc('section', 'Section G', 'Security', { isSecurityObligation: true });
const SECTION_L = doc('section', 'Section L', 'Smart Metering Key Infrastructure', {
  isSmkiDocument: true,
});
const SECTION_Z = doc('section', 'Section Z', 'Alt HAN Arrangements', { relatesToSectionZ: true });
const APPENDIX_X = doc('appendix', 'Appendix X', 'Alt HAN Forum terms of reference', {
  relatesToSectionZ: true,
});
const SECTION_K = doc('section', 'Section K', 'Charging Methodology', {
  affectsAltHanCharges: true,
});
const SECTION_D = doc('section', 'Section D', 'Modification Process');

function notice(body: SubCommittee, recordedOn = '2026-03-03', viaSubgroup: string | null = null) {
  return { body, viaSubgroup, recordedOn } satisfies ViewNotice;
}

function outcome(documents: ChangedDocument[], notices: ViewNotice[], body: SubCommittee) {
  const found = requiredConsultations(documents, notices).find((c) => c.body === body);
  if (!found) throw new Error(`no outcome for ${body}`);
  return found;
}

describe('D6.8(f)–(i) consultation rules', () => {
  it.each([
    [
      'D6.8(f) TABASC must be asked when a Technical Code Specification changes',
      [APPENDIX_AB],
      [],
      'tabasc',
      ['changes Appendix AB, a Technical Code Specification'],
    ],
    [
      'D6.8(f) TABASC must be asked when the SEC Release Management Policy (a Technical Code Specification) changes',
      [RELEASE_POLICY],
      [],
      'tabasc',
      ['changes the SEC Release Management Policy, a Technical Code Specification'],
    ],
    [
      'D6.8(f) TABASC must be asked when TABASC has said it wishes to give a view',
      [SECTION_D],
      [notice('tabasc')],
      'tabasc',
      ['TABASC has said it wishes to give a view (recorded 3 March 2026)'],
    ],
    [
      'D6.8(g) the Security Sub-Committee must be asked when a Security Obligations and Assurance Arrangements document changes',
      [SECTION_G],
      [],
      'security_sub_committee',
      ['changes Section G, a Security Obligations and Assurance Arrangements document'],
    ],
    [
      'D6.8(g) the Security Sub-Committee must be asked when it has said it wishes to give a view',
      [SECTION_D],
      [notice('security_sub_committee', '2026-11-02')],
      'security_sub_committee',
      ['the Security Sub-Committee has said it wishes to give a view (recorded 2 November 2026)'],
    ],
    [
      'D6.8(h) the SMKI PMA must be asked when an SMKI SEC Document changes',
      [SECTION_L],
      [],
      'smki_pma',
      ['changes Section L, an SMKI SEC Document'],
    ],
    [
      'D6.8(h) the SMKI PMA must be asked when it has said it wishes to give a view',
      [],
      [notice('smki_pma')],
      'smki_pma',
      ['the SMKI PMA has said it wishes to give a view (recorded 3 March 2026)'],
    ],
    [
      'D6.8(i) the Alt HAN Forum must be asked when Section Z changes',
      [SECTION_Z],
      [],
      'alt_han_forum',
      ['changes Section Z'],
    ],
    [
      'D6.8(i) the Alt HAN Forum must be asked when a document relating to Section Z changes',
      [APPENDIX_X],
      [],
      'alt_han_forum',
      ['changes Appendix X, which relates to Section Z'],
    ],
    [
      'D6.8(i) the Alt HAN Forum must be asked when Section K changes in a way likely to affect Alt HAN Charges',
      [SECTION_K],
      [],
      'alt_han_forum',
      ['changes Section K in a way likely to affect Alt HAN Charges'],
    ],
    [
      'D6.8(i) the Alt HAN Forum must be asked when the Forum has said it wishes to give a view',
      [],
      [notice('alt_han_forum')],
      'alt_han_forum',
      ['the Alt HAN Forum has said it wishes to give a view (recorded 3 March 2026)'],
    ],
    [
      'D6.8(i) the Alt HAN Forum must be asked when a Forum Sub-Group says the Forum wishes to give a view',
      [],
      [notice('alt_han_forum', '2026-03-03', 'Technical Sub-Group')],
      'alt_han_forum',
      [
        'an Alt HAN Forum Sub-Group (Technical Sub-Group) said the Forum wishes to give a view (recorded 3 March 2026)',
      ],
    ],
  ] as const)('%s', (_name, documents, notices, body, reasons) => {
    const result = outcome([...documents], [...notices], body);
    expect(result.mandatory).toBe(true);
    expect(result.reasons).toEqual(reasons);
  });

  it.each([
    ['tabasc', 'f'],
    ['security_sub_committee', 'g'],
    ['smki_pma', 'h'],
    ['alt_han_forum', 'i'],
  ] as const)(
    'D6.8(f)–(i) the %s is optional, under purpose (%s), when no rule fires',
    (body, purpose) => {
      const result = outcome([SECTION_D], [], body);
      expect(result).toEqual({ body, purpose, mandatory: false, reasons: [] });
    },
  );

  it('D6.8(f)–(i) every rule that fires is named, once, and a notice of one body makes no other mandatory', () => {
    const results = requiredConsultations(
      [SECTION_G, SECTION_L, SECTION_K, SECTION_K],
      [notice('security_sub_committee')],
    );
    expect(results.map((r) => [r.body, r.mandatory])).toEqual([
      ['tabasc', false],
      ['security_sub_committee', true],
      ['smki_pma', true],
      ['alt_han_forum', true],
    ]);
    expect(results[1]?.reasons).toEqual([
      'changes Section G, a Security Obligations and Assurance Arrangements document',
      'the Security Sub-Committee has said it wishes to give a view (recorded 3 March 2026)',
    ]);
    expect(results[3]?.reasons).toEqual([
      'changes Section K in a way likely to affect Alt HAN Charges',
    ]);
  });

  it('D6.8(i) only the Alt HAN Forum accepts a notice from a sub-group', () => {
    expect(SUB_COMMITTEES.filter(acceptsSubgroupNotice)).toEqual(['alt_han_forum']);
  });

  it('D6.8(f)–(i) a mandatory consultation stays unsought until its body has been asked', () => {
    const consultations = requiredConsultations([SECTION_G, APPENDIX_AB], []);
    expect(unsoughtViews(consultations, []).map((c) => c.body)).toEqual([
      'tabasc',
      'security_sub_committee',
    ]);
    expect(unsoughtViews(consultations, ['tabasc', 'smki_pma']).map((c) => c.body)).toEqual([
      'security_sub_committee',
    ]);
  });

  it.each([
    [doc('section', 'Section G', 'Security'), 'Section G'],
    [doc('section', 'G', 'Security'), 'Section G'],
    [doc('appendix', 'AB', 'Technical Specification'), 'Appendix AB'],
    [doc('schedule', 'Schedule 8', 'GBCS'), 'Schedule 8'],
    [doc('subsidiary', 'TMMD', 'Traffic Management Mechanism Document'), 'TMMD'],
    [doc('subsidiary', '', 'SMKI Code of Connection'), 'the SMKI Code of Connection'],
  ])('names a changed document as people do: %o is "%s"', (document, label) => {
    expect(documentInProse(document)).toBe(label);
  });
});

const documentArbitrary = fc.record({
  kind: fc.constantFrom('section', 'schedule', 'appendix', 'subsidiary'),
  code: fc.constantFrom('Section G', 'Section Z', 'Section K', 'Appendix AB', 'Schedule 8', ''),
  title: fc.constantFrom('A document', 'Another document'),
  isTechnicalCodeSpecification: fc.boolean(),
  isSecurityObligation: fc.boolean(),
  isSmkiDocument: fc.boolean(),
  relatesToSectionZ: fc.boolean(),
  affectsAltHanCharges: fc.boolean(),
}) as fc.Arbitrary<ChangedDocument>;

const noticeArbitrary = fc
  .record({
    body: fc.constantFrom(...SUB_COMMITTEES),
    viaSubgroup: fc.option(fc.constantFrom('Technical Sub-Group', 'Charging Sub-Group')),
    recordedOn: fc.constantFrom('2026-03-03', '2026-11-27'),
  })
  .map((n) => ({ ...n, viaSubgroup: n.body === 'alt_han_forum' ? n.viaSubgroup : null }));

/** Whether any trigger of `body` is present: the rules of D6.8(f)–(i) stated independently. */
function triggered(body: SubCommittee, documents: ChangedDocument[], notices: ViewNotice[]) {
  if (notices.some((n) => n.body === body)) return true;
  return documents.some((d) => {
    switch (body) {
      case 'tabasc':
        return d.isTechnicalCodeSpecification;
      case 'security_sub_committee':
        return d.isSecurityObligation;
      case 'smki_pma':
        return d.isSmkiDocument;
      case 'alt_han_forum':
        return (
          d.relatesToSectionZ ||
          d.affectsAltHanCharges ||
          (d.kind === 'section' && d.code === 'Section Z')
        );
    }
  });
}

describe('D6.8(f)–(i) consultation rules, for any documents and notices', () => {
  it('D6.8(f)–(i) a body is mandatory exactly when one of its triggers is present, with a reason for it', () => {
    fc.assert(
      fc.property(
        fc.array(documentArbitrary, { maxLength: 6 }),
        fc.array(noticeArbitrary, { maxLength: 4 }),
        (documents, notices) => {
          for (const result of requiredConsultations(documents, notices)) {
            const expected = triggered(result.body, documents, notices);
            expect(result.mandatory).toBe(expected);
            expect(result.reasons.length > 0).toBe(expected);
          }
        },
      ),
    );
  });

  it('D6.8(f)–(i) once every mandatory body is asked, none is left unsought', () => {
    fc.assert(
      fc.property(
        fc.array(documentArbitrary, { maxLength: 6 }),
        fc.array(noticeArbitrary, { maxLength: 4 }),
        (documents, notices) => {
          const consultations = requiredConsultations(documents, notices);
          const mandatory = consultations.filter((c) => c.mandatory).map((c) => c.body);
          expect(unsoughtViews(consultations, mandatory)).toEqual([]);
          expect(unsoughtViews(consultations, []).map((c) => c.body)).toEqual(mandatory);
        },
      ),
    );
  });
});

describe('D6.8(f)–(i): running the rules again after a change', () => {
  const appendixAd = changedDocumentOfClasses({
    kind: 'appendix',
    code: 'Appendix AD',
    title: 'DCC User Interface Specification',
    classes: ['technical_code_specification'],
  });
  const sectionD = changedDocumentOfClasses({
    kind: 'section',
    code: 'Section D',
    title: 'Modification Process',
    classes: [],
  });

  it('D6.8(f): a catalogue entry’s classes read as the rules’ flags', () => {
    expect(appendixAd).toMatchObject({
      isTechnicalCodeSpecification: true,
      isSecurityObligation: false,
      affectsAltHanCharges: false,
    });
  });

  it('D6.8(f): adding a Technical Code Specification makes TABASC newly mandatory unless already asked', () => {
    const before = requiredConsultations([sectionD], []);
    const after = requiredConsultations([sectionD, appendixAd], []);
    expect(consultationChanges(before, after).map((change) => change.body)).toEqual(['tabasc']);
    expect(newlyMandatory(before, after, []).map((c) => c.body)).toEqual(['tabasc']);
    expect(newlyMandatory(before, after, ['tabasc'])).toEqual([]);
    expect(newlyMandatory(after, after, [])).toEqual([]);
  });

  it('D6.8(f): clearing the class makes TABASC optional again: a change, but nothing newly mandatory', () => {
    const before = requiredConsultations([appendixAd], []);
    const after = requiredConsultations(
      [{ ...appendixAd, isTechnicalCodeSpecification: false }],
      [],
    );
    expect(consultationChanges(before, after)).toEqual([
      {
        body: 'tabasc',
        before: {
          mandatory: true,
          reasons: ['changes Appendix AD, a Technical Code Specification'],
        },
        after: { mandatory: false, reasons: [] },
      },
    ]);
    expect(newlyMandatory(before, after, [])).toEqual([]);
  });

  it('D6.8(f): the reason for a return names the stage, the body, the clause and the rule', () => {
    const after = requiredConsultations([appendixAd], []);
    expect(returnReason('Report Phase', newlyMandatory([], after, []))).toBe(
      'The documents it changes changed at the Report Phase stage, after refinement: the views of TABASC must now be sought under D6.8(f) (changes Appendix AD, a Technical Code Specification)',
    );
  });
});

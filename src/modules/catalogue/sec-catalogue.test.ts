import { describe, expect, it } from 'vitest';
import { checkDocument, checkDocumentId, TECHNICAL_CODE_SPECIFICATIONS } from './catalogue.ts';
import {
  SEC_CATALOGUE,
  catalogueToLoad,
  uncoveredTechnicalCodeSpecifications,
  type ReferenceDocument,
} from './sec-catalogue.ts';

const byId = (id: string) => SEC_CATALOGUE.find((entry) => entry.id === id);

describe('A-TCS: the SEC catalogue as reference data', () => {
  it('A-TCS: every entry passes the catalogue’s own checks, with a unique id', () => {
    for (const entry of SEC_CATALOGUE) {
      expect(checkDocumentId(entry.id), entry.id).toBeNull();
      expect(checkDocument({ ...entry, retired: false }), entry.id).toBeNull();
    }
    const ids = SEC_CATALOGUE.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('A-TCS: each Technical Code Specification of A1.1 (as SECMP0061 amends it) has an entry marked as one', () => {
    expect(uncoveredTechnicalCodeSpecifications()).toEqual([]);
    expect(byId('sec-release-management-policy')?.classes).toContain(
      'technical_code_specification',
    );
    for (const entry of SEC_CATALOGUE.filter((e) =>
      e.classes.includes('technical_code_specification'),
    )) {
      expect(TECHNICAL_CODE_SPECIFICATIONS, entry.id).toContain(entry.technicalCodeSpecification);
    }
    expect(SEC_CATALOGUE.some((entry) => entry.title === 'Panel Release Management Policy')).toBe(
      false,
    );
  });

  it('A-TCS: a list missing a Technical Code Specification is caught', () => {
    const without = SEC_CATALOGUE.filter((entry) => entry.id !== 'appendix-ad');
    expect(uncoveredTechnicalCodeSpecifications(without)).toEqual([
      'DCC User Interface Specification',
    ]);
  });

  it('A-TCS: the Sections of the Code are there, from Section A to Section Z', () => {
    const sections = SEC_CATALOGUE.filter((entry) => entry.kind === 'section').map((e) => e.code);
    expect(sections[0]).toBe('Section A');
    expect(sections.at(-1)).toBe('Section Z');
    for (const letter of 'ABCDEFGHIJKLMNXZ') expect(sections).toContain(`Section ${letter}`);
  });

  it('D6.8(g)–(i): the classes sit where domain.md puts them', () => {
    expect(byId('section-g')?.classes).toEqual(['security_obligation']);
    expect(byId('section-l')?.classes).toEqual(['smki_document']);
    for (const letter of ['a', 'b', 'c', 'd'])
      expect(byId(`appendix-${letter}`)?.classes).toEqual(['smki_document']);
    expect(byId('section-z')?.classes).toEqual(['relates_to_section_z']);
    expect(byId('section-k')?.classes).toEqual([]);
    expect(byId('section-k-alt-han-charges')?.classes).toEqual(['affects_alt_han_charges']);
  });
});

describe('A-TCS: loading the catalogue adds only what is missing', () => {
  const reference: ReferenceDocument[] = [
    {
      id: 'section-k',
      kind: 'section',
      code: 'Section K',
      title: 'Charging Methodology',
      classes: [],
    },
    {
      id: 'section-k-alt-han-charges',
      kind: 'section',
      code: 'Section K',
      title: 'Charging Methodology: Alt HAN Charges',
      classes: ['affects_alt_han_charges'],
    },
    {
      id: 'appendix-ad',
      kind: 'appendix',
      code: 'Appendix AD',
      title: 'DCC User Interface Specification',
      classes: ['technical_code_specification'],
    },
    {
      id: 'sec-release-management-policy',
      kind: 'subsidiary',
      code: '',
      title: 'SEC Release Management Policy',
      classes: ['technical_code_specification'],
    },
  ];

  it('A-TCS: into an empty catalogue, everything', () => {
    expect(catalogueToLoad(reference, [])).toEqual({ add: reference, present: [] });
  });

  it('A-TCS: an entry SECAS already has, by id, title or unique code, is left alone', () => {
    const plan = catalogueToLoad(reference, [
      { id: 'section-k-alt-han-charges', kind: 'section', code: 'Section K', title: 'Edited' },
      { id: 'duis', kind: 'appendix', code: 'Appendix AD', title: 'DUIS' },
      { id: 'rmp', kind: 'subsidiary', code: '', title: '  sec release  management policy' },
    ]);
    expect(plan.add.map((entry) => entry.id)).toEqual(['section-k']);
    expect(plan.present).toEqual([
      { id: 'section-k-alt-han-charges', as: 'section-k-alt-han-charges' },
      { id: 'appendix-ad', as: 'duis' },
      { id: 'sec-release-management-policy', as: 'rmp' },
    ]);
  });

  it('A-TCS: a code two reference entries share (Section K) does not match by code alone', () => {
    const plan = catalogueToLoad(reference, [
      { id: 'charging', kind: 'section', code: 'Section K', title: 'Charging' },
    ]);
    expect(plan.add.map((entry) => entry.id)).toContain('section-k');
    expect(plan.add.map((entry) => entry.id)).toContain('section-k-alt-han-charges');
  });

  it('A-TCS: a second load adds nothing', () => {
    const existing = SEC_CATALOGUE.map(({ id, kind, code, title }) => ({ id, kind, code, title }));
    expect(catalogueToLoad(SEC_CATALOGUE, existing).add).toEqual([]);
  });
});

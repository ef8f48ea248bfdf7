import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../identity/identity.ts';
import {
  CLASS_CONSULTEES,
  DOCUMENT_CLASSES,
  TECHNICAL_CODE_SPECIFICATIONS,
  checkDocument,
  checkDocumentId,
  classesOf,
  compareDocuments,
  documentLabel,
  flagsOf,
  normaliseClasses,
} from './catalogue.ts';
import { canManageCatalogue, canReadCatalogue } from './catalogue.access.ts';

const entry = {
  kind: 'appendix',
  code: 'Appendix AD',
  title: 'DCC User Interface Specification',
  classes: [],
  retired: false,
};

function person(role: Role): Principal {
  return {
    userId: 1,
    name: 'Test',
    email: 'test@example.org',
    organisationId: null,
    organisationName: null,
    organisationKind: null,
    roles: [{ role, scope: '' }],
    via: 'token',
    sessionId: null,
  };
}

describe('A-TCS: the Technical Code Specifications are kept as data', () => {
  it('A-TCS: the A1.1 list, as SECMP0061 amends it, includes the SEC Release Management Policy and not the Panel one', () => {
    expect(TECHNICAL_CODE_SPECIFICATIONS).toContain('SEC Release Management Policy');
    expect(TECHNICAL_CODE_SPECIFICATIONS).not.toContain('Panel Release Management Policy');
    expect(TECHNICAL_CODE_SPECIFICATIONS).toContain('DCC User Interface Specification');
    expect(TECHNICAL_CODE_SPECIFICATIONS).toHaveLength(17);
  });

  it('D6.8(f)–(i): each class names the Sub-Committee whose views it makes mandatory', () => {
    expect(CLASS_CONSULTEES.technical_code_specification.body).toBe('tabasc');
    expect(CLASS_CONSULTEES.security_obligation.body).toBe('security_sub_committee');
    expect(CLASS_CONSULTEES.smki_document.body).toBe('smki_pma');
    expect(CLASS_CONSULTEES.relates_to_section_z.body).toBe('alt_han_forum');
    expect(CLASS_CONSULTEES.affects_alt_han_charges.body).toBe('alt_han_forum');
  });

  it('Catalogue: classes and their stored flags convert both ways', () => {
    for (const documentClass of DOCUMENT_CLASSES)
      expect(classesOf(flagsOf([documentClass]))).toEqual([documentClass]);
    expect(classesOf(flagsOf([]))).toEqual([]);
    expect(
      normaliseClasses(['smki_document', 'technical_code_specification', 'smki_document']),
    ).toEqual(['technical_code_specification', 'smki_document']);
  });
});

describe('Catalogue entries are checked before they are stored', () => {
  it('Catalogue: ids are lower-case and hyphenated', () => {
    expect(checkDocumentId('appendix-ad')).toBeNull();
    expect(checkDocumentId('sec-release-management-policy')).toBeNull();
    for (const bad of ['', 'Appendix AD', 'appendix_ad', '-ad', 'ad-', 'x'.repeat(65)]) {
      expect(checkDocumentId(bad)).toMatchObject({ field: 'id' });
    }
  });

  it('Catalogue: codes are written as the Code writes them for each kind', () => {
    expect(checkDocument(entry)).toBeNull();
    expect(checkDocument({ ...entry, kind: 'section', code: 'Section D' })).toBeNull();
    expect(checkDocument({ ...entry, kind: 'schedule', code: 'Schedule 8' })).toBeNull();
    expect(checkDocument({ ...entry, kind: 'subsidiary', code: '' })).toBeNull();
    expect(checkDocument({ ...entry, code: 'AD' })).toMatchObject({ field: 'code' });
    expect(checkDocument({ ...entry, kind: 'section', code: 'D' })).toMatchObject({
      field: 'code',
    });
    expect(checkDocument({ ...entry, kind: 'chapter' })).toMatchObject({ field: 'kind' });
    expect(checkDocument({ ...entry, title: ' ' })).toMatchObject({ field: 'title' });
    expect(checkDocument({ ...entry, classes: ['important'] })).toMatchObject({ field: 'classes' });
  });

  it('D6.8(i)(iii): only a Section K entry can be marked as able to affect Alt HAN Charges', () => {
    const sectionK = {
      kind: 'section',
      code: 'Section K',
      title: 'Charging Methodology',
      classes: ['affects_alt_han_charges'],
      retired: false,
    };
    expect(checkDocument(sectionK)).toBeNull();
    expect(checkDocument({ ...sectionK, code: 'Section J' })).toMatchObject({ field: 'classes' });
  });

  it('Catalogue: entries sort as the Code is read, and are labelled by code and title', () => {
    const sorted = [
      { kind: 'subsidiary' as const, code: '', title: 'SEC Release Management Policy' },
      { kind: 'appendix' as const, code: 'Appendix AD', title: 'DUIS' },
      { kind: 'section' as const, code: 'Section D', title: 'Modification Process' },
      { kind: 'schedule' as const, code: 'Schedule 10', title: 'CHTS' },
      { kind: 'schedule' as const, code: 'Schedule 8', title: 'GBCS' },
    ].sort(compareDocuments);
    expect(sorted.map((d) => d.code || d.title)).toEqual([
      'Section D',
      'Schedule 8',
      'Schedule 10',
      'Appendix AD',
      'SEC Release Management Policy',
    ]);
    expect(documentLabel({ code: 'Appendix AD', title: 'DUIS' })).toBe('Appendix AD — DUIS');
    expect(documentLabel({ code: '', title: 'SEC Release Management Policy' })).toBe(
      'SEC Release Management Policy',
    );
  });
});

describe('Who maintains the catalogue', () => {
  it('Catalogue: anyone signed in reads it; only the Code Administrator changes it', () => {
    expect(canReadCatalogue(person('party'))).toBe(true);
    expect(canReadCatalogue(null)).toBe(false);
    expect(canManageCatalogue(person('code_administrator'))).toBe(true);
    for (const role of ['party', 'panel_chair', 'panel_member', 'authority', 'dcc'] as const) {
      expect(canManageCatalogue(person(role))).toBe(false);
    }
  });
});

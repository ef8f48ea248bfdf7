/** D6.8(e): the refinement's documents and testing solution against the provisions the legal text touches. */
import { describe, expect, it } from 'vitest';
import {
  coverageRefusal,
  legalTextCoverage,
  namedSections,
  sectionOfLabel,
} from './code-coverage.ts';

const noTesting = { required: false, testingSolution: null };

describe('D6.8(e) cross-check of the legal text', () => {
  it('D6.8(e) refuses legal text that changes Section G when Section G is not listed', () => {
    const findings = legalTextCoverage({
      touched: ['G3.2', 'G3.4(a)', 'D10.1'],
      documents: [{ kind: 'section', code: 'Section D' }],
      dccTesting: noTesting,
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'document-not-listed',
        severity: 'refusal',
        section: 'Section G',
        provisions: ['G3.2', 'G3.4(a)'],
      }),
    ]);
    expect(coverageRefusal(findings, 'refinement')).toContain(
      'Section G is not among the documents',
    );
  });

  it('D6.8(e) refuses every gated act by the one rule, naming the act, each Section and its provisions', () => {
    const findings = legalTextCoverage({
      touched: ['G3.2', 'D10.3', 'A1.1'],
      documents: [{ kind: 'section', code: 'Section A' }],
      dccTesting: noTesting,
    });
    expect(coverageRefusal(findings, 'refinement')).toBe(
      'Refinement cannot complete: The legal text changes D10.3, but Section D is not among the documents the modification changes; The legal text changes G3.2, but Section G is not among the documents the modification changes (D6.8(e))',
    );
    expect(coverageRefusal(findings, 'allocation')).toBe(
      'The modification cannot be allocated to a release: The legal text changes D10.3, but Section D is not among the documents the modification changes; The legal text changes G3.2, but Section G is not among the documents the modification changes (D6.8(e))',
    );
    const listed = legalTextCoverage({
      touched: ['G3.2', 'D10.3', 'A1.1'],
      documents: ['A', 'D', 'G'].map((code) => ({ kind: 'section' as const, code })),
      dccTesting: noTesting,
    });
    expect(coverageRefusal(listed, 'refinement')).toBeUndefined();
    expect(coverageRefusal(listed, 'allocation')).toBeUndefined();
  });

  it('D6.8(e) is satisfied when every Section changed is listed (by "Section G" or "G")', () => {
    expect(
      legalTextCoverage({
        touched: ['G3.2', 'A1.1'],
        documents: [
          { kind: 'section', code: 'G' },
          { kind: 'section', code: 'Section A' },
          { kind: 'appendix', code: 'Appendix AB' },
        ],
        dccTesting: noTesting,
      }),
    ).toEqual([]);
  });

  it('D6.8(e) does not take an appendix or a subsidiary document for a Section', () => {
    const findings = legalTextCoverage({
      touched: ['H14.3'],
      documents: [{ kind: 'subsidiary', code: 'H' }],
      dccTesting: noTesting,
    });
    expect(findings.map((f) => f.section)).toEqual(['Section H']);
  });

  it('D6.8(e) warns when the testing solution names a Section the legal text does not change', () => {
    const findings = legalTextCoverage({
      touched: ['D10.18'],
      documents: [{ kind: 'section', code: 'Section D' }],
      dccTesting: {
        required: true,
        testingSolution: 'Testing under Sections H14.3 and T2, as set out in Section D10.18.',
      },
    });
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'testing-solution-not-in-legal-text',
        severity: 'warning',
        section: 'Section H',
      }),
      expect.objectContaining({ severity: 'warning', section: 'Section T' }),
    ]);
    expect(coverageRefusal(findings, 'refinement')).toBeUndefined();
    expect(coverageRefusal(findings, 'allocation')).toBeUndefined();
  });

  it('D6.8(e) says nothing of the testing solution when DCC testing is not required', () => {
    expect(
      legalTextCoverage({
        touched: ['D10.18'],
        documents: [{ kind: 'section', code: 'Section D' }],
        dccTesting: { required: false, testingSolution: 'Section H14.3' },
      }),
    ).toEqual([]);
  });

  it('D6.8(e) reads labels and named Sections', () => {
    expect(sectionOfLabel('D10.8(c)')).toBe('D');
    expect(sectionOfLabel('A1.1')).toBe('A');
    expect(sectionOfLabel('')).toBeUndefined();
    expect(namedSections('see Sections T2, T3 and H14.3(a) and Section G')).toEqual([
      'T2',
      'T3',
      'H14.3(a)',
      'G',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { changedSections, redlineTad } from './tad-redline.ts';
import {
  amendmentBase,
  checkReleaseOpen,
  checkTadRequest,
  checkTadReview,
  checkTadText,
  isEditable,
  isPublished,
  MAX_SECTION_LENGTH,
  missingTadSections,
  nextVersionNumber,
  tadTaskState,
  type TadStatus,
  type TadText,
} from './tad.ts';

const full: TadText = {
  objectives: 'Assure that the release works end to end.',
  strategy: 'DCC SIT, regression and UIT support.',
  consequences: 'Costs £1.2m; risk of a late defect.',
};

describe('D10.19: a TAD version defines (a) objectives, (b) strategy and (c) consequences', () => {
  it.each([
    [{ ...full }, []],
    [{ ...full, objectives: '' }, ['a']],
    [{ ...full, objectives: '  ', consequences: '\n' }, ['a', 'c']],
    [{ objectives: '', strategy: '', consequences: '' }, ['a', 'b', 'c']],
    [{ ...full, strategy: '' }, ['b']],
  ])('D10.19: %j misses %j', (text, missing) => {
    expect(missingTadSections(text).map((s) => s.letter)).toEqual(missing);
  });

  it('D10.19: the missing sections name their field and what they must define', () => {
    const [a, c] = missingTadSections({ ...full, objectives: '', consequences: '' });
    expect(a).toMatchObject({ field: 'objectives' });
    expect(a?.description).toContain('assurance to be achieved');
    expect(c).toMatchObject({ field: 'consequences' });
    expect(c?.description).toContain('costs and risks in business terms');
  });

  it('D10.19: a section longer than the limit is refused, naming it', () => {
    expect(checkTadText(full)).toBeNull();
    expect(checkTadText({ ...full, strategy: 'x'.repeat(MAX_SECTION_LENGTH + 1) })).toMatchObject({
      field: 'strategy',
    });
  });

  it.each<[TadStatus, boolean, boolean]>([
    ['draft', true, false],
    ['submitted', false, true],
    ['reviewed', false, true],
    ['effective', false, true],
    ['superseded', false, true],
  ])('D10.19, D10.20: a %s version is editable: %s; public: %s', (status, editable, open) => {
    expect(isEditable({ status })).toBe(editable);
    expect(isPublished({ status })).toBe(open);
  });
});

describe('D10.18, ruling 8: the Panel’s request creates the DCC’s task', () => {
  const today = '2026-11-27';
  it.each([
    [{ requestedOn: '2026-11-20', dueDate: '2027-01-15', scopeNote: '' }, null],
    [{ requestedOn: '2026-11-27', dueDate: null, scopeNote: 'DCC SIT only' }, null],
    [{ requestedOn: '2026-11-28', dueDate: null, scopeNote: '' }, 'requestedOn'],
    [{ requestedOn: '27/11/2026', dueDate: null, scopeNote: '' }, 'requestedOn'],
    [{ requestedOn: '2026-11-20', dueDate: '2026-11-19', scopeNote: '' }, 'dueDate'],
    [{ requestedOn: '2026-11-20', dueDate: '2026-02-30', scopeNote: '' }, 'dueDate'],
    [{ requestedOn: '2026-11-20', dueDate: null, scopeNote: 'x'.repeat(5001) }, 'scopeNote'],
  ])('D10.18: request %j → field at fault %s', (input, field) => {
    expect(checkTadRequest(input, today)?.field ?? null).toBe(field);
  });

  it.each([
    ['planned', true],
    ['in_test', true],
    ['live', false],
    ['closed', false],
    ['cancelled', false],
  ])('ruling 8: a %s release may have a TAD requested: %s', (status, allowed) => {
    expect(checkReleaseOpen(status, 'June 2027 SEC Release') === null).toBe(allowed);
  });

  it.each([
    [{ dueDate: '2026-12-01' }, [], '2026-11-27', 'due'],
    [{ dueDate: '2026-12-01' }, [], '2026-12-01', 'due'],
    [{ dueDate: '2026-12-01' }, [], '2026-12-02', 'overdue'],
    [{ dueDate: null }, [], '2030-01-01', 'due'],
    [{ dueDate: '2026-12-01' }, [{ submittedAt: null }], '2026-12-02', 'overdue'],
    [{ dueDate: '2026-12-01' }, [{ submittedAt: new Date() }], '2026-12-02', 'done'],
  ])('D10.18: due %j with versions %j on %s → %s', (request, versions, today, state) => {
    expect(tadTaskState(request, versions, today)).toBe(state);
  });
});

describe('D10.20: amendments, the consultation and the Panel’s review', () => {
  it('D10.20: an amendment is based on the latest submitted, reviewed or effective version', () => {
    const none: { number: number; status: TadStatus }[] = [];
    expect(amendmentBase(none)).toBeUndefined();
    expect(amendmentBase([{ number: 1, status: 'draft' as const }])).toBeUndefined();
    expect(
      amendmentBase([
        { number: 1, status: 'effective' as const },
        { number: 2, status: 'reviewed' as const },
        { number: 3, status: 'submitted' as const },
      ])?.number,
    ).toBe(3);
    expect(
      amendmentBase([
        { number: 2, status: 'superseded' as const },
        { number: 3, status: 'effective' as const },
      ])?.number,
    ).toBe(3);
  });

  it('D10.20: the next version number follows the highest', () => {
    expect(nextVersionNumber([])).toBe(1);
    expect(nextVersionNumber([{ number: 2 }, { number: 1 }])).toBe(3);
  });

  const today = '2026-12-20';
  const closedOn = '2026-12-11';
  it.each([
    [{ reviewedOn: '2026-12-15', notes: 'Content; the Panel noted the risks.' }, null],
    [{ reviewedOn: '2026-12-11', notes: 'Reviewed on the day it closed.' }, null],
    [{ reviewedOn: '2026-12-10', notes: 'Before the close' }, 'reviewedOn'],
    [{ reviewedOn: '2026-12-21', notes: 'In the future' }, 'reviewedOn'],
    [{ reviewedOn: 'soon', notes: 'x' }, 'reviewedOn'],
    [{ reviewedOn: '2026-12-15', notes: '   ' }, 'notes'],
  ])('D10.20: review %j → field at fault %s', (input, field) => {
    expect(checkTadReview(input, today, closedOn)?.field ?? null).toBe(field);
  });
});

describe('D10.20: the redline of an amendment, word by word in each section', () => {
  it('D10.20: only the changed sections are marked, with inserted and deleted words', () => {
    const to = {
      ...full,
      strategy: 'DCC SIT, regression, performance testing and User Integration Testing support.',
    };
    const redline = redlineTad(full, to);
    expect(redline.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(changedSections(redline)).toEqual(['b']);
    const b = redline[1];
    expect(
      b?.parts
        .filter((p) => p.op === 'insert')
        .map((p) => p.text)
        .join(''),
    ).toContain('performance testing');
    expect(b?.parts.filter((p) => p.op === 'delete').map((p) => p.text)).toContain('UIT');
  });

  it('D10.20: identical versions have no change', () => {
    expect(changedSections(redlineTad(full, { ...full }))).toEqual([]);
  });
});

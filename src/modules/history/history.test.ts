import { describe, expect, it } from 'vitest';
import {
  planHistory,
  readHistoryRecord,
  type HistoryKnown,
  type HistoryRecord,
} from './history.ts';

const source = { sourceUrl: 'https://smartenergycodecompany.co.uk/modifications/mp200/' };

function read(raw: Record<string, unknown>): HistoryRecord {
  const { record, problems } = readHistoryRecord(raw);
  expect(problems).toEqual([]);
  if (!record) throw new Error('no record');
  return record;
}

const known = (over: Partial<HistoryKnown> = {}): HistoryKnown => ({
  cutOver: '2026-01-01',
  modifications: new Map(),
  releases: new Map(),
  decisions: new Map(),
  ridVersions: new Map(),
  organisations: new Map(),
  documents: new Set(['section-d']),
  hasPolicy: true,
  ...over,
});

describe('Ruling 13: reading a record of the past register', () => {
  it('ruling 12: keeps the real forms of references; lists from text or arrays', () => {
    const record = read({
      type: 'modification',
      reference: 'mp102a',
      title: 'Power Outage Alerts triggered by an OTA firmware upgrade',
      status: 'implemented',
      raisedOn: '2019-11-01',
      implementedOn: '2020-11-29',
      documents: 'section-d; appendix-ad',
      ...source,
    });
    expect(record).toMatchObject({ reference: 'MP102A', documents: ['section-d', 'appendix-ad'] });
    expect(
      read({
        type: 'release',
        name: 'November 2020 SEC Release',
        goLive: '2020-11-29',
        releaseType: 'november',
        status: 'live',
        modifications: ['MP080', 'SECMP0062:part 2'],
        sourceSummary: 'SEC v27.0',
      }),
    ).toMatchObject({
      modifications: [
        { reference: 'MP080', part: 'whole' },
        { reference: 'SECMP0062', part: 'part 2' },
      ],
    });
  });

  it('names each problem by its field: a bad reference, a date, a missing source', () => {
    const { problems } = readHistoryRecord({
      type: 'decision',
      modification: 'CP1234',
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2020-13-01',
    });
    expect(problems.map((p) => p.field)).toEqual(['modification', 'decidedOn', 'sourceUrl']);
    expect(readHistoryRecord({ type: 'meeting' }).problems[0]?.field).toBe('type');
  });
});

describe('Ruling 13: planning an import', () => {
  const decision = (decidedOn: string) =>
    read({
      type: 'decision',
      modification: 'MP200',
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn,
      ...source,
    });

  it('refuses a record dated on or after the cut-over', () => {
    const plan = planHistory(
      [decision('2026-01-01')],
      known({ modifications: new Map([['MP200', { id: 1, heldOutside: true }]]) }),
    );
    expect(plan.problems).toMatchObject([
      { index: 0, field: 'decidedOn', code: 'history_after_cut_over' },
    ]);
  });

  it('skips what is already held outside secrel, refuses a live record of the same key', () => {
    const held = planHistory(
      [decision('2022-06-01')],
      known({
        modifications: new Map([['MP200', { id: 1, heldOutside: true }]]),
        decisions: new Map([['MP200 authority_decision 2022-06-01', { id: 7, heldOutside: true }]]),
      }),
    );
    expect(held).toEqual({ problems: [], toRecord: [], alreadyRecorded: [{ index: 0, id: 7 }] });
    const live = planHistory(
      [decision('2022-06-01')],
      known({
        decisions: new Map([
          ['MP200 authority_decision 2022-06-01', { id: 7, heldOutside: false }],
        ]),
      }),
    );
    expect(live.problems[0]?.code).toBe('history_conflict');
  });

  it('resolves references within the file and saves modifications before what refers to them', () => {
    const modification = read({
      type: 'modification',
      reference: 'MP200',
      title: 'Faster Switching consequential changes to the SEC',
      status: 'implemented',
      path: 'alv',
      raisedOn: '2022-01-10',
      ...source,
    });
    const plan = planHistory([decision('2022-06-01'), modification], known());
    expect(plan).toEqual({ problems: [], toRecord: [1, 0], alreadyRecorded: [] });
    expect(planHistory([decision('2022-06-01')], known()).problems[0]?.field).toBe('modification');
  });
});

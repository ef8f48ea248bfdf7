import { describe, expect, it } from 'vitest';
import { hasRequestAwaitingAuthority, type AuthorityRequestFact } from './request-standing.ts';

const dateSetAt = new Date('2026-10-01T10:00:00Z');
const request = (
  status: AuthorityRequestFact['status'],
  recordedAt: string,
): AuthorityRequestFact => ({ status, recordedAt: new Date(recordedAt) });

describe('D10.5: one rule counts the requests to the Authority, for allocation and deferral alike', () => {
  it.each([
    [
      'a pending request recorded after the date was set counts',
      [request('pending', '2026-10-02T09:00:00Z')],
      true,
    ],
    [
      'a pending request recorded at the very instant the date was set counts',
      [request('pending', '2026-10-01T10:00:00Z')],
      true,
    ],
    [
      'D10.5(b): a directed request does not: its answer is the date in force',
      [request('directed', '2026-10-02T09:00:00Z')],
      false,
    ],
    [
      'a declined request does not: the old date stands',
      [request('declined', '2026-10-02T09:00:00Z')],
      false,
    ],
    [
      'a pending request recorded before the date in force was set asked about an earlier date',
      [request('pending', '2026-09-30T09:00:00Z')],
      false,
    ],
    ['no request, nothing counts', [], false],
    [
      'one pending request among answered ones counts',
      [request('declined', '2026-10-02T09:00:00Z'), request('pending', '2026-10-03T09:00:00Z')],
      true,
    ],
  ] as const)('D10.5: %s', (_name, requests, expected) => {
    expect(hasRequestAwaitingAuthority(requests, dateSetAt)).toBe(expected);
  });

  it('D10.5: with no implementation date any pending request counts, an answered one never', () => {
    expect(hasRequestAwaitingAuthority([request('pending', '2020-01-01T00:00:00Z')], null)).toBe(
      true,
    );
    expect(hasRequestAwaitingAuthority([request('directed', '2020-01-01T00:00:00Z')], null)).toBe(
      false,
    );
  });
});

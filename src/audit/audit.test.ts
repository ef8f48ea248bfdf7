import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHAIN_START,
  GENESIS_HASH,
  canonicalJson,
  chainEvent,
  describeBreak,
  verifyBatch,
  type AuditEvent,
} from './audit.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const actor = { id: 7, label: 'Sam Secas (SECAS)' };

function nth(events: readonly AuditEvent[], index: number): AuditEvent {
  const event = events[index];
  if (!event) throw new Error(`no event at ${index}`);
  return event;
}

function buildChain(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  let head = CHAIN_START;
  for (let index = 0; index < count; index += 1) {
    const event = chainEvent(
      head,
      {
        action: 'thing.changed',
        subjectType: 'thing',
        subjectId: String(index),
        after: { n: index },
      },
      actor,
      new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
      sha,
    );
    events.push(event);
    head = { seq: event.seq, hash: event.hash };
  }
  return events;
}

describe('audit trail: canonical JSON', () => {
  it('sorts keys at every level so jsonb key order cannot change a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('drops undefined members as JSON storage does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('is the same text for any key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      }),
      { numRuns: 200 },
    );
  });
});

describe('audit trail: hash chain', () => {
  it('the first event links to the genesis hash and each next event to the one before', () => {
    const events = buildChain(3);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[2]?.prevHash).toBe(events[1]?.hash);
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('an intact chain verifies and hands on its cursor', () => {
    const events = buildChain(5);
    const result = verifyBatch(CHAIN_START, events, sha);
    expect(result).toEqual({ ok: true, cursor: { seq: 5, hash: events[4]?.hash } });
  });

  it('verifies across batches with the cursor', () => {
    const events = buildChain(6);
    const first = verifyBatch(CHAIN_START, events.slice(0, 3), sha);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(verifyBatch(first.cursor, events.slice(3), sha).ok).toBe(true);
  });

  it('an altered event is found by its sequence number', () => {
    const events = buildChain(5);
    const altered = events.map((event) =>
      event.seq === 3 ? { ...event, reason: 'rewritten' } : event,
    );
    const result = verifyBatch(CHAIN_START, altered, sha);
    expect(result).toEqual({ ok: false, broken: { seq: 3, problem: 'hash_mismatch' } });
    if (!result.ok) expect(describeBreak(result.broken)).toContain('event 3');
  });

  it('a re-hashed altered event breaks the link of the event after it', () => {
    const events = buildChain(4);
    const original = nth(events, 1);
    const forged = chainEvent(
      { seq: 1, hash: original.prevHash },
      {
        action: original.action,
        subjectType: original.subjectType,
        subjectId: original.subjectId,
        after: { n: 999 },
      },
      actor,
      new Date(original.at),
      sha,
    );
    const result = verifyBatch(
      CHAIN_START,
      [nth(events, 0), forged, nth(events, 2), nth(events, 3)],
      sha,
    );
    expect(result).toEqual({ ok: false, broken: { seq: 3, problem: 'prev_hash_mismatch' } });
  });

  it('a removed event is a gap', () => {
    const events = buildChain(4);
    const result = verifyBatch(CHAIN_START, [nth(events, 0), nth(events, 2), nth(events, 3)], sha);
    expect(result).toEqual({ ok: false, broken: { seq: 3, problem: 'gap', expectedSeq: 2 } });
  });

  it('any single-field change anywhere in a chain is detected (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.string({ minLength: 1 }), (position, text) => {
        const events = buildChain(8);
        const tampered = events.map((event) =>
          event.seq === position ? { ...event, actorLabel: `${event.actorLabel}${text}` } : event,
        );
        const result = verifyBatch(CHAIN_START, tampered, sha);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.broken.seq).toBe(position);
      }),
      { numRuns: 100 },
    );
  });
});

import type { Temporal } from 'temporal-polyfill';

/** The hash of the event before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

export type HashFn = (text: string) => string;

/** Who did something: a signed-in user, a token holder, or the system itself. */
export interface Actor {
  id: number | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

/** What a use case records about a state change. */
export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Which events a reader asks for; every field left undefined matches any event. */
export interface AuditFilter {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: number | undefined;
  action?: string | undefined;
  /** Inclusive instant bounds. */
  from?: Temporal.Instant | undefined;
  to?: Temporal.Instant | undefined;
}

/** An event as stored: the entry plus its place in the chain. */
export interface AuditEvent {
  seq: number;
  at: string;
  actorId: number | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  prevHash: string;
  hash: string;
}

/**
 * JSON with object keys sorted at every level and undefined members dropped, so the same
 * value always gives the same text, whatever order PostgreSQL's jsonb hands keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Brings a before/after value to the JSON shape it will have once stored and read back. */
export function toStoredJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** Tamper evidence: each event's hash covers its content and the hash of the event before it. */
export function hashEvent(event: Omit<AuditEvent, 'hash'>, hash: HashFn): string {
  const content = canonicalJson({
    seq: event.seq,
    at: event.at,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    before: event.before,
    after: event.after,
    reason: event.reason,
  });
  return hash(`${event.prevHash}\n${content}`);
}

/** The next link: sequence number, previous hash and own hash for an entry appended to `head`. */
export function chainEvent(
  head: { seq: number; hash: string },
  entry: AuditEntry,
  actor: Actor,
  at: Date,
  hash: HashFn,
): AuditEvent {
  const unhashed = {
    seq: head.seq + 1,
    at: at.toISOString(),
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: toStoredJson(entry.before),
    after: toStoredJson(entry.after),
    reason: entry.reason ?? null,
    prevHash: head.hash,
  };
  return { ...unhashed, hash: hashEvent(unhashed, hash) };
}

export type ChainBreak =
  | { seq: number; problem: 'gap'; expectedSeq: number }
  | { seq: number; problem: 'prev_hash_mismatch' }
  | { seq: number; problem: 'hash_mismatch' }
  | { seq: number; problem: 'head_mismatch' };

/** Carries verification state from one batch of events to the next. */
export interface ChainCursor {
  seq: number;
  hash: string;
}

export const CHAIN_START: ChainCursor = { seq: 0, hash: GENESIS_HASH };

/**
 * Checks a batch of events, in sequence order, against the cursor left by the batch before:
 * sequence numbers run on without gaps, each event names the previous hash, and each hash
 * matches the event's content. Returns the first break, or the cursor for the next batch.
 */
export function verifyBatch(
  cursor: ChainCursor,
  events: readonly AuditEvent[],
  hash: HashFn,
): { ok: true; cursor: ChainCursor } | { ok: false; broken: ChainBreak } {
  let { seq, hash: previous } = cursor;
  for (const event of events) {
    if (event.seq !== seq + 1) {
      return { ok: false, broken: { seq: event.seq, problem: 'gap', expectedSeq: seq + 1 } };
    }
    if (event.prevHash !== previous) {
      return { ok: false, broken: { seq: event.seq, problem: 'prev_hash_mismatch' } };
    }
    if (hashEvent(event, hash) !== event.hash) {
      return { ok: false, broken: { seq: event.seq, problem: 'hash_mismatch' } };
    }
    seq = event.seq;
    previous = event.hash;
  }
  return { ok: true, cursor: { seq, hash: previous } };
}

export function describeBreak(broken: ChainBreak): string {
  switch (broken.problem) {
    case 'gap':
      return `event ${broken.seq}: expected event ${broken.expectedSeq} next (events missing)`;
    case 'prev_hash_mismatch':
      return `event ${broken.seq}: does not link to the hash of the event before it`;
    case 'hash_mismatch':
      return `event ${broken.seq}: its content does not match its hash (altered)`;
    case 'head_mismatch':
      return `event ${broken.seq}: the chain head names it, but the chain ends before it (events removed)`;
  }
}

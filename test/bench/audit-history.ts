import type { Actor, AuditEntry } from '../../src/audit/audit.ts';

/** How many modifications and people the generated history talks about. */
export const HISTORY_MODIFICATIONS = 600;
export const HISTORY_USERS = 100;
const HISTORY_MEETINGS = 240;
const HISTORY_YEARS = 10;

const STATUSES = [
  'draft_proposal',
  'modification_proposal',
  'refinement',
  'report_phase',
  'modification_report_consultation',
  'change_board',
  'authority_decision',
  'approved',
  'allocated',
  'implemented',
] as const;

/** A small deterministic generator, so every load of the same sequence numbers looks alike. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const between = (random: Random, low: number, high: number): number =>
  low + Math.floor(random() * (high - low + 1));

const modificationRef = (id: number): string => `MP${String(id).padStart(3, '0')}`;

/** One kind of event with how often it occurs and how to make one. */
interface EventKind {
  weight: number;
  make(random: Random): AuditEntry;
}

function modificationEntry(action: string, random: Random, after: unknown, before?: unknown) {
  const id = between(random, 1, HISTORY_MODIFICATIONS);
  return { action, subjectType: 'modification', subjectId: String(id), before, after };
}

function userEntry(action: string, random: Random, after: unknown): AuditEntry {
  return {
    action,
    subjectType: 'user',
    subjectId: String(between(random, 1, HISTORY_USERS)),
    after,
  };
}

const ipOf = (random: Random): string =>
  `10.${between(random, 0, 20)}.${between(random, 0, 255)}.${between(random, 1, 254)}`;

/** The mix of a decade of release management: sign-ins and modification work dominate. */
const KINDS: readonly EventKind[] = [
  {
    weight: 24,
    make: (r) =>
      userEntry('session.signed_in', r, { session: r().toString(16).slice(2, 14), ip: ipOf(r) }),
  },
  {
    weight: 8,
    make: (r) => userEntry('session.signed_out', r, { session: r().toString(16).slice(2, 14) }),
  },
  {
    weight: 3,
    make: (r) =>
      userEntry('session.sign_in_failed', r, {
        failedLogins: between(r, 1, 6),
        lockedUntil: null,
        ip: ipOf(r),
      }),
  },
  {
    weight: 20,
    make: (r) => {
      const step = between(r, 0, STATUSES.length - 2);
      return modificationEntry(
        'modification.status_changed',
        r,
        { status: STATUSES[step + 1] },
        { status: STATUSES[step] },
      );
    },
  },
  {
    weight: 2,
    make: (r) => {
      const entry = modificationEntry('modification.raised', r, null);
      const ref = modificationRef(Number(entry.subjectId));
      return {
        ...entry,
        after: {
          reference: ref,
          title: `${ref}: changes to Section ${pick(r, ['D', 'F', 'G', 'H', 'L'])}`,
          status: 'draft_proposal',
        },
      };
    },
  },
  {
    weight: 12,
    make: (r) =>
      modificationEntry(
        'modification.updated',
        r,
        { summary: `Revised after Working Group ${between(r, 1, 40)}`, version: between(r, 2, 30) },
        { version: between(r, 1, 29) },
      ),
  },
  {
    weight: 8,
    make: (r) =>
      modificationEntry('consultation.response_recorded', r, {
        respondent: `Party ${between(r, 1, 80)}`,
        supports: r() < 0.7,
      }),
  },
  {
    weight: 5,
    make: (r) =>
      modificationEntry('refinement.concluded', r, {
        purpose: pick(r, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']),
        conclusion: 'Considered by the Working Group',
      }),
  },
  {
    weight: 5,
    make: (r) =>
      modificationEntry('timetable.set', r, {
        implementationDate: `20${between(r, 17, 27)}-${pick(r, ['02', '06', '11'])}-${pick(r, ['01', '23', '30'])}`,
        source: pick(r, ['proposal', 'refinement', 'decision']),
      }),
  },
  {
    weight: 4,
    make: (r) =>
      modificationEntry('view_request.created', r, {
        body: pick(r, ['tabasc', 'security_sub_committee', 'smki_pma', 'alt_han_forum']),
        mandatory: r() < 0.5,
      }),
  },
  {
    weight: 2,
    make: (r) =>
      modificationEntry('decision.recorded', r, {
        kind: pick(r, ['change_board_decision', 'authority_decision']),
        outcome: r() < 0.85 ? 'approve' : 'reject',
      }),
  },
  {
    weight: 3,
    make: (r) => ({
      action: 'meeting.minuted',
      subjectType: 'panel_meeting',
      subjectId: String(between(r, 1, HISTORY_MEETINGS)),
      after: { items: between(r, 3, 25) },
    }),
  },
  {
    weight: 2,
    make: (r) => userEntry('user.updated', r, { name: `Person ${between(r, 1, HISTORY_USERS)}` }),
  },
  {
    weight: 1,
    make: (r) => userEntry('token.created', r, { tokenId: between(r, 1, 5000), name: 'CLI' }),
  },
  {
    weight: 1,
    make: (r) => ({
      action: 'outbox.retried',
      subjectType: 'outbox_message',
      subjectId: String(between(r, 1, 50_000)),
      before: { status: 'failed', attempts: 5, lastError: 'connection refused' },
      after: { status: 'pending', attempts: 0 },
    }),
  },
];

const TOTAL_WEIGHT = KINDS.reduce((sum, kind) => sum + kind.weight, 0);

function kindFor(random: Random): EventKind {
  let ticket = random() * TOTAL_WEIGHT;
  for (const kind of KINDS) {
    ticket -= kind.weight;
    if (ticket < 0) return kind;
  }
  return KINDS[0] as EventKind;
}

/** The entry, actor and instant of the generated event with sequence number `seq`. */
export interface HistoryEvent {
  entry: AuditEntry;
  actor: Actor;
  at: Date;
}

/**
 * The span a top-up covers: `count` events after sequence number `firstSeq - 1`, spread evenly
 * over the ten years before `end` (oldest first, so time runs with the sequence).
 */
export interface HistorySpan {
  firstSeq: number;
  count: number;
  end: Date;
}

/** A generated event: deterministic in `seq`, placed in time by its position in the span. */
export function historyEvent(span: HistorySpan, seq: number): HistoryEvent {
  const random = mulberry32(seq * 2654435761);
  const entry = kindFor(random).make(random);
  const actorRoll = random();
  const actor: Actor =
    actorRoll < 0.08
      ? { id: null, label: 'system' }
      : (() => {
          const id = between(random, 1, HISTORY_USERS);
          return { id, label: `Person ${id} (Organisation ${(id % 37) + 1})` };
        })();
  const spanMs = HISTORY_YEARS * 365.25 * 24 * 3600 * 1000;
  const start = span.end.getTime() - spanMs;
  const position = (seq - span.firstSeq + random()) / span.count;
  return { entry, actor, at: new Date(Math.floor(start + position * spanMs)) };
}

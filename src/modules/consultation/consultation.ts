import { londonDateOf } from '../../calendar/index.ts';
import type { OrganisationKind, RoleGrant } from '../identity/identity.ts';
import { isHeldOutside, satisfiesGate } from '../installation/installation.ts';

/** Who is asked: the DCC, the Users, all Parties, or a named body (`body:tabasc`). */
export type Audience = 'dcc' | 'users' | 'all_parties' | `body:${string}`;

export const GROUP_AUDIENCES = ['dcc', 'users', 'all_parties'] as const;

export const AUDIENCE_NAMES: Record<(typeof GROUP_AUDIENCES)[number], string> = {
  dcc: 'the DCC',
  users: 'Users',
  all_parties: 'all Parties',
};

export type SubjectType = 'policy_version' | 'tad_version' | 'other';
export const SUBJECT_TYPES: readonly SubjectType[] = ['policy_version', 'tad_version', 'other'];
export const SUBJECT_NAMES: Record<SubjectType, string> = {
  policy_version: 'SEC Release Management Policy version',
  tad_version: 'Testing Approach Document version',
  other: 'Other subject',
};

export type RunBy = 'panel' | 'dcc';
export type ConsultationStatus = 'scheduled' | 'open' | 'closed';
export const STATUS_NAMES: Record<ConsultationStatus, string> = {
  scheduled: 'Not yet open',
  open: 'Open',
  closed: 'Closed',
};

export interface Question {
  id: string;
  text: string;
}

export interface Answer {
  questionId: string;
  text: string;
}

/** The most questions one consultation asks, and the longest question and answer. */
export const MAX_QUESTIONS = 30;
export const MAX_QUESTION_LENGTH = 1000;
export const MAX_ANSWER_LENGTH = 20_000;

/** Consultations: an audience is `dcc`, `users`, `all_parties` or `body:<id of a body>`. */
export function parseAudience(text: string, bodyIds: readonly string[]): Audience | null {
  if ((GROUP_AUDIENCES as readonly string[]).includes(text)) return text as Audience;
  const match = /^body:([a-z_]+)$/.exec(text);
  return match?.[1] && bodyIds.includes(match[1]) ? (text as Audience) : null;
}

/** Consultations: at least one audience, each valid, none twice; a problem message or null. */
export function checkAudiences(audiences: readonly string[], bodyIds: readonly string[]) {
  if (audiences.length === 0) return 'Choose at least one audience to consult';
  for (const audience of audiences) {
    if (parseAudience(audience, bodyIds) === null) {
      return `"${audience}" is not an audience: use dcc, users, all_parties or body:<body id>`;
    }
  }
  if (new Set(audiences).size !== audiences.length) return 'An audience is listed twice';
  return null;
}

/** How an audience reads in a sentence: `the DCC`, `Users`, `TABASC`. */
export function audienceName(audience: Audience, bodyNames: ReadonlyMap<string, string>): string {
  if (audience.startsWith('body:')) {
    const id = audience.slice('body:'.length);
    return bodyNames.get(id) ?? id;
  }
  return AUDIENCE_NAMES[audience as (typeof GROUP_AUDIENCES)[number]];
}

/** Consultations: questions are numbered q1, q2 … in the order given; blank lines are dropped. */
export function questionsFrom(texts: readonly string[]): Question[] {
  return texts
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text, index) => ({ id: `q${index + 1}`, text }));
}

/** Consultations: between 1 and 30 questions, each at most 1000 characters; problem or null. */
export function checkQuestions(questions: readonly Question[]): string | null {
  if (questions.length === 0) return 'Enter at least one question';
  if (questions.length > MAX_QUESTIONS) return `Ask at most ${MAX_QUESTIONS} questions`;
  const long = questions.find((q) => q.text.length > MAX_QUESTION_LENGTH);
  if (long) return `Question ${long.id} is longer than ${MAX_QUESTION_LENGTH} characters`;
  return null;
}

/**
 * Consultations: the status follows the clock. Before `opensAt` it is scheduled; from `opensAt`
 * up to and including `closesAt` (the last instant a response is accepted, e.g. 23:59:59 UK
 * time on the closing day) it is open; after `closesAt` it is closed.
 */
export function statusAt(
  consultation: { opensAt: Date; closesAt: Date },
  now: Date,
): ConsultationStatus {
  if (now.getTime() < consultation.opensAt.getTime()) return 'scheduled';
  if (now.getTime() <= consultation.closesAt.getTime()) return 'open';
  return 'closed';
}

/** Consultations: the close must come after the opening. */
export function checkWindow(opensAt: Date, closesAt: Date): string | null {
  return closesAt.getTime() > opensAt.getTime()
    ? null
    : 'The consultation must close after it opens';
}

/**
 * D10.9: a consultation counts for a subject that needed "the DCC and Users" (or any other
 * required set) only if its audiences include every required audience. `all_parties` includes
 * the DCC and the Users, so it satisfies both.
 */
export function includesAudiences(
  audiences: readonly Audience[],
  required: readonly Audience[],
): boolean {
  return required.every(
    (needed) =>
      audiences.includes(needed) ||
      ((needed === 'dcc' || needed === 'users') && audiences.includes('all_parties')),
  );
}

/** What eligibility needs to know about a would-be respondent: their roles and organisation. */
export interface Respondent {
  roles: readonly RoleGrant[];
  organisation: { id: number; kind: OrganisationKind; isUser: boolean } | null;
}

export type Eligibility =
  | { eligible: true; organisationId: number; audience: Audience }
  | { eligible: false; reason: string };

function holds(respondent: Respondent, role: string, scope?: string): boolean {
  return respondent.roles.some(
    (grant) =>
      grant.role === role && (scope === undefined || grant.scope === '' || grant.scope === scope),
  );
}

/**
 * Consultations: who may respond, always for an organisation. `dcc` covers the DCC's people;
 * `users` covers the people of Parties that are Users (the DCC is not a User); `all_parties`
 * covers the people of every Party including the DCC; `body:X` covers members of sub-committee
 * X, who respond for their own organisation (a member with no organisation cannot respond).
 */
export function eligibility(respondent: Respondent, audiences: readonly Audience[]): Eligibility {
  const organisation = respondent.organisation;
  for (const audience of audiences) {
    if (
      audience.startsWith('body:') &&
      holds(respondent, 'sub_committee_member', audience.slice(5))
    ) {
      if (organisation === null) {
        return {
          eligible: false,
          reason:
            'Responses are recorded for an organisation, and your account has none: ask SECAS to link it to your organisation',
        };
      }
      return { eligible: true, organisationId: organisation.id, audience };
    }
  }
  if (organisation !== null) {
    const isDcc = organisation.kind === 'dcc' && holds(respondent, 'dcc');
    const isPartyPerson = organisation.kind === 'party' && holds(respondent, 'party');
    const covering = audiences.find(
      (audience) =>
        (audience === 'dcc' && isDcc) ||
        (audience === 'users' && isPartyPerson && organisation.isUser) ||
        (audience === 'all_parties' && (isDcc || isPartyPerson)),
    );
    if (covering) return { eligible: true, organisationId: organisation.id, audience: covering };
  }
  return {
    eligible: false,
    reason: 'This consultation does not ask your organisation: only its audiences may respond',
  };
}

/**
 * Consultations: an answer names a question of the consultation, once; at least one answer has
 * text; each is at most 20 000 characters. Blank answers are dropped. Returns the answers or a
 * problem with the field at fault.
 */
export function checkAnswers(
  answers: readonly Answer[],
  questions: readonly Question[],
): { answers: Answer[] } | { field: string; problem: string } {
  const seen = new Set<string>();
  const kept: Answer[] = [];
  for (const [index, answer] of answers.entries()) {
    const field = `answers.${index}`;
    if (!questions.some((q) => q.id === answer.questionId)) {
      return { field, problem: `"${answer.questionId}" is not a question of this consultation` };
    }
    if (seen.has(answer.questionId)) {
      return { field, problem: `Question ${answer.questionId} is answered twice` };
    }
    seen.add(answer.questionId);
    const text = answer.text.trim();
    if (text.length > MAX_ANSWER_LENGTH) {
      return { field, problem: `An answer must be at most ${MAX_ANSWER_LENGTH} characters` };
    }
    if (text !== '') kept.push({ questionId: answer.questionId, text });
  }
  if (kept.length === 0) return { field: 'answers', problem: 'Answer at least one question' };
  const order = questions.map((q) => q.id);
  kept.sort((a, b) => order.indexOf(a.questionId) - order.indexOf(b.questionId));
  return { answers: kept };
}

/**
 * Consultations: before opening anything may be edited; once open, only the close may change,
 * and only later (extended, never shortened); once closed, nothing. Returns the field and
 * problem, or null.
 */
export function checkEdit(
  status: ConsultationStatus,
  current: { closesAt: Date },
  changed: readonly string[],
  closesAt: Date,
): { field: string; problem: string; closed?: true } | null {
  if (status === 'closed') {
    return {
      field: 'closesAt',
      problem: 'The consultation has closed: it can no longer be changed',
      closed: true,
    };
  }
  if (status === 'open') {
    const other = changed.find((field) => field !== 'closesAt');
    if (other) {
      return { field: other, problem: 'The consultation is open: only its close can be changed' };
    }
    if (closesAt.getTime() < current.closesAt.getTime()) {
      return {
        field: 'closesAt',
        problem: 'An open consultation’s close can be extended, never brought forward',
      };
    }
  }
  return null;
}

/** The longest summary, and the most points it replies to. */
export const MAX_SUMMARY_LENGTH = 20_000;
export const MAX_POINTS = 100;

/** A point raised in the responses and the reply to it, linked to one response or to none. */
export interface SummaryPoint {
  point: string;
  reply: string;
  responseId: number | null;
}

/**
 * Consultations: the summary is not blank and at most 20 000 characters; it replies to at most
 * 100 points, each with its reply, each at most 5000 characters, linked to no response or to a
 * response of this consultation (`responseIds`). Returns the trimmed summary and points, or the
 * field at fault and the problem.
 */
export function checkSummary(
  input: {
    summary: string;
    points: readonly { point: string; reply: string; responseId?: number | null }[];
  },
  responseIds: ReadonlySet<number>,
): { summary: string; points: SummaryPoint[] } | { field: string; problem: string } {
  const summary = input.summary.trim();
  if (summary === '') return { field: 'summary', problem: 'Enter the summary of the responses' };
  if (summary.length > MAX_SUMMARY_LENGTH) {
    return {
      field: 'summary',
      problem: `The summary must be at most ${MAX_SUMMARY_LENGTH} characters`,
    };
  }
  if (input.points.length > MAX_POINTS) {
    return { field: 'points', problem: `Record at most ${MAX_POINTS} points` };
  }
  const points: SummaryPoint[] = [];
  for (const [index, p] of input.points.entries()) {
    const point = p.point.trim();
    const reply = p.reply.trim();
    if (point === '')
      return { field: `points.${index}.point`, problem: `Enter point ${index + 1}` };
    if (reply === '') {
      return {
        field: `points.${index}.reply`,
        problem: `Enter the reply to point ${index + 1}`,
      };
    }
    if (point.length > 5000 || reply.length > 5000) {
      return {
        field: `points.${index}.reply`,
        problem: 'A point and its reply must be at most 5000 characters each',
      };
    }
    const responseId = p.responseId ?? null;
    if (responseId !== null && !responseIds.has(responseId)) {
      return {
        field: `points.${index}.responseId`,
        problem: `Response ${responseId} is not a response to this consultation`,
      };
    }
    points.push({ point, reply, responseId });
  }
  return { summary, points };
}

/**
 * Ruling 13: a consultation opened (dated) before the installation's cut-over is history held
 * outside secrel; from the cut-over on, consultations happen live.
 */
export function isHeldOutsideSecrel(consultation: { opensAt: Date }, cutOver: string): boolean {
  return isHeldOutside(londonDateOf(consultation.opensAt.toISOString()), cutOver);
}

/** Ruling 13: an opening instant at most this long before now is taken as "now" (latency). */
export const OPENING_GRACE_MS = 5 * 60 * 1000;

/**
 * Ruling 13: when a consultation opens. One dated before the cut-over is history and opens when
 * it did. From the cut-over a consultation opens now or later: an opening given as today's date
 * (`givenAsDate`), or as an instant at most five minutes ago, opens now; an earlier one is
 * refused. Returns the opening instant, or null when refused.
 */
export function liveOpening(
  opensAt: Date,
  now: Date,
  cutOver: string,
  givenAsDate: boolean,
): Date | null {
  if (isHeldOutsideSecrel({ opensAt }, cutOver)) return opensAt;
  if (opensAt.getTime() >= now.getTime()) return opensAt;
  const today = londonDateOf(now.toISOString());
  if (givenAsDate && londonDateOf(opensAt.toISOString()) === today) return now;
  if (now.getTime() - opensAt.getTime() <= OPENING_GRACE_MS) return now;
  return null;
}

/** Why no consultation can carry an act: none closed, only history, or closed after the act. */
export type GateRefusal =
  'consultation_required' | 'consultation_held_outside' | 'decision_before_consultation_closed';

export interface GateQuery {
  /** Who must have been asked (`all_parties` counts as the DCC and Users). */
  audiences: readonly Audience[];
  /** D10.20: who must have run it (the DCC for a TAD); any when absent. */
  runBy?: RunBy | undefined;
  /** The date of the act the consultation must carry (a decision, a review). */
  actOn: string;
  cutOver: string;
  now: Date;
}

/**
 * D10.9, D10.20, ruling 13: the consultation that carries an act dated `actOn`: it asked the
 * required audiences (and was run by `runBy`, if given), has closed by `now`, is live or the act
 * is itself history (`satisfiesGate`), and closed on or before the act's date (decisions are dated
 * on or after the close). The most recently closed such one; otherwise why none counts, with the
 * close date (London) of the latest otherwise-fitting consultation.
 */
export function consultationGate<
  C extends { audiences: readonly Audience[]; runBy: RunBy; opensAt: Date; closesAt: Date },
>(
  consultations: readonly C[],
  query: GateQuery,
): { consultation: C } | { refusal: GateRefusal; closedOn?: string } {
  const dateOf = (instant: Date) => londonDateOf(instant.toISOString());
  const closed = consultations
    .filter(
      (c) =>
        includesAudiences(c.audiences, query.audiences) &&
        (query.runBy === undefined || c.runBy === query.runBy) &&
        c.closesAt.getTime() < query.now.getTime(),
    )
    .sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime());
  if (closed.length === 0) return { refusal: 'consultation_required' };
  const gated = closed.filter((c) => satisfiesGate(dateOf(c.opensAt), query.actOn, query.cutOver));
  if (gated.length === 0) return { refusal: 'consultation_held_outside' };
  const carrying = gated.find((c) => dateOf(c.closesAt) <= query.actOn);
  if (!carrying) {
    const closedOn = gated.map((c) => dateOf(c.closesAt)).sort()[0];
    return {
      refusal: 'decision_before_consultation_closed',
      ...(closedOn === undefined ? {} : { closedOn }),
    };
  }
  return { consultation: carrying };
}

/**
 * The redline between two Policy versions: clause against clause (matched by id), word level
 * inside a changed clause. The mechanisms are compared too, rendered as labelled clauses such
 * as "(c) Notice period — November release: 3 months". PURE.
 */
import { diffWordsWithSpace } from 'diff';
import type { PolicyMechanisms } from './policy-mechanisms.ts';
import { GO_LIVE_OUTCOME_NAMES, describeGoLive, describePeriod } from './policy-wording.ts';

import type { PolicySection } from './policy.ts';

export type ClauseChange = 'added' | 'removed' | 'changed' | 'same';

export interface RedlinePart {
  text: string;
  op: 'equal' | 'insert' | 'delete';
}

export interface RedlineClause {
  id: string;
  heading: string;
  change: ClauseChange;
  parts: RedlinePart[];
}

/** The mechanisms as labelled clauses, in (a)–(e) order, each with a stable id. */
export function mechanismClauses(m: PolicyMechanisms): PolicySection[] {
  const clauses: PolicySection[] = [];
  const add = (id: string, heading: string, text: string) => clauses.push({ id, heading, text });
  const a = m.allocation;
  if (a) {
    for (const type of a.releaseTypes) {
      const kind = type.kind === 'standard' ? 'Standard release' : 'Ad-hoc release';
      const dcc = type.dccImpactingAllowed
        ? 'may carry changes to DCC Systems'
        : 'carries no changes to DCC Systems';
      add(
        `a-release-type-${type.id}`,
        `(a) Release type — ${type.name}`,
        `${kind}; goes live on ${describeGoLive(type)}; ${dcc}.`,
      );
    }
    add('a-allocation-rules', '(a) Allocation rules', a.allocationRules);
    add(
      'a-late-addition',
      '(a) Late-addition exception route',
      `${a.lateAdditionRoute.requiresPanelDecision ? 'By Panel decision. ' : ''}${a.lateAdditionRoute.description}`,
    );
  }
  const b = m.oversight;
  if (b) {
    for (const baseline of b.scopeBaselines)
      add(
        `b-baseline-${baseline.id}`,
        `(b) Scope baseline — ${baseline.name}`,
        `${describePeriod(baseline.monthsBeforeGoLive, 'months')} before go-live (${baseline.appliesTo === 'all' ? 'all modifications' : 'DCC-impacting modifications'}).`,
      );
    for (const milestone of b.milestones)
      add(
        `b-milestone-${milestone.id}`,
        `(b) Milestone — ${milestone.name}`,
        `${describePeriod(milestone.monthsBeforeGoLive, 'months')} before go-live.`,
      );
    add('b-reporting', '(b) Reporting to the Panel', b.reporting);
  }
  const c = m.notice;
  if (c) {
    const names = new Map((a?.releaseTypes ?? []).map((type) => [type.id, type.name]));
    for (const period of c.noticePeriods)
      add(
        `c-notice-${period.releaseType}`,
        `(c) Notice period — ${names.get(period.releaseType) ?? period.releaseType}`,
        `${describePeriod(period.amount, period.unit)} before go-live.`,
      );
    add(
      'c-recipients',
      '(c) Notice recipients',
      'All Parties; Users are the mandatory recipients.',
    );
    add(
      'c-change-freeze',
      '(c) Change freeze',
      c.changeFreeze
        ? `From ${describePeriod(c.changeFreeze.startsMonthsBeforeGoLive, 'months')} before go-live until ${c.changeFreeze.endsDaysAfterGoLive} days after it.`
        : 'None.',
    );
  }
  const d = m.costs;
  if (d) {
    add('d-components', '(d) Main cost components', `${d.components.join('; ')}.`);
    add(
      'd-review-points',
      '(d) Cost-review points',
      `${d.reviewPoints.map((point) => point.name).join('; ')}.`,
    );
    add('d-authority', '(d) Reporting to the Authority', d.authorityReporting);
  }
  const e = m.goLive;
  if (e) {
    add('e-procedure', '(e) Go-live decision procedure', e.procedure);
    add(
      'e-decision',
      '(e) Go-live decision',
      `The Panel decides ${e.decisionWorkingDaysBeforeGoLive} Working Days before go-live: ${e.outcomes.map((o) => GO_LIVE_OUTCOME_NAMES[o]).join(', ')}.`,
    );
  }
  return clauses;
}

function diffClause(from: PolicySection, to: PolicySection): RedlineClause {
  const parts: RedlinePart[] = diffWordsWithSpace(from.text, to.text).map((change) => ({
    text: change.value,
    op: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
  }));
  const headingChanged = from.heading !== to.heading;
  const same = !headingChanged && parts.every((part) => part.op === 'equal');
  return { id: to.id, heading: to.heading, change: same ? 'same' : 'changed', parts };
}

/**
 * A-POL: the redline from one list of clauses to another. Clauses keep the order of `to`, a
 * removed clause following the clause it came after in `from`.
 */
export function redlineClauses(
  from: readonly PolicySection[],
  to: readonly PolicySection[],
): RedlineClause[] {
  const before = new Map(from.map((clause) => [clause.id, clause]));
  const afterIds = new Set(to.map((clause) => clause.id));
  const result: RedlineClause[] = [];
  const removedAfter = new Map<string | null, PolicySection[]>();
  let previous: string | null = null;
  for (const clause of from) {
    if (!afterIds.has(clause.id)) {
      const list = removedAfter.get(previous) ?? [];
      list.push(clause);
      removedAfter.set(previous, list);
    } else previous = clause.id;
  }
  const pushRemoved = (key: string | null) => {
    for (const clause of removedAfter.get(key) ?? [])
      result.push({
        id: clause.id,
        heading: clause.heading,
        change: 'removed',
        parts: [{ text: clause.text, op: 'delete' }],
      });
  };
  pushRemoved(null);
  for (const clause of to) {
    const old = before.get(clause.id);
    result.push(
      old
        ? diffClause(old, clause)
        : {
            id: clause.id,
            heading: clause.heading,
            change: 'added',
            parts: [{ text: clause.text, op: 'insert' }],
          },
    );
    if (old) pushRemoved(clause.id);
  }
  return result;
}

export interface PolicyRedline {
  mechanisms: RedlineClause[];
  prose: RedlineClause[];
}

/** A-POL: the redline between two versions, mechanisms and prose. */
export function redlineVersions(
  from: { mechanisms: PolicyMechanisms; prose: readonly PolicySection[] },
  to: { mechanisms: PolicyMechanisms; prose: readonly PolicySection[] },
): PolicyRedline {
  return {
    mechanisms: redlineClauses(mechanismClauses(from.mechanisms), mechanismClauses(to.mechanisms)),
    prose: redlineClauses(from.prose, to.prose),
  };
}

/** The change summary: each clause that is not the same, with what happened to it. */
export function redlineSummary(
  redline: PolicyRedline,
): { id: string; heading: string; change: ClauseChange }[] {
  return [...redline.mechanisms, ...redline.prose]
    .filter((clause) => clause.change !== 'same')
    .map(({ id, heading, change }) => ({ id, heading, change }));
}

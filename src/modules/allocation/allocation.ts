/**
 * Allocation of approved modifications into SEC Releases by parts (D10.7, D10.8(a), ruling 6),
 * and the scope baselines after which only a Panel exception may add one (D10.8(a)(b)). PURE.
 */
import { isIsoDate } from '../../calendar/index.ts';
import { scopeBaselineDates } from '../policy/policy-dates.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import type { Status } from '../modification/modification.ts';
import type { Refusal } from '../release/release.ts';

export const WHOLE = 'whole';
export const PART_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_REASONS_LENGTH = 10_000;

/** D10.7, A-REL: only an approved modification not yet implemented can be allocated. */
export function canBeAllocated(status: Status): boolean {
  return status === 'approved' || status === 'allocated';
}

/** A part label: lower-case words joined by hyphens ('whole', 'documents', 'functionality'). */
export function checkPart(part: string): Refusal | null {
  if (!PART_PATTERN.test(part) || part.length > 60)
    return {
      code: 'validation_failed',
      field: 'part',
      message: 'A part is lower-case letters, digits and hyphens, e.g. documents or functionality',
    };
  return null;
}

export interface PassedBaseline {
  id: string;
  name: string;
  date: string;
}

/**
 * D10.8(a)(b): the first scope baseline of the release that has passed on `today` and applies
 * to the part: a DCC-impacting part is held by every baseline, any other part only by the
 * full-scope baselines. Null while the part may still be allocated without an exception.
 */
export function passedBaseline(
  policy: { mechanisms: PolicyMechanisms },
  goLive: string,
  dccImpacting: boolean,
  today: string,
): PassedBaseline | null {
  const applicable = scopeBaselineDates(policy, goLive)
    .filter((b) => dccImpacting || b.appliesTo === 'all')
    .filter((b) => b.date <= today)
    .sort((a, b) => a.date.localeCompare(b.date));
  const first = applicable[0];
  return first ? { id: first.id, name: first.name, date: first.date } : null;
}

/**
 * D10.8(a): a recorded Panel decision (late addition or de-scoping) states the day the Panel
 * decided, not in the future, and its reasons.
 */
export function checkPanelDecision(
  input: { decidedOn: string; reasons: string },
  today: string,
): Refusal | null {
  if (!isIsoDate(input.decidedOn))
    return {
      code: 'validation_failed',
      field: 'decidedOn',
      message: 'Enter the date of the Panel decision as a real date, YYYY-MM-DD',
    };
  if (input.decidedOn > today)
    return {
      code: 'validation_failed',
      field: 'decidedOn',
      message: 'The date of the Panel decision cannot be in the future',
    };
  if (input.reasons.trim() === '')
    return { code: 'validation_failed', field: 'reasons', message: 'Give the Panel’s reasons' };
  if (input.reasons.length > MAX_REASONS_LENGTH)
    return {
      code: 'validation_failed',
      field: 'reasons',
      message: `The reasons must be at most ${MAX_REASONS_LENGTH} characters`,
    };
  return null;
}

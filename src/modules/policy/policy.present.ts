import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { missingMechanisms } from './policy-mechanisms.ts';
import { redlineVersions, type PolicyRedline } from './policy-redline.ts';
import { displayStatus, type PolicyVersion } from './policy.ts';
import { canSeePolicyVersion } from './policy.access.ts';
import { listPolicyVersions } from './policy.store.ts';

/** The versions a person may see, newest first, each with the status it has on `today`. */
export async function visibleVersions(
  db: Kysely<DB>,
  principal: Principal | null,
  today: string,
): Promise<{ all: PolicyVersion[]; visible: PolicyVersion[] }> {
  const all = await listPolicyVersions(db);
  const visible = all
    .filter((version) => canSeePolicyVersion(principal, version))
    .map((version) => ({ ...version, status: displayStatus(version, all, today) }));
  return { all, visible };
}

/** One version the person may see (404 otherwise, so drafts stay unknown to the public). */
export async function visibleVersion(
  db: Kysely<DB>,
  principal: Principal | null,
  today: string,
  id: number,
): Promise<PolicyVersion> {
  const { visible } = await visibleVersions(db, principal, today);
  const version = visible.find((v) => v.id === id);
  if (!version) throw new AppError('not_found', `There is no Policy version ${id}`);
  return version;
}

export function presentSummary(v: PolicyVersion) {
  return {
    id: v.id,
    number: v.number,
    title: v.title,
    status: v.status,
    decidedOn: v.decidedOn,
    effectiveFrom: v.effectiveFrom,
  };
}

export function presentVersion(v: PolicyVersion) {
  return {
    ...presentSummary(v),
    mechanisms: v.mechanisms,
    prose: v.prose,
    basedOnId: v.basedOnId,
    submittedAt: v.submittedAt?.toISOString() ?? null,
    decisionMeetingId: v.decisionMeetingId,
    decisionNotes: v.decisionNotes,
    consultationWorkingDays: v.consultationWorkingDays,
    missing: missingMechanisms(v.mechanisms).map((gap) => gap.message),
    version: v.version,
  };
}

/** A-POL: the redline between two versions the person may see. */
export async function redlineBetween(
  db: Kysely<DB>,
  principal: Principal | null,
  today: string,
  fromId: number,
  toId: number,
): Promise<{ from: PolicyVersion; to: PolicyVersion; redline: PolicyRedline }> {
  const { visible } = await visibleVersions(db, principal, today);
  const from = visible.find((v) => v.id === fromId);
  if (!from)
    throw new AppError('not_found', `There is no Policy version ${fromId}`, { field: 'from' });
  const to = visible.find((v) => v.id === toId);
  if (!to) throw new AppError('not_found', `There is no Policy version ${toId}`, { field: 'to' });
  return { from, to, redline: redlineVersions(from, to) };
}

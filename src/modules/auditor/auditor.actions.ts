import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { longDate } from '../../calendar/date-words.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { lockRelease, type Release } from '../release/release.queries.ts';
import {
  checkApproval,
  checkEnding,
  checkNaming,
  checkProposal,
  type Appointment,
  type AppointmentFacts,
  type AuditorRefusal,
  type NamedOrganisation,
} from './auditor.ts';
import { canActForDcc, canManageAuditors } from './auditor.access.ts';
import {
  findOrganisation,
  hasLiveAppointment,
  insertAppointment,
  lockAppointment,
  recipientsOf,
  saveAppointment,
} from './auditor.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export function refuse(refusal: AuditorRefusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
}

export function factsOf(appointment: Appointment): AppointmentFacts {
  return {
    status: appointment.status,
    appointedBy: appointment.appointedBy,
    organisationId: appointment.organisationId,
  };
}

async function namedOrganisation(unit: UnitOfWork, id: number | null): Promise<NamedOrganisation> {
  if (id === null) return undefined;
  return findOrganisation(unit.trx, id);
}

/** What the audit trail records of an appointment (its column names, as it always has). */
function auditView(a: Appointment, organisationName: string | null) {
  return {
    appointment_id: a.id,
    appointed_by: a.appointedBy,
    organisation_id: a.organisationId,
    organisation_name: organisationName,
    status: a.status,
    terms_of_reference: a.termsOfReference,
    tor_approved_on: a.torApprovedOn,
    end_reason: a.endReason,
  };
}

async function tell(
  unit: UnitOfWork,
  to: { kind: 'dcc' } | { organisationId: number },
  subject: string,
  text: string,
  key: string,
): Promise<void> {
  for (const r of await recipientsOf(unit.trx, to))
    await unit.notify({
      to: r.email,
      toName: r.name,
      subject,
      text,
      dedupeKey: `${key}:${r.userId}`,
    });
}

export interface ProposalInput {
  appointedBy: string;
  organisationId: number | null;
  termsOfReference: string;
}

/**
 * D10.11: the Panel (recorded by SECAS or its Chair) appoints an auditor organisation for a
 * release, or requires the DCC to appoint one, with terms of reference. The appointment is
 * proposed until the Panel approves the terms. When the DCC is to appoint, its users are told.
 */
export async function proposeAppointment(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: ProposalInput,
): Promise<Appointment> {
  const actor = actorOf(
    requireActor(
      principal,
      canManageAuditors,
      'Only SECAS or the Panel Chair records the Panel’s appointment of an auditor',
    ),
  );
  const terms = input.termsOfReference.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    const organisation = await namedOrganisation(unit, input.organisationId);
    refuse(
      checkProposal({
        appointedBy: input.appointedBy,
        organisationNamed: input.organisationId !== null,
        organisation,
        termsOfReference: terms,
      }),
    );
    const appointedBy = input.appointedBy === 'dcc' ? 'dcc' : 'panel';
    if (input.organisationId !== null) await refuseDuplicate(unit, release, input.organisationId);
    const row = await insertAppointment(unit.trx, {
      releaseId: release.id,
      organisationId: appointedBy === 'panel' ? input.organisationId : null,
      appointedBy,
      termsOfReference: terms,
      createdBy: actor.id,
      createdAt: unit.now,
    });
    await unit.audit({
      action: 'auditor.proposed',
      subjectType: 'release',
      subjectId: String(release.id),
      after: auditView(row, organisation?.name ?? null),
    });
    if (appointedBy === 'dcc')
      await tell(
        unit,
        { kind: 'dcc' },
        `${release.name}: the Panel requires the DCC to appoint an external auditor`,
        `The Panel requires the DCC to appoint an external auditor for the ${release.name} (Section D10.11), on these terms of reference:\n\n${terms}\n\nName the auditor organisation at /releases/${release.id}/auditor; the appointment takes effect when the Panel approves the terms of reference.`,
        `auditor:${row.id}:dcc-to-appoint`,
      );
    return row;
  });
}

async function refuseDuplicate(unit: UnitOfWork, release: Release, organisationId: number) {
  if (await hasLiveAppointment(unit.trx, release.id, organisationId))
    throw new AppError(
      'already_exists',
      `That organisation already has an appointment for the ${release.name}`,
      { field: 'organisationId' },
    );
}

/** D10.11: the DCC, required by the Panel to appoint, names the auditor organisation. */
export async function nameAuditor(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  appointmentId: number,
  input: { organisationId: number | null; version: number },
): Promise<Appointment> {
  const actor = actorOf(
    requireActor(principal, canActForDcc, 'Only the DCC names the auditor it appoints'),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    const before = await lockAppointment(unit.trx, releaseId, appointmentId, input.version);
    const organisation = await namedOrganisation(unit, input.organisationId);
    refuse(checkNaming(factsOf(before), organisation));
    if (input.organisationId !== null) await refuseDuplicate(unit, release, input.organisationId);
    const after = await saveAppointment(unit.trx, before.id, {
      organisationId: input.organisationId,
    });
    await unit.audit({
      action: 'auditor.named',
      subjectType: 'release',
      subjectId: String(release.id),
      before: auditView(before, null),
      after: auditView(after, organisation?.name ?? null),
    });
    return after;
  });
}

/**
 * D10.11: the Panel approves the auditor's terms of reference (recorded by SECAS or the Chair);
 * the appointment takes effect and the auditor's users are told.
 */
export async function approveTermsOfReference(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  appointmentId: number,
  input: { approvedOn: string; version: number },
): Promise<Appointment> {
  const actor = actorOf(
    requireActor(
      principal,
      canManageAuditors,
      'Only SECAS or the Panel Chair records the Panel’s approval of the terms of reference',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    const before = await lockAppointment(unit.trx, releaseId, appointmentId, input.version);
    refuse(checkApproval(factsOf(before), input.approvedOn, todayOf(unit.now)));
    const after = await saveAppointment(unit.trx, before.id, {
      status: 'appointed',
      torApprovedOn: input.approvedOn,
      torApprovedBy: actor.id,
    });
    const organisation = await namedOrganisation(unit, after.organisationId);
    await unit.audit({
      action: 'auditor.appointed',
      subjectType: 'release',
      subjectId: String(release.id),
      before: auditView(before, organisation?.name ?? null),
      after: auditView(after, organisation?.name ?? null),
    });
    if (after.organisationId !== null)
      await tell(
        unit,
        { organisationId: after.organisationId },
        `${release.name}: your appointment as external auditor has taken effect`,
        `The Panel approved your terms of reference on ${longDate(input.approvedOn)}. You may now read the release's records and ask the DCC for access to test laboratories and test witnessing at /auditor/releases/${release.id}. Every page you open there is recorded in the audit trail.`,
        `auditor:${after.id}:appointed`,
      );
    return after;
  });
}

/** D10.11: the Panel ends an appointment (recorded by SECAS or the Chair), with its reason. */
export async function endAppointment(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  appointmentId: number,
  input: { reason: string; version: number },
): Promise<Appointment> {
  const actor = actorOf(
    requireActor(
      principal,
      canManageAuditors,
      'Only SECAS or the Panel Chair records the end of an auditor’s appointment',
    ),
  );
  const reason = input.reason.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    const before = await lockAppointment(unit.trx, releaseId, appointmentId, input.version);
    refuse(checkEnding(factsOf(before), reason));
    const after = await saveAppointment(unit.trx, before.id, {
      status: 'ended',
      endedAt: unit.now,
      endReason: reason,
    });
    const organisation = await namedOrganisation(unit, after.organisationId);
    await unit.audit({
      action: 'auditor.ended',
      subjectType: 'release',
      subjectId: String(release.id),
      before: auditView(before, organisation?.name ?? null),
      after: auditView(after, organisation?.name ?? null),
      reason,
    });
    return after;
  });
}

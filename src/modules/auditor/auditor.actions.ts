import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { lockRelease, type Release } from '../release/release.queries.ts';
import {
  checkApproval,
  checkEnding,
  checkNaming,
  checkProposal,
  type AppointmentFacts,
  type AuditorRefusal,
  type NamedOrganisation,
} from './auditor.ts';
import { canActForDcc, canManageAuditors } from './auditor.access.ts';
import {
  findOrganisation,
  lockAppointment,
  recipientsOf,
  type Appointment,
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
    appointedBy: appointment.appointed_by,
    organisationId: appointment.organisation_id,
  };
}

async function namedOrganisation(unit: UnitOfWork, id: number | null): Promise<NamedOrganisation> {
  if (id === null) return undefined;
  return findOrganisation(unit.trx, id);
}

/** What the audit trail records of an appointment. */
function auditView(a: Appointment, organisationName: string | null) {
  return {
    appointment_id: a.id,
    appointed_by: a.appointed_by,
    organisation_id: a.organisation_id,
    organisation_name: organisationName,
    status: a.status,
    terms_of_reference: a.terms_of_reference,
    tor_approved_on: a.tor_approved_on,
    end_reason: a.end_reason,
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

async function save(
  unit: UnitOfWork,
  before: Appointment,
  changes: Partial<Omit<Appointment, 'id' | 'version'>>,
): Promise<Appointment> {
  return unit.trx
    .updateTable('auditor_appointment')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow();
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
    const row = await unit.trx
      .insertInto('auditor_appointment')
      .values({
        release_id: release.id,
        organisation_id: appointedBy === 'panel' ? input.organisationId : null,
        appointed_by: appointedBy,
        terms_of_reference: terms,
        created_by: actor.id,
        created_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
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
  const existing = await unit.trx
    .selectFrom('auditor_appointment')
    .select('id')
    .where('release_id', '=', release.id)
    .where('organisation_id', '=', organisationId)
    .where('status', '<>', 'ended')
    .executeTakeFirst();
  if (existing)
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
    const after = await save(unit, before, { organisation_id: input.organisationId });
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
    const after = await save(unit, before, {
      status: 'appointed',
      tor_approved_on: input.approvedOn,
      tor_approved_by: actor.id,
    });
    const organisation = await namedOrganisation(unit, after.organisation_id);
    await unit.audit({
      action: 'auditor.appointed',
      subjectType: 'release',
      subjectId: String(release.id),
      before: auditView(before, organisation?.name ?? null),
      after: auditView(after, organisation?.name ?? null),
    });
    if (after.organisation_id !== null)
      await tell(
        unit,
        { organisationId: after.organisation_id },
        `${release.name}: your appointment as external auditor has taken effect`,
        `The Panel approved your terms of reference on ${input.approvedOn}. You may now read the release's records and ask the DCC for access to test laboratories and test witnessing at /auditor/releases/${release.id}. Every page you open there is recorded in the audit trail.`,
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
    const after = await save(unit, before, {
      status: 'ended',
      ended_at: unit.now,
      end_reason: reason,
    });
    const organisation = await namedOrganisation(unit, after.organisation_id);
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

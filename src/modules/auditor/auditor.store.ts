import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { AuditorAccessRequestTable, AuditorAppointmentTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { AppointmentGrant } from './auditor.access.ts';
import type {
  AccessKind,
  AccessRequest,
  AccessRequestView,
  Appointer,
  Appointment,
  AppointmentView,
} from './auditor.ts';

type AppointmentRow = Selectable<AuditorAppointmentTable>;
type AccessRequestRow = Selectable<AuditorAccessRequestTable>;

function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    releaseId: row.release_id,
    organisationId: row.organisation_id,
    appointedBy: row.appointed_by,
    termsOfReference: row.terms_of_reference,
    status: row.status,
    torApprovedOn: row.tor_approved_on,
    torApprovedBy: row.tor_approved_by,
    createdBy: row.created_by,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    version: row.version,
  };
}

function toAppointmentView(
  row: AppointmentRow & {
    organisation_name: string | null;
    release_name: string;
    release_go_live: string;
  },
): AppointmentView {
  return {
    ...toAppointment(row),
    organisationName: row.organisation_name,
    releaseName: row.release_name,
    releaseGoLive: row.release_go_live,
  };
}

function toAccessRequest(row: AccessRequestRow): AccessRequest {
  return {
    id: row.id,
    appointmentId: row.appointment_id,
    kind: row.kind,
    detail: row.detail,
    wantedOn: row.wanted_on,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    answer: row.answer,
    arrangedOn: row.arranged_on,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
    version: row.version,
  };
}

function toAccessRequestView(
  row: AccessRequestRow & {
    release_id: number;
    release_name: string;
    organisation_id: number | null;
    organisation_name: string | null;
    appointment_status: Appointment['status'];
  },
): AccessRequestView {
  return {
    ...toAccessRequest(row),
    releaseId: row.release_id,
    releaseName: row.release_name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    appointmentStatus: row.appointment_status,
  };
}

function appointmentQuery(db: Db) {
  return db
    .selectFrom('auditor_appointment as a')
    .innerJoin('release as r', 'r.id', 'a.release_id')
    .leftJoin('organisation as o', 'o.id', 'a.organisation_id')
    .selectAll('a')
    .select([
      'o.name as organisation_name',
      'r.name as release_name',
      'r.go_live as release_go_live',
    ]);
}

/** D10.11: a release's auditor appointments, oldest first. */
export async function appointmentsOfRelease(db: Db, releaseId: number): Promise<AppointmentView[]> {
  const rows = await appointmentQuery(db)
    .where('a.release_id', '=', releaseId)
    .orderBy('a.id')
    .execute();
  return rows.map(toAppointmentView);
}

/** D10.11: an organisation's appointments, by the go-live of their release. */
export async function appointmentsOfOrganisation(
  db: Db,
  organisationId: number,
): Promise<AppointmentView[]> {
  const rows = await appointmentQuery(db)
    .where('a.organisation_id', '=', organisationId)
    .orderBy('r.go_live')
    .orderBy('a.id')
    .execute();
  return rows.map(toAppointmentView);
}

/** Appointments in a status, for the home pages. */
export async function appointmentsInStatus(
  db: Db,
  status: Appointment['status'],
): Promise<AppointmentView[]> {
  const rows = await appointmentQuery(db).where('a.status', '=', status).orderBy('a.id').execute();
  return rows.map(toAppointmentView);
}

/** What the read rule (auditorMayRead) needs: the appointments of an organisation. */
export async function grantsOf(db: Db, organisationId: number | null): Promise<AppointmentGrant[]> {
  if (organisationId === null) return [];
  const rows = await db
    .selectFrom('auditor_appointment')
    .select(['release_id', 'organisation_id', 'status'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return rows.map((row) => ({
    releaseId: row.release_id,
    organisationId: row.organisation_id,
    status: row.status,
  }));
}

/** Loads and locks an appointment of a release; a stale `expectedVersion` is refused (409). */
export async function lockAppointment(
  trx: Tx,
  releaseId: number,
  id: number,
  expectedVersion?: number,
): Promise<Appointment> {
  const row = await trx
    .selectFrom('auditor_appointment')
    .selectAll()
    .where('id', '=', id)
    .where('release_id', '=', releaseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row)
    throw new AppError('not_found', `There is no auditor appointment ${id} for this release`);
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      'The appointment has changed since you opened it: reload and try again',
      { field: 'version' },
    );
  return toAppointment(row);
}

function accessQuery(db: Db) {
  return db
    .selectFrom('auditor_access_request as q')
    .innerJoin('auditor_appointment as a', 'a.id', 'q.appointment_id')
    .innerJoin('release as r', 'r.id', 'a.release_id')
    .leftJoin('organisation as o', 'o.id', 'a.organisation_id')
    .selectAll('q')
    .select([
      'a.release_id',
      'r.name as release_name',
      'a.organisation_id',
      'o.name as organisation_name',
      'a.status as appointment_status',
    ]);
}

/** D10.11: a release's access requests, newest first. */
export async function accessRequestsOfRelease(
  db: Db,
  releaseId: number,
): Promise<AccessRequestView[]> {
  const rows = await accessQuery(db)
    .where('a.release_id', '=', releaseId)
    .orderBy('q.requested_at', 'desc')
    .orderBy('q.id', 'desc')
    .execute();
  return rows.map(toAccessRequestView);
}

/** D10.11: the open requests of auditors still appointed (the DCC's to answer), oldest first. */
export async function openAccessRequests(db: Db): Promise<AccessRequestView[]> {
  const rows = await accessQuery(db)
    .where('q.status', '=', 'open')
    .where('a.status', '=', 'appointed')
    .orderBy('q.requested_at')
    .orderBy('q.id')
    .execute();
  return rows.map(toAccessRequestView);
}

/** Loads and locks an access request of a release; a stale `expectedVersion` is refused (409). */
export async function lockAccessRequest(
  trx: Tx,
  releaseId: number,
  id: number,
  expectedVersion: number,
): Promise<AccessRequest> {
  const row = await trx
    .selectFrom('auditor_access_request as q')
    .innerJoin('auditor_appointment as a', 'a.id', 'q.appointment_id')
    .selectAll('q')
    .where('q.id', '=', id)
    .where('a.release_id', '=', releaseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no access request ${id} for this release`);
  if (row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      'The request has changed since you opened it: reload and try again',
      { field: 'version' },
    );
  return toAccessRequest(row);
}

/** D10.11: a new appointment: proposed until the Panel approves the terms of reference. */
export interface NewAppointment {
  releaseId: number;
  organisationId: number | null;
  appointedBy: Appointer;
  termsOfReference: string;
  createdBy: number | null;
  createdAt: Date;
}

export async function insertAppointment(
  trx: Tx,
  appointment: NewAppointment,
): Promise<Appointment> {
  const row = await trx
    .insertInto('auditor_appointment')
    .values({
      release_id: appointment.releaseId,
      organisation_id: appointment.organisationId,
      appointed_by: appointment.appointedBy,
      terms_of_reference: appointment.termsOfReference,
      created_by: appointment.createdBy,
      created_at: appointment.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAppointment(row);
}

/** What a step of an appointment changes. */
export interface AppointmentChange {
  organisationId?: number | null;
  status?: Appointment['status'];
  torApprovedOn?: string;
  torApprovedBy?: number | null;
  endedAt?: Date;
  endReason?: string;
}

/** Saves a step of an appointment and bumps its version. */
export async function saveAppointment(
  trx: Tx,
  id: number,
  change: AppointmentChange,
): Promise<Appointment> {
  const row = await trx
    .updateTable('auditor_appointment')
    .set((eb) => ({
      ...(change.organisationId === undefined ? {} : { organisation_id: change.organisationId }),
      ...(change.status === undefined ? {} : { status: change.status }),
      ...(change.torApprovedOn === undefined ? {} : { tor_approved_on: change.torApprovedOn }),
      ...(change.torApprovedBy === undefined ? {} : { tor_approved_by: change.torApprovedBy }),
      ...(change.endedAt === undefined ? {} : { ended_at: change.endedAt }),
      ...(change.endReason === undefined ? {} : { end_reason: change.endReason }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAppointment(row);
}

/** Whether the organisation already holds an appointment for the release that has not ended. */
export async function hasLiveAppointment(
  db: Db,
  releaseId: number,
  organisationId: number,
): Promise<boolean> {
  const existing = await db
    .selectFrom('auditor_appointment')
    .select('id')
    .where('release_id', '=', releaseId)
    .where('organisation_id', '=', organisationId)
    .where('status', '<>', 'ended')
    .executeTakeFirst();
  return existing !== undefined;
}

/** Locks the organisation's appointment in effect for the release; undefined when none. */
export async function lockAppointmentInEffect(
  trx: Tx,
  releaseId: number,
  organisationId: number,
): Promise<{ id: number } | undefined> {
  return trx
    .selectFrom('auditor_appointment')
    .select('id')
    .where('release_id', '=', releaseId)
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'appointed')
    .orderBy('id')
    .forUpdate()
    .executeTakeFirst();
}

/** The status and organisation of an appointment (it exists: an access request points to it). */
export async function appointmentStateOf(
  db: Db,
  id: number,
): Promise<{
  status: Appointment['status'];
  organisationId: number | null;
  organisationName: string | null;
}> {
  const row = await db
    .selectFrom('auditor_appointment as a')
    .leftJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select(['a.status', 'a.organisation_id', 'o.name as organisation_name'])
    .where('a.id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    status: row.status,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
  };
}

/** D10.11: a new open access request. */
export interface NewAccessRequest {
  appointmentId: number;
  kind: AccessKind;
  detail: string;
  wantedOn: string | null;
  requestedBy: number | null;
  requestedAt: Date;
}

export async function insertAccessRequest(
  trx: Tx,
  request: NewAccessRequest,
): Promise<AccessRequest> {
  const row = await trx
    .insertInto('auditor_access_request')
    .values({
      appointment_id: request.appointmentId,
      kind: request.kind,
      detail: request.detail,
      wanted_on: request.wantedOn,
      requested_by: request.requestedBy,
      requested_at: request.requestedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccessRequest(row);
}

/** D10.11: the DCC's answer to an access request; bumps its version. */
export interface AccessAnswer {
  status: 'granted' | 'refused';
  answer: string;
  arrangedOn: string | null;
  answeredBy: number | null;
  answeredAt: Date;
}

export async function saveAccessAnswer(
  trx: Tx,
  id: number,
  answer: AccessAnswer,
): Promise<AccessRequest> {
  const row = await trx
    .updateTable('auditor_access_request')
    .set((eb) => ({
      status: answer.status,
      answer: answer.answer,
      arranged_on: answer.arrangedOn,
      answered_by: answer.answeredBy,
      answered_at: answer.answeredAt,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccessRequest(row);
}

export async function findOrganisation(db: Db, id: number) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organisations that can be appointed (kind auditor), by name. */
export async function auditorOrganisations(db: Db) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'auditor')
    .orderBy('name')
    .execute();
}

export interface Recipient {
  userId: number;
  email: string;
  name: string;
}

/** The enabled users with an e-mail of the DCC, or of one organisation. */
export async function recipientsOf(
  db: Db,
  of: { kind: 'dcc' } | { organisationId: number },
): Promise<Recipient[]> {
  let query = db
    .selectFrom('app_user')
    .innerJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .select(['app_user.id', 'app_user.email', 'app_user.name'])
    .where('app_user.disabled_at', 'is', null)
    .where('app_user.email', '<>', '');
  query =
    'kind' in of
      ? query.where('organisation.kind', '=', of.kind)
      : query.where('organisation.id', '=', of.organisationId);
  const rows = await query.orderBy('app_user.id').execute();
  return rows.map((row) => ({ userId: row.id, email: row.email, name: row.name }));
}

/**
 * D10.11: the people a refused access request is escalated to: the enabled users with an e-mail
 * who hold a role of the Panel (Chair or member) or of SECAS, each once.
 */
export async function panelRecipients(db: Db): Promise<Recipient[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name'])
    .distinct()
    .where('r.role', 'in', ['panel_chair', 'panel_member', 'code_administrator'])
    .where('u.disabled_at', 'is', null)
    .where('u.email', '<>', '')
    .orderBy('u.id')
    .execute();
  return rows.map((row) => ({ userId: row.id, email: row.email, name: row.name }));
}

/**
 * D10.11: the refusals still before the Panel: refused requests of auditors still appointed, for
 * which the DCC has not granted a later request (by id) of the same kind from the same appointment.
 * Oldest first.
 */
export async function refusedAccessRequests(db: Db): Promise<AccessRequestView[]> {
  const rows = await accessQuery(db)
    .where('q.status', '=', 'refused')
    .where('a.status', '=', 'appointed')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('auditor_access_request as later')
            .select('later.id')
            .whereRef('later.appointment_id', '=', 'q.appointment_id')
            .whereRef('later.kind', '=', 'q.kind')
            .where('later.status', '=', 'granted')
            .whereRef('later.id', '>', 'q.id'),
        ),
      ),
    )
    .orderBy('q.answered_at')
    .orderBy('q.id')
    .execute();
  return rows.map(toAccessRequestView);
}

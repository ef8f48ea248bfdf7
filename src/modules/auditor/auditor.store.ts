import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditorAccessRequestTable, AuditorAppointmentTable, DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { AppointmentGrant } from './auditor.access.ts';

export type Appointment = Selectable<AuditorAppointmentTable>;
export type AccessRequest = Selectable<AuditorAccessRequestTable>;

/** An appointment with the names people read: its organisation and its release. */
export interface AppointmentView extends Appointment {
  organisation_name: string | null;
  release_name: string;
  release_go_live: string;
}

/** An access request with its appointment's organisation and release. */
export interface AccessRequestView extends AccessRequest {
  release_id: number;
  release_name: string;
  organisation_id: number | null;
  organisation_name: string | null;
  appointment_status: Appointment['status'];
}

function appointmentQuery(db: Kysely<DB>) {
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
export async function appointmentsOfRelease(
  db: Kysely<DB>,
  releaseId: number,
): Promise<AppointmentView[]> {
  return appointmentQuery(db).where('a.release_id', '=', releaseId).orderBy('a.id').execute();
}

/** D10.11: an organisation's appointments, by the go-live of their release. */
export async function appointmentsOfOrganisation(
  db: Kysely<DB>,
  organisationId: number,
): Promise<AppointmentView[]> {
  return appointmentQuery(db)
    .where('a.organisation_id', '=', organisationId)
    .orderBy('r.go_live')
    .orderBy('a.id')
    .execute();
}

/** Appointments in a status, for the home pages. */
export async function appointmentsInStatus(
  db: Kysely<DB>,
  status: Appointment['status'],
): Promise<AppointmentView[]> {
  return appointmentQuery(db).where('a.status', '=', status).orderBy('a.id').execute();
}

/** What the read rule (auditorMayRead) needs: the appointments of an organisation. */
export async function grantsOf(
  db: Kysely<DB>,
  organisationId: number | null,
): Promise<AppointmentGrant[]> {
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
  trx: Transaction<DB>,
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
  return row;
}

function accessQuery(db: Kysely<DB>) {
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
  db: Kysely<DB>,
  releaseId: number,
): Promise<AccessRequestView[]> {
  return accessQuery(db)
    .where('a.release_id', '=', releaseId)
    .orderBy('q.requested_at', 'desc')
    .orderBy('q.id', 'desc')
    .execute();
}

/** D10.11: the open requests of auditors still appointed (the DCC's to answer), oldest first. */
export async function openAccessRequests(db: Kysely<DB>): Promise<AccessRequestView[]> {
  return accessQuery(db)
    .where('q.status', '=', 'open')
    .where('a.status', '=', 'appointed')
    .orderBy('q.requested_at')
    .orderBy('q.id')
    .execute();
}

/** Loads and locks an access request of a release; a stale `expectedVersion` is refused (409). */
export async function lockAccessRequest(
  trx: Transaction<DB>,
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
  return row;
}

export async function findOrganisation(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organisations that can be appointed (kind auditor), by name. */
export async function auditorOrganisations(db: Kysely<DB>) {
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
  db: Kysely<DB>,
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

import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, ReleaseNoticeTable } from '../../db/schema.ts';
import { PARTY_KINDS } from './notice.ts';

/** D10.8(c), ruling 9: a notice of a release as issued, with how many people it went to. */
export interface ReleaseNotice {
  id: number;
  releaseId: number;
  subject: string;
  body: string;
  issuedBy: number | null;
  issuedAt: Date;
  recipients: number;
  /** How many of the recipients are users of Users (the mandatory recipients). */
  mandatoryRecipients: number;
}

/** A notice with the name of its release (the public list of all notices). */
export interface NoticeListItem extends ReleaseNotice {
  releaseName: string;
}

function toNotice(row: Selectable<ReleaseNoticeTable>): ReleaseNotice {
  return {
    id: row.id,
    releaseId: row.release_id,
    subject: row.subject,
    body: row.body,
    issuedBy: row.issued_by,
    issuedAt: row.issued_at,
    recipients: row.recipients,
    mandatoryRecipients: row.mandatory_recipients,
  };
}

/** D10.8(c): the notices of a release, newest first. */
export async function noticesOf(db: Kysely<DB>, releaseId: number): Promise<ReleaseNotice[]> {
  const rows = await db
    .selectFrom('release_notice')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toNotice);
}

/** D10.8(c): every notice of every release, newest first. */
export async function allNotices(db: Kysely<DB>): Promise<NoticeListItem[]> {
  const rows = await db
    .selectFrom('release_notice')
    .innerJoin('release', 'release.id', 'release_notice.release_id')
    .selectAll('release_notice')
    .select('release.name as release_name')
    .orderBy('release_notice.issued_at', 'desc')
    .orderBy('release_notice.id', 'desc')
    .execute();
  return rows.map((row) => ({ ...toNotice(row), releaseName: row.release_name }));
}

/** How many notices each release has, by release id. */
export async function noticeCounts(db: Kysely<DB>): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('release_notice')
    .select((eb) => ['release_id', eb.fn.countAll<string | number>().as('n')])
    .groupBy('release_id')
    .execute();
  return new Map(rows.map((row) => [row.release_id, Number(row.n)]));
}

export interface NoticeRecipient {
  userId: number;
  email: string;
  name: string;
  organisationName: string;
  isUser: boolean;
}

/**
 * Ruling 9: every enabled user with an e-mail address of every Party organisation (a Party or the
 * DCC), with whether the organisation is a User (a mandatory recipient).
 */
export async function partyRecipients(db: Kysely<DB>): Promise<NoticeRecipient[]> {
  const rows = await db
    .selectFrom('app_user')
    .innerJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .select([
      'app_user.id',
      'app_user.email',
      'app_user.name',
      'organisation.name as organisation_name',
      'organisation.is_user',
    ])
    .where('organisation.kind', 'in', [...PARTY_KINDS])
    .where('app_user.disabled_at', 'is', null)
    .where('app_user.email', '<>', '')
    .orderBy('app_user.id')
    .execute();
  return rows.map((row) => ({
    userId: row.id,
    email: row.email,
    name: row.name,
    organisationName: row.organisation_name,
    isUser: row.is_user,
  }));
}

/** D10.8(c): records a notice (its counts are saved once it has been sent); returns its id. */
export async function insertNotice(
  trx: Transaction<DB>,
  values: Omit<Insertable<ReleaseNoticeTable>, 'id'>,
): Promise<number> {
  const row = await trx
    .insertInto('release_notice')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Ruling 9: how many people a notice went to, and how many of them are users of Users. */
export async function saveNoticeCounts(
  trx: Transaction<DB>,
  id: number,
  sent: { recipients: number; mandatory: number },
): Promise<ReleaseNotice> {
  const row = await trx
    .updateTable('release_notice')
    .set({ recipients: sent.recipients, mandatory_recipients: sent.mandatory })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toNotice(row);
}

import type { Db, Tx } from '../../app-context.ts';
import type { Delivery, FollowedType, Preferences, Topic } from './notification.ts';

/** Someone a notification goes to. */
export interface Recipient {
  id: number;
  email: string;
  name: string;
}

/** Each person's chosen deliveries, for the people given. */
export async function preferencesOfUsers(
  db: Db | Tx,
  userIds: readonly number[],
): Promise<Map<number, Preferences>> {
  const result = new Map<number, Record<string, Delivery>>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('notification_preference')
    .selectAll()
    .where('user_id', 'in', [...userIds])
    .execute();
  for (const row of rows) {
    const own = result.get(row.user_id) ?? {};
    own[row.topic] = row.delivery;
    result.set(row.user_id, own);
  }
  return result;
}

/** Replaces a person's choices for the topics given. */
export async function savePreferences(
  trx: Tx,
  userId: number,
  preferences: Readonly<Partial<Record<Topic, Delivery>>>,
): Promise<void> {
  for (const [topic, delivery] of Object.entries(preferences) as [Topic, Delivery][]) {
    await trx
      .insertInto('notification_preference')
      .values({ user_id: userId, topic, delivery })
      .onConflict((conflict) => conflict.columns(['user_id', 'topic']).doUpdateSet({ delivery }))
      .execute();
  }
}

/** Whether the modification or release exists. */
export async function followedExists(db: Db | Tx, type: FollowedType, id: number) {
  const row =
    type === 'modification'
      ? await db.selectFrom('modification').select('id').where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('release').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** Starts following; false when the person already follows it. */
export async function insertSubscription(
  trx: Tx,
  userId: number,
  type: FollowedType,
  id: number,
  now: Date,
): Promise<boolean> {
  const row = await trx
    .insertInto('subscription')
    .values({ user_id: userId, subject_type: type, subject_id: id, created_at: now })
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'subject_type', 'subject_id']).doNothing(),
    )
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Stops following; false when the person did not follow it. */
export async function deleteSubscription(
  trx: Tx,
  userId: number,
  type: FollowedType,
  id: number,
): Promise<boolean> {
  const result = await trx
    .deleteFrom('subscription')
    .where('user_id', '=', userId)
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Whether a person follows a modification or release. */
export async function isFollowing(db: Db, userId: number, type: FollowedType, id: number) {
  const row = await db
    .selectFrom('subscription')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** The active people who follow a modification or release. */
export async function followersOf(
  db: Db | Tx,
  type: FollowedType,
  id: number,
): Promise<Recipient[]> {
  return db
    .selectFrom('subscription as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.email', 'u.name'])
    .where('s.subject_type', '=', type)
    .where('s.subject_id', '=', id)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.id')
    .execute();
}

/** What a person follows, with names for the account page. */
export async function subscriptionsOf(db: Db, userId: number) {
  const rows = await db
    .selectFrom('subscription as s')
    .leftJoin('modification as m', (join) =>
      join.onRef('m.id', '=', 's.subject_id').on('s.subject_type', '=', 'modification'),
    )
    .leftJoin('release as r', (join) =>
      join.onRef('r.id', '=', 's.subject_id').on('s.subject_type', '=', 'release'),
    )
    .select(['s.subject_type', 's.subject_id', 's.created_at', 'm.reference', 'm.title', 'r.name'])
    .where('s.user_id', '=', userId)
    .orderBy('s.created_at')
    .execute();
  return rows.map((row) => ({
    type: row.subject_type,
    id: row.subject_id,
    name:
      row.subject_type === 'modification'
        ? `${row.reference ?? ''}: ${row.title ?? ''}`
        : (row.name ?? ''),
    since: row.created_at,
  }));
}

export interface NewNotification {
  userId: number;
  topic: Topic;
  subject: string;
  body: string;
  path: string;
  delivery: 'immediate' | 'digest';
  dedupeKey: string;
}

/** Records a notification once per dedupe key; returns its id, or null when already recorded. */
export async function insertNotification(
  trx: Tx,
  n: NewNotification,
  now: Date,
): Promise<number | null> {
  const row = await trx
    .insertInto('notification')
    .values({
      user_id: n.userId,
      topic: n.topic,
      subject: n.subject,
      body_text: n.body,
      path: n.path,
      delivery: n.delivery,
      dedupe_key: n.dedupeKey,
      created_at: now,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Links a notification to the e-mail queued for it (same dedupe key). */
export async function linkOutboxMessage(trx: Tx, id: number, dedupeKey: string): Promise<void> {
  const message = await trx
    .selectFrom('outbox_message')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  if (message) {
    await trx
      .updateTable('notification')
      .set({ outbox_message_id: message.id })
      .where('id', '=', id)
      .execute();
  }
}

export interface NotificationEntry {
  id: number;
  topic: Topic;
  subject: string;
  path: string;
  delivery: 'immediate' | 'digest';
  createdAt: Date;
  digestedAt: Date | null;
  emailStatus: 'pending' | 'sent' | 'failed' | null;
  sentAt: Date | null;
}

/** A person's notifications, newest first, keyset-paginated. */
export async function listNotifications(
  db: Db,
  userId: number,
  page: { before?: number | undefined; limit: number },
): Promise<{ entries: NotificationEntry[]; nextBefore: number | null }> {
  let query = db
    .selectFrom('notification as n')
    .leftJoin('outbox_message as o', 'o.id', 'n.outbox_message_id')
    .select([
      'n.id',
      'n.topic',
      'n.subject',
      'n.path',
      'n.delivery',
      'n.created_at',
      'n.digested_at',
      'o.status',
      'o.sent_at',
    ])
    .where('n.user_id', '=', userId);
  if (page.before !== undefined) query = query.where('n.id', '<', page.before);
  const rows = await query
    .orderBy('n.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const entries = rows.slice(0, page.limit).map((row) => ({
    id: row.id,
    topic: row.topic,
    subject: row.subject,
    path: row.path,
    delivery: row.delivery,
    createdAt: row.created_at,
    digestedAt: row.digested_at,
    emailStatus: row.status,
    sentAt: row.sent_at,
  }));
  const last = entries.at(-1);
  return { entries, nextBefore: rows.length > page.limit && last ? last.id : null };
}

/** The people with notifications waiting for their daily summary. */
export async function usersWithDigestDue(db: Db): Promise<Recipient[]> {
  return db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.email', 'u.name'])
    .where('u.disabled_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('notification as n')
          .select('n.id')
          .whereRef('n.user_id', '=', 'u.id')
          .where('n.delivery', '=', 'digest')
          .where('n.digested_at', 'is', null),
      ),
    )
    .orderBy('u.id')
    .execute();
}

/**
 * Claims a person's waiting notifications for one summary: a conditional update in the caller's
 * transaction, so a second summary (another worker, a retry) finds nothing left to claim.
 */
export async function claimDigest(trx: Tx, userId: number, now: Date) {
  const rows = await trx
    .updateTable('notification')
    .set({ digested_at: now })
    .where('user_id', '=', userId)
    .where('delivery', '=', 'digest')
    .where('digested_at', 'is', null)
    .returning(['id', 'subject', 'body_text', 'path'])
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { canManageOwnSessions, requireActor } from '../identity/identity.access.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import {
  TOPICS,
  deliveryFor,
  followedPath,
  isDelivery,
  messageText,
  type Delivery,
  type FollowedType,
  type Topic,
} from './notification.ts';
import {
  deleteSubscription,
  followedExists,
  followersOf,
  insertNotification,
  insertSubscription,
  linkOutboxMessage,
  preferencesOfUsers,
  savePreferences,
  type Recipient,
} from './notification.store.ts';

export type { Recipient } from './notification.store.ts';

/** A message for people, each told as they chose for its topic. */
export interface Telling {
  topic: Topic;
  subject: string;
  /** The text, without greeting or link: the same in an e-mail of its own and in a summary. */
  body: string;
  /** The page it is about, e.g. `/appeals/4`; e-mail carries it as an absolute URL. */
  path: string;
  /** Names the event: each person is told of it once (`appeal:4:lodged`). */
  key: string;
}

/**
 * Tells each person (once each) in the caller's unit of work, as they chose for the topic:
 * straight away (an e-mail in the outbox), in their daily summary, or not at all. Either way but
 * the last it is recorded in their notifications. The e-mail's dedupe key is the notification's,
 * so no one is e-mailed twice of one event. Returns the people told.
 */
export async function tell(
  unit: UnitOfWork,
  people: readonly Recipient[],
  telling: Telling,
): Promise<Recipient[]> {
  const unique = [...new Map(people.map((p) => [p.id, p])).values()].filter((p) => p.email !== '');
  const preferences = await preferencesOfUsers(
    unit.trx,
    unique.map((p) => p.id),
  );
  const told: Recipient[] = [];
  for (const person of unique) {
    const delivery = deliveryFor(preferences.get(person.id) ?? {}, telling.topic);
    if (delivery === 'off') continue;
    const dedupeKey = `notify:${telling.key}:${person.id}`;
    const id = await insertNotification(
      unit.trx,
      {
        userId: person.id,
        topic: telling.topic,
        subject: telling.subject,
        body: telling.body,
        path: telling.path,
        delivery,
        dedupeKey,
      },
      unit.now,
    );
    if (id === null) continue;
    told.push(person);
    if (delivery === 'digest') continue;
    await unit.notify({
      to: person.email,
      toName: person.name,
      subject: telling.subject,
      text: messageText(
        { name: person.name, body: telling.body, path: telling.path },
        unit.publicUrl,
      ),
      dedupeKey,
    });
    await linkOutboxMessage(unit.trx, id, dedupeKey);
  }
  return told;
}

/**
 * Tells the followers of a modification or release of an event on it (topic `followed`),
 * except the people in `except` (told already by the same use case).
 */
export async function tellFollowers(
  unit: UnitOfWork,
  followed: { type: FollowedType; id: number },
  telling: Omit<Telling, 'topic' | 'path'> & { path?: string },
  except: readonly number[] = [],
): Promise<Recipient[]> {
  const skip = new Set(except);
  const followers = (await followersOf(unit.trx, followed.type, followed.id)).filter(
    (p) => !skip.has(p.id),
  );
  return tell(unit, followers, {
    ...telling,
    topic: 'followed',
    path: telling.path ?? followedPath(followed.type, followed.id),
  });
}

/**
 * A person chooses how they are told of each topic (immediately, daily summary, or not by
 * e-mail). Anyone signed in, for themselves; audited as `notification.preferences_changed`.
 */
export async function setPreferences(
  ctx: AppContext,
  principal: Principal | null,
  input: Readonly<Record<string, unknown>>,
): Promise<Record<Topic, Delivery>> {
  const me = requireActor(principal, canManageOwnSessions);
  const chosen: Partial<Record<Topic, Delivery>> = {};
  for (const topic of TOPICS) {
    const value = input[topic];
    if (value === undefined) continue;
    if (!isDelivery(value)) {
      throw new AppError('validation_failed', 'Choose straight away, daily summary or no e-mail', {
        field: topic,
      });
    }
    chosen[topic] = value;
  }
  return inTransaction(ctx, actorOf(me), async (unit) => {
    const before = (await preferencesOfUsers(unit.trx, [me.userId])).get(me.userId) ?? {};
    await savePreferences(unit.trx, me.userId, chosen);
    const after = { ...before, ...chosen };
    const all = Object.fromEntries(TOPICS.map((t) => [t, deliveryFor(after, t)])) as Record<
      Topic,
      Delivery
    >;
    await unit.audit({
      action: 'notification.preferences_changed',
      subjectType: 'user',
      subjectId: String(me.userId),
      before,
      after: all,
    });
    return all;
  });
}

/** A person's choices, every topic filled in (immediately where they chose nothing). */
export async function preferencesOf(ctx: AppContext, principal: Principal | null) {
  const me = requireActor(principal, canManageOwnSessions);
  const mine = (await preferencesOfUsers(ctx.db, [me.userId])).get(me.userId) ?? {};
  return Object.fromEntries(TOPICS.map((t) => [t, deliveryFor(mine, t)])) as Record<
    Topic,
    Delivery
  >;
}

/**
 * Anyone signed in follows (or stops following) a modification or a release, to be told of its
 * decisions, notices and changes. Audited as `notification.followed` / `notification.unfollowed`;
 * following twice, or stopping what one does not follow, changes nothing.
 */
export async function setFollowing(
  ctx: AppContext,
  principal: Principal | null,
  followed: { type: FollowedType; id: number },
  follow: boolean,
): Promise<boolean> {
  const me = requireActor(principal, canManageOwnSessions);
  return inTransaction(ctx, actorOf(me), async (unit) => {
    if (!(await followedExists(unit.trx, followed.type, followed.id)))
      throw new AppError('not_found', `No such ${followed.type}`);
    const changed = follow
      ? await insertSubscription(unit.trx, me.userId, followed.type, followed.id, unit.now)
      : await deleteSubscription(unit.trx, me.userId, followed.type, followed.id);
    if (changed) {
      await unit.audit({
        action: follow ? 'notification.followed' : 'notification.unfollowed',
        subjectType: followed.type,
        subjectId: String(followed.id),
        after: { userId: me.userId, following: follow },
      });
    }
    return follow;
  });
}

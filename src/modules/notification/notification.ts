/**
 * Issue 13: what each person is told, and how. Pure rules and text: no clock, no database.
 */
import { endOfLondonDay } from '../../calendar/index.ts';
import { formatEpochDay, parseIsoDate } from '../../calendar/civil-date.ts';

/** What a message is about; each person chooses how they are told of each. */
export type Topic = 'followed' | 'consultation' | 'action' | 'appeal';
export const TOPICS: readonly Topic[] = ['followed', 'consultation', 'action', 'appeal'];

export const TOPIC_NAMES: Record<Topic, { name: string; hint: string }> = {
  followed: {
    name: 'Modifications and releases you follow',
    hint: 'Decisions, notices and changes of status of what you follow',
  },
  consultation: {
    name: 'Consultations and requests for views',
    hint: 'When a consultation of your organisation or your sub-committee opens',
  },
  action: {
    name: 'Implementation actions',
    hint: 'Reminders of overdue D10.2 actions your organisation owns (D10.3)',
  },
  appeal: {
    name: 'Your appeals',
    hint: 'The confirmation of an appeal you lodge (D10.17)',
  },
};

/** Immediately (one e-mail each), in one e-mail a day, or not by e-mail at all. */
export type Delivery = 'immediate' | 'digest' | 'off';
export const DELIVERIES: readonly Delivery[] = ['immediate', 'digest', 'off'];
export const DELIVERY_NAMES: Record<Delivery, string> = {
  immediate: 'Straight away',
  digest: 'In a daily summary',
  off: 'Do not e-mail me',
};

export type Preferences = Readonly<Partial<Record<Topic, Delivery>>>;

/** Whether a value names a topic. */
export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && (TOPICS as readonly string[]).includes(value);
}

/** Whether a value names a way of being told. */
export function isDelivery(value: unknown): value is Delivery {
  return typeof value === 'string' && (DELIVERIES as readonly string[]).includes(value);
}

/** A person who has chosen nothing is told straight away. */
export function deliveryFor(preferences: Preferences, topic: Topic): Delivery {
  return preferences[topic] ?? 'immediate';
}

/** What can be followed. */
export type FollowedType = 'modification' | 'release';
export const FOLLOWED_TYPES: readonly FollowedType[] = ['modification', 'release'];

/** The page of what is followed. */
export function followedPath(type: FollowedType, id: number): string {
  return type === 'modification' ? `/modifications/${id}` : `/releases/${id}`;
}

/** An absolute link to a page of secrel, from PUBLIC_URL: e-mail is read outside the site. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** One message for one person: a greeting, the text, the link to its page, and where to choose. */
export function messageText(
  facts: { name: string; body: string; path: string },
  publicUrl: string,
): string {
  return [
    `Dear ${facts.name},`,
    '',
    facts.body,
    '',
    `Open it: ${absoluteUrl(publicUrl, facts.path)}`,
    '',
    `You receive this because of your notification settings: ${absoluteUrl(publicUrl, '/account/notifications')}`,
  ].join('\n');
}

/** A notification waiting for the daily summary. */
export interface DigestItem {
  subject: string;
  body: string;
  path: string;
}

/** The subject of a daily summary. */
export function digestSubject(count: number): string {
  return count === 1 ? 'Your daily summary: 1 update' : `Your daily summary: ${count} updates`;
}

/** The daily summary: each update once, in the order it happened, each with its link. */
export function digestText(name: string, items: readonly DigestItem[], publicUrl: string): string {
  const lines = [`Dear ${name},`, '', 'Here is what happened since your last summary.', ''];
  for (const [index, item] of items.entries()) {
    lines.push(`${index + 1}. ${item.subject}`, item.body, absoluteUrl(publicUrl, item.path), '');
  }
  lines.push(
    `Change what you are told and how: ${absoluteUrl(publicUrl, '/account/notifications')}`,
  );
  return lines.join('\n');
}

const DIGEST_HOUR_MS = 7 * 60 * 60_000;

/**
 * The daily summaries go at 07:00 UK time (epoch milliseconds) (the hour after midnight is added: on the two Sundays
 * the clocks change they go an hour early or late).
 */
export function digestInstant(day: string): number {
  const dayBefore = formatEpochDay(parseIsoDate(day) - 1);
  return Date.parse(endOfLondonDay(dayBefore)) + 1000 + DIGEST_HOUR_MS;
}

/** The day after `day`. */
export function nextDay(day: string): string {
  return formatEpochDay(parseIsoDate(day) + 1);
}

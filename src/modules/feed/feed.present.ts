import ical, { ICalCalendarMethod } from 'ical-generator';
import type { CalendarItem, FeedEntry } from './feed.ts';

function absolute(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * Issue 13: a calendar feed in iCalendar (RFC 5545, written by ical-generator, which folds and
 * escapes): all-day events for dates, an instant for deadlines, a stable UID per item (so a
 * calendar updates an event rather than adding one), METHOD:PUBLISH.
 */
export function icsOf(
  items: readonly CalendarItem[],
  feed: { name: string; publicUrl: string; host: string; now: Date },
): string {
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'secrel', product: 'SEC Release Management', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const item of items) {
    calendar.createEvent({
      id: `${item.uid}@${feed.host}`,
      stamp: feed.now,
      ...(item.at === undefined
        ? { start: item.date, allDay: true }
        : { start: new Date(item.at), end: new Date(item.at) }),
      summary: item.summary,
      description: `${item.description}\n${absolute(feed.publicUrl, item.path)}`,
      url: absolute(feed.publicUrl, item.path),
    });
  }
  return calendar.toString();
}

/** Text for XML character data and attributes. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Issue 13: an Atom feed (RFC 4287): the feed's id, title, updated, self and alternate links and
 * author; each entry with its id (a tag: URI), title, updated, summary and link to its page.
 */
export function atomOf(
  entries: readonly FeedEntry[],
  feed: { title: string; path: string; page: string; publicUrl: string; host: string; now: Date },
): string {
  const updated = entries[0]?.updated ?? feed.now.toISOString();
  const tag = (id: string) => `tag:${feed.host},2026:${id}`;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlEscape(tag(feed.path))}</id>`,
    `  <title>${xmlEscape(feed.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(absolute(feed.publicUrl, feed.path))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(absolute(feed.publicUrl, feed.page))}"/>`,
    '  <author><name>SEC Release Management</name></author>',
  ];
  for (const entry of entries) {
    lines.push(
      '  <entry>',
      `    <id>${xmlEscape(tag(entry.id))}</id>`,
      `    <title>${xmlEscape(entry.title)}</title>`,
      `    <updated>${entry.updated}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(absolute(feed.publicUrl, entry.path))}"/>`,
      `    <summary>${xmlEscape(entry.summary)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

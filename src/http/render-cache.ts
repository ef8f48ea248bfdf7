import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../app-context.ts';
import { endOfLondonDay, todayOf } from '../calendar/deadline.ts';
import { formatEpochDay, parseIsoDate } from '../calendar/civil-date.ts';
import { freshPublicVersion } from '../db/public-version.ts';
import { sessionCookieName } from './auth.ts';
import { NOTICE_COOKIE } from './notice.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * Issue 12, the render cache: anonymous GETs of the public pages and API reads below are rendered
 * once per key and then served from memory, with a strong ETag (the body's hash), Last-Modified
 * and 304s. The key is what such a response can depend on:
 *  - the public version, read from the database on every request (one primary-key read), which
 *    every committed write to a table that is not private bumps (src/db/public-version.ts), so no
 *    write by any app server, job or import can leave a stale entry in use;
 *  - the London calendar date (and the last second of the day, when end-of-day deadlines pass),
 *    so pages that count days or show deadlines change at midnight;
 *  - the URL with its query string.
 * A response is kept only when it is a 200 that sets no cookie and was rendered wholly inside one
 * day, at least a second from either end. Signed-in requests (a session cookie or a token) and
 * requests carrying a one-time notice bypass the cache.
 */

/**
 * The cached routes. `data`: reads the database (keyed on the public version); `static`: reads
 * nothing but the date (the test proves these make no query).
 */
// The landing page is not cached: it publishes the audit chain's head, which every event moves.
export const CACHED_ROUTES: Readonly<Record<string, 'data' | 'static'>> = {
  '/rules': 'static',
  '/calendar': 'data',
  '/releases': 'data',
  '/releases/:id': 'data',
  '/releases/:id/rid': 'data',
  '/releases/:id/rid/versions/:n': 'data',
  '/api/v1/rules': 'static',
  '/api/v1/calendar/holidays': 'data',
  '/api/v1/releases': 'data',
  '/api/v1/releases/:id': 'data',
  '/api/v1/releases/:id/scope': 'data',
  '/api/v1/releases/:id/notices': 'data',
  '/api/v1/releases/:id/rid': 'data',
  '/api/v1/releases/:id/rid/versions/:n': 'data',
  '/api/v1/releases/:id/rid/redline': 'data',
  '/api/v1/notices': 'data',
  '/api/v1/modifications': 'data',
  '/api/v1/modifications/:id': 'data',
};

/** The memory the entries may take, bodies and keys (least recently used go first). */
export const RENDER_CACHE_BYTES = 32 * 1024 * 1024;

interface Entry {
  body: Buffer;
  /** The route's own headers (content type…) and the validators, set at once on a hit. */
  headers: Record<string, string>;
  etag: string;
  lastModified: number;
}

/** A stretch of London time within which pages cannot change but by a write. */
interface Slot {
  id: string;
  from: number;
  to: number;
}

interface Pending {
  key: string;
  slot: Slot;
  start: number;
  lastModified: number;
  hit: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    renderCache: Pending | null;
  }
}

const SECOND = 1000;

/**
 * The slot of an instant: its London day until 23:59:59 (when "within N Working Days" deadlines
 * end, src/calendar/deadline.ts), then that last second. Memoised: recomputed once a slot ends.
 */
function slotClock(): (ms: number) => Slot {
  let current: Slot = { id: '', from: 0, to: 0 };
  return (ms) => {
    if (ms >= current.from && ms < current.to) return current;
    const date = todayOf(new Date(ms));
    const dayBefore = formatEpochDay(parseIsoDate(date) - 1);
    const start = Date.parse(endOfLondonDay(dayBefore)) + SECOND;
    const lastSecond = Date.parse(endOfLondonDay(date));
    current =
      ms < lastSecond
        ? { id: date, from: start, to: lastSecond }
        : { id: `${date}+`, from: lastSecond, to: lastSecond + SECOND };
    return current;
  };
}

/** Whether an instant is at least a second inside its slot (a render there is kept). */
function wellInside(slot: Slot, ms: number): boolean {
  return ms >= slot.from + SECOND && ms < slot.to - SECOND;
}

function anonymous(request: FastifyRequest, sessionCookie: string): boolean {
  if (request.headers.authorization !== undefined) return false;
  const cookies = request.cookies;
  return cookies[sessionCookie] === undefined && cookies[NOTICE_COOKIE] === undefined;
}

/** If-None-Match first (RFC 9110 13.2.2); If-Modified-Since only without it. */
function notModified(request: FastifyRequest, etag: string, lastModified: number): boolean {
  const tags = request.headers['if-none-match'];
  if (tags !== undefined) {
    return tags
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === etag || tag === '*');
  }
  const since = request.headers['if-modified-since'];
  if (since === undefined || lastModified > Date.now()) return false;
  const sinceMs = Date.parse(since);
  return Number.isFinite(sinceMs) && sinceMs >= lastModified;
}

/** The validators and caching rules of a cacheable response. */
function validators(entry: Pick<Entry, 'etag' | 'lastModified'>): Record<string, string> {
  const headers: Record<string, string> = {
    etag: entry.etag,
    'cache-control': 'no-cache',
    vary: 'Cookie, Authorization',
  };
  // Never a Last-Modified in the future (the version's second may be ahead of the clock).
  if (entry.lastModified <= Date.now())
    headers['last-modified'] = new Date(entry.lastModified).toUTCString();
  return headers;
}

/** Headers a cached response does not carry over: set per response, or on every response. */
const NOT_KEPT = new Set([
  'content-length',
  'set-cookie',
  'date',
  'connection',
  ...Object.keys(securityHeaders(true)),
]);

export function registerRenderCache(app: FastifyInstance, ctx: AppContext): void {
  const cache = new LRUCache<string, Entry>({
    maxSize: RENDER_CACHE_BYTES,
    sizeCalculation: (entry, key) => entry.body.length + key.length + 512,
  });
  const slotOf = slotClock();
  const publicVersion = freshPublicVersion(ctx.db);
  const sessionCookie = sessionCookieName(ctx.config.secureCookies);
  // A restart may bring other templates: nothing cached before it is vouched for.
  const startedAt = Math.ceil(Date.now() / SECOND) * SECOND;
  app.decorateRequest('renderCache', null);

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const route = CACHED_ROUTES[request.routeOptions.url ?? ''];
    if (route === undefined || !anonymous(request, sessionCookie)) return;
    const start = ctx.now().getTime();
    const slot = slotOf(start);
    const version = route === 'data' ? await publicVersion() : undefined;
    const key = `${version?.version ?? 'static'} ${slot.id} ${request.url}`;
    const changedAt = version?.changedAt.getTime() ?? 0;
    const lastModified = Math.max(changedAt, slot.from, startedAt);
    const entry = cache.get(key);
    if (entry === undefined) {
      request.renderCache = { key, slot, start, lastModified, hit: false };
      return;
    }
    request.renderCache = { key, slot, start, lastModified: entry.lastModified, hit: true };
    // A Last-Modified kept out while it was in the future is sent once it is not.
    if (entry.headers['last-modified'] === undefined && entry.lastModified <= Date.now())
      entry.headers = { ...entry.headers, ...validators(entry) };
    reply.headers(entry.headers);
    if (notModified(request, entry.etag, entry.lastModified)) return reply.code(304).send();
    return reply.code(200).send(entry.body);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const pending = request.renderCache;
    if (pending === null || pending.hit || reply.statusCode !== 200) return payload;
    if (reply.hasHeader('set-cookie')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const end = ctx.now().getTime();
    const { slot } = pending;
    if (slotOf(end) !== slot || !wellInside(slot, pending.start) || !wellInside(slot, end))
      return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const own: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && !NOT_KEPT.has(name)) own[name] = String(value);
    }
    const validated = validators({ etag, lastModified: pending.lastModified });
    const headers = { ...own, ...validated };
    const entry: Entry = { body, headers, etag, lastModified: pending.lastModified };
    cache.set(pending.key, entry);
    reply.headers(validated);
    if (notModified(request, etag, entry.lastModified)) {
      reply.code(304);
      return '';
    }
    return body;
  });
}

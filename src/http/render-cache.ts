import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../app-context.ts';
import { endOfLondonDay, todayOf } from '../calendar/deadline.ts';
import { formatEpochDay, parseIsoDate } from '../calendar/civil-date.ts';
import { freshVersion } from '../db/commit-version.ts';
import { DATA_VERSION } from '../db/data-version.ts';
import { PUBLIC_VERSION } from '../db/public-version.ts';
import { sessionCookieName } from './auth.ts';
import { NOTICE_COOKIE } from './notice.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * Issue 12, the render cache: GETs of the pages and API reads below are rendered once per key and
 * then served from memory, with a strong ETag (the body's hash), Last-Modified and 304s. The key
 * is what such a response can depend on:
 *  - a commit version, read from the database on every request (one primary-key read, shared by
 *    concurrent requests), which every committed write to the tables it watches bumps in the same
 *    transaction, so no write by any app server, job or import can leave a stale entry in use:
 *    the public version (src/db/public-version.ts) for what anonymous readers see, the data
 *    version (src/db/data-version.ts) for everything else;
 *  - the London calendar date (and the last second of the day, when end-of-day deadlines pass),
 *    so pages that count days or show deadlines change at midnight;
 *  - who reads: anonymous, or one signed-in session (or one user's API tokens), since a signed-in
 *    page shows what its reader may see, their name and their session's form token;
 *  - the URL with its query string.
 * A response is kept only when it is a 200 that sets no cookie and was rendered wholly inside one
 * day, at least a second from either end. Pages that also show moments passing within a day
 * (a consultation opening at 09:00, the audit chain's head as of an instant) are kept for at most
 * `LIVE_TTL_MS`: a write shows at once, the clock's passing within seconds. Requests carrying a
 * one-time notice bypass the cache, and so does every route not listed.
 */

/**
 * The routes cached for anonymous readers. `data`: keyed on the public version; `live`: keyed on
 * the data version and kept `LIVE_TTL_MS` (the landing page publishes the audit chain's head and
 * what is open now). `/rules` is `data`: it states the installation's Panel record window.
 */
export const CACHED_ROUTES: Readonly<Record<string, 'data' | 'live'>> = {
  '/': 'live',
  '/consultations': 'live',
  '/policy': 'data',
  '/rules': 'data',
  '/calendar': 'data',
  '/releases': 'data',
  '/releases/:id': 'data',
  '/releases/:id/rid': 'data',
  '/releases/:id/rid/versions/:n': 'data',
  '/releases/:id/rid/redline': 'data',
  '/api/v1/rules': 'data',
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

/**
 * The pages people live on and the API reads cached per signed-in reader, keyed on the data
 * version and kept `LIVE_TTL_MS` (home pages and lists show what is open or due now).
 */
export const SIGNED_IN_ROUTES: ReadonlySet<string> = new Set([
  '/',
  '/home',
  '/consultations',
  '/meetings',
  '/appeals',
  '/policy',
  '/modifications',
  '/modifications/:id',
  '/calendar',
  '/releases',
  '/releases/:id',
  '/releases/:id/rid',
  '/releases/:id/rid/versions/:n',
  '/releases/:id/rid/redline',
  '/audit',
  '/admin/outbox',
  '/api/v1/releases',
  '/api/v1/releases/:id',
  '/api/v1/modifications',
  '/api/v1/modifications/:id',
  '/api/v1/audit',
]);

/** How long a page that shows moments passing within a day is kept. */
export const LIVE_TTL_MS = 10_000;

/** The memory the entries may take, bodies and keys (least recently used go first). */
export const RENDER_CACHE_BYTES = 32 * 1024 * 1024;

interface Entry {
  body: Buffer;
  /** The route's own headers (content type…) and the validators, set at once on a hit. */
  headers: Record<string, string>;
  etag: string;
  lastModified: number;
  /** When, by the app's clock, the entry stops being served (live pages only). */
  expiresAt: number;
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
  /** Whether the response is the same for every anonymous reader. */
  shared: boolean;
  /** How long the entry is kept, if not until its key changes. */
  ttl: number | undefined;
  hit: boolean;
  /** The render others with this key wait for, when this request is the one rendering. */
  render: Render | undefined;
}

/** A render under way, which requests for the same key wait for. */
interface Render {
  done: Promise<void>;
  finish(): void;
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
function validators(
  entry: Pick<Entry, 'etag' | 'lastModified'>,
  shared: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    etag: entry.etag,
    // A signed-in reader's page is theirs alone: no shared cache may keep it.
    'cache-control': shared ? 'no-cache' : 'private, no-cache',
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

/** What a GET is cached under, before the version and the date: or null, not cached. */
interface Plan {
  version: 'public' | 'data';
  /** Who reads: '' for anyone. */
  reader: string;
  ttl: number | undefined;
}

function planOf(request: FastifyRequest, sessionCookie: string): Plan | null {
  if (request.method !== 'GET') return null;
  const route = request.routeOptions.url ?? '';
  const anonymousRoute = CACHED_ROUTES[route];
  if (anonymousRoute !== undefined && anonymous(request, sessionCookie)) {
    if (anonymousRoute === 'data') return { version: 'public', reader: '', ttl: undefined };
    return { version: 'data', reader: '', ttl: LIVE_TTL_MS };
  }
  const principal = request.principal;
  if (principal === null || !SIGNED_IN_ROUTES.has(route)) return null;
  if (request.cookies[NOTICE_COOKIE] !== undefined) return null;
  // A session's pages carry its form token; a user's API tokens all read the same.
  const reader =
    principal.via === 'session' ? `session ${principal.sessionId}` : `user ${principal.userId}`;
  return { version: 'data', reader, ttl: LIVE_TTL_MS };
}

export function registerRenderCache(app: FastifyInstance, ctx: AppContext): void {
  const cache = new LRUCache<string, Entry>({
    maxSize: RENDER_CACHE_BYTES,
    sizeCalculation: (entry, key) => entry.body.length + key.length + 512,
  });
  const slotOf = slotClock();
  const versions = {
    public: freshVersion(ctx.db, PUBLIC_VERSION),
    data: freshVersion(ctx.db, DATA_VERSION),
  };
  const sessionCookie = sessionCookieName(ctx.config.secureCookies);
  // A restart may bring other templates: nothing cached before it is vouched for.
  const startedAt = Math.ceil(Date.now() / SECOND) * SECOND;
  app.decorateRequest('renderCache', null);
  const inFlight = new Map<string, Render>();
  const startRender = (key: string): Render => {
    let finish = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const render = {
      done,
      finish: () => {
        if (inFlight.get(key) === render) inFlight.delete(key);
        finish();
      },
    };
    inFlight.set(key, render);
    return render;
  };
  // However the render ends (kept, refused, failed, or the client gone), those waiting go on.
  app.addHook('onResponse', (request, _reply, done) => {
    request.renderCache?.render?.finish();
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    request.renderCache?.render?.finish();
    done();
  });

  app.addHook('onRequest', async (request, reply) => {
    const plan = planOf(request, sessionCookie);
    if (plan === null) return;
    const start = ctx.now().getTime();
    const slot = slotOf(start);
    const version = await versions[plan.version]();
    const key = `${plan.version} ${version.version} ${slot.id} ${plan.reader} ${request.url}`;
    const changedAt = version.changedAt.getTime();
    const lastModified = Math.max(changedAt, slot.from, startedAt);
    const shared = plan.reader === '';
    const live = (found: Entry | undefined): found is Entry =>
      found !== undefined && found.expiresAt > start;
    let entry = cache.get(key);
    // Requests that miss together wait for the first one's render rather than each rendering
    // the same page (a burst after a write or an expiry would otherwise render it 50 times).
    const rendering = live(entry) ? undefined : inFlight.get(key);
    if (rendering !== undefined) {
      await rendering.done;
      entry = cache.get(key);
    }
    if (!live(entry)) {
      const render = rendering === undefined ? startRender(key) : undefined;
      request.renderCache = {
        key,
        slot,
        start,
        lastModified,
        shared,
        ttl: plan.ttl,
        hit: false,
        render,
      };
      return;
    }
    request.renderCache = {
      key,
      slot,
      start,
      lastModified: entry.lastModified,
      shared,
      ttl: plan.ttl,
      hit: true,
      render: undefined,
    };
    // A Last-Modified kept out while it was in the future is sent once it is not.
    if (entry.headers['last-modified'] === undefined && entry.lastModified <= Date.now())
      entry.headers = { ...entry.headers, ...validators(entry, shared) };
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
    const validated = validators({ etag, lastModified: pending.lastModified }, pending.shared);
    const headers = { ...own, ...validated };
    const expiresAt = pending.ttl === undefined ? Infinity : pending.start + pending.ttl;
    const entry: Entry = { body, headers, etag, lastModified: pending.lastModified, expiresAt };
    cache.set(pending.key, entry);
    pending.render?.finish();
    reply.headers(validated);
    if (notModified(request, etag, entry.lastModified)) {
      reply.code(304);
      return '';
    }
    return body;
  });
}

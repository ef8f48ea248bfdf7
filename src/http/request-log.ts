import { randomUUID } from 'node:crypto';
import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';

/** How `secrel serve` logs: JSON lines (pino) on standard output. */
export interface LogOptions {
  /**
   * `info` (production): one line per request and the worker's notes; `warn` (the demo): only
   * warnings (refusals of access, a database that does not answer) and errors.
   */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** Where the lines go; standard output when absent (tests capture them here). */
  stream?: { write(line: string): void };
}

/** The route of a request that matched none (404s): one label, however many URLs are tried. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** The route pattern (`/api/v1/releases/:id`), never the URL: no ids, queries or tokens. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

/**
 * Fastify's own request lines (an "incoming request" and a "request completed" with the full
 * URL) replaced by one line per request when it completes: method, route pattern, status,
 * duration in milliseconds, the signed-in user's id and the request id (`reqId`, on every line
 * the request logs). Headers, cookies, query strings and bodies are never logged.
 */
class RequestLog extends LogController {
  override incomingRequest(): void {
    // The completed line says it all.
  }

  override routeNotFound(): void {
    // The completed line logs the 404 under the unmatched route, without the URL tried.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = {
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      user: request.principal?.userId,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request');
  }
}

/**
 * Standard output, written in batches (issue 12: one write system call per request was a tenth of
 * a public page's cost): lines wait at most {@link FLUSH_MS} ms or until 64 KiB are waiting, and
 * are written when the process exits, however it exits but by SIGKILL (standard output is
 * synchronous on Linux for files, terminals and pipes).
 */
const FLUSH_MS = 100;
const FLUSH_BYTES = 64 * 1024;

export class BatchedOutput {
  private lines: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    process.once('exit', () => {
      this.flush();
    });
  }

  write(line: string): void {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes >= FLUSH_BYTES) this.flush();
    else
      this.timer ??= setTimeout(() => {
        this.flush();
      }, FLUSH_MS).unref();
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.bytes = 0;
    process.stdout.write(text);
  }
}

/** The names under which a credential would travel: blanked wherever they are logged. */
const CREDENTIALS = ['password', 'token', 'authorization', 'cookie'];

/**
 * The keys of the objects secrel logs (the request line's fields are plain values) and of
 * Fastify's own lines: a credential is blanked at the top level and one level inside each.
 */
export const LOGGED_OBJECTS = ['err', 'cause', 'req', 'res'];

/**
 * Paths pino blanks out should a credential ever reach a logged object. Each path is named: a
 * wildcard (`*.password`) made pino walk every line's keys, about 3 µs a line, a twentieth of a
 * cached page's cost (issue 12); named paths cost nothing measurable.
 */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...CREDENTIALS,
  ...LOGGED_OBJECTS.flatMap((key) => CREDENTIALS.map((name) => `${key}.${name}`)),
];

/** The Fastify options of logging: none at all with `false` (tests, the CLI's other commands). */
export function loggingOptions(
  options: LogOptions | false,
): Pick<FastifyServerOptions, 'logger' | 'logController' | 'genReqId'> {
  if (options === false) return { logger: false };
  return {
    logger: {
      level: options.level,
      // ASVS 16.2.2: UTC timestamps (pino's isoTime).
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: {
        // Fastify's own lines that carry a request (a client error) name its route, not its URL.
        req: (request: Partial<FastifyRequest>) => ({
          method: request.method,
          route: request.routeOptions?.url ?? UNMATCHED_ROUTE,
        }),
      },
      stream: options.stream ?? new BatchedOutput(),
    },
    logController: new RequestLog(),
    // Unique across app servers and restarts, so one request's lines can be found in merged logs.
    genReqId: () => randomUUID(),
  };
}

import type { Server, ServerResponse } from 'node:http';
import net from 'node:net';

/** How a drain ended: every request answered, or some cut off when the time ran out. */
export interface DrainResult {
  /** Requests still unanswered on open connections when `timeoutMs` ran out, cut. */
  cut: number;
  /** Requests whose client left and whose handler had not finished when the drain ended. */
  abandoned: number;
}

export interface DrainOptions {
  /** How long a client on an idle keep-alive connection has to send its last request. */
  idleGraceMs: number;
  /** How long a handler whose client has left is waited for (it may never be called). */
  abandonedGraceMs: number;
  /** How long requests in flight have to be answered before their connections are cut. */
  timeoutMs: number;
}

export interface HttpDrain {
  /** Requests whose handler has not yet answered. */
  unanswered(): number;
  /**
   * Stops accepting connections and lets every request already received be answered (with
   * `Connection: close`); closes the connections left idle; resolves once every handler has
   * answered and every connection has ended, or after `timeoutMs`, cutting what is left.
   */
  drain(options: DrainOptions): Promise<DrainResult>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Follows the requests of `server` so that it can be drained before the database closes; call
 * it before the server listens. A request counts until its handler calls `end()` on the
 * response, not until its socket closes: the handler of a client that gave up may still be
 * running, and closing the database under it fails it ("driver has already been destroyed").
 * Fastify never answers some of those (a body cut off mid-upload), so they are waited for only
 * `abandonedGraceMs`. Node's own `server.close()` also drops idle keep-alive connections at
 * once, racing a client sending its next request on one; the drain answers that request and
 * drops only connections still idle after `idleGraceMs`.
 */
export function trackRequests(server: Server): HttpDrain {
  const live = new Set<ServerResponse>();
  const abandoned = new Set<ServerResponse>();
  let draining = false;
  let changed: (() => void) | undefined;
  // First among the listeners, so the response is followed before the app can answer it.
  server.prependListener('request', (_request, response: ServerResponse) => {
    live.add(response);
    response.end = new Proxy(response.end.bind(response), {
      apply(end, _self, args) {
        live.delete(response);
        abandoned.delete(response);
        changed?.();
        return Reflect.apply(end, response, args) as ServerResponse;
      },
    });
    response.once('close', () => {
      if (!live.delete(response)) return;
      abandoned.add(response);
      changed?.();
    });
    if (draining) response.setHeader('connection', 'close');
  });

  /** Resolves once `done()` holds, checked at each change. */
  function until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const previous = changed;
      const check = (): void => {
        previous?.();
        if (done()) resolve();
      };
      changed = check;
      if (done()) resolve();
    });
  }

  return {
    unanswered: () => live.size + abandoned.size,
    async drain({ idleGraceMs, abandonedGraceMs, timeoutMs }) {
      draining = true;
      for (const response of live) {
        if (!response.headersSent) response.setHeader('connection', 'close');
      }
      // net.Server's close stops accepting and calls back once every connection has ended;
      // http.Server's would also drop the idle keep-alive connections straight away.
      const ended = new Promise<void>((resolve) => {
        net.Server.prototype.close.call(server, () => {
          resolve();
        });
      });
      // After the grace, drop idle connections, and again as more fall idle (a response whose
      // headers left before the drain began keeps its connection alive).
      let sweep: NodeJS.Timeout | undefined;
      const idle = setTimeout(() => {
        server.closeIdleConnections();
        sweep = setInterval(() => {
          server.closeIdleConnections();
        }, 100);
      }, idleGraceMs);
      const answered = Promise.all([until(() => live.size === 0), ended]).then(() =>
        Promise.race([until(() => abandoned.size === 0), delay(abandonedGraceMs)]),
      );
      const outcome = await Promise.race([
        answered.then(() => 'answered' as const),
        delay(timeoutMs).then(() => 'late' as const),
      ]);
      clearTimeout(idle);
      clearInterval(sweep);
      const result = { cut: outcome === 'late' ? live.size : 0, abandoned: abandoned.size };
      if (outcome === 'late') server.closeAllConnections();
      return result;
    },
  };
}

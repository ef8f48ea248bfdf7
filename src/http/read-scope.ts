import type { FastifyInstance } from 'fastify';
import { runInReadScope } from '../db/read-memo.ts';

/**
 * Issue 12: each GET or HEAD request runs in a read scope of its own (src/db/read-memo.ts), so
 * the reads a page repeats go to the database once. Requests that write get none.
 */
export function registerReadScope(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      done();
      return;
    }
    runInReadScope(() => {
      done();
    });
  });
}

import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { invalid } from '../errors.ts';
import { CONTROL_CHARACTERS } from '../schemas.ts';

/**
 * Issue 11: the dotted name of the first string in `value` holding a control character (the
 * root is `part`), walking objects and arrays without recursion; undefined when there is none.
 * Buffers (uploaded files) are not text and are skipped.
 */
export function controlCharacterField(value: unknown, part: string): string | undefined {
  const stack: [string, unknown][] = [[part, value]];
  while (stack.length > 0) {
    const [path, item] = stack.pop() as [string, unknown];
    if (typeof item === 'string') {
      if (CONTROL_CHARACTERS.test(item)) return path;
    } else if (typeof item === 'object' && item !== null && !ArrayBuffer.isView(item)) {
      for (const [key, child] of Object.entries(item)) {
        if (CONTROL_CHARACTERS.test(key)) return path;
        stack.push([path === part ? key : `${path}.${key}`, child]);
      }
    }
  }
  return undefined;
}

/**
 * Issue 11: a request whose path, query or body holds a control character (other than tab,
 * newline and carriage return) is a 400 naming the field. API routes refuse it at their schema
 * already; this catches the pages, whose forms and filters have no schema, and text an API
 * schema leaves free.
 */
function refuseControlCharacters(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  for (const [part, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const field = controlCharacterField(value, part);
    if (field !== undefined) {
      done(
        invalid(
          field,
          `${field === part ? 'The form' : field} must not contain control characters`,
        ),
      );
      return;
    }
  }
  done();
}

const PERSONAL_VARY = ['Cookie', 'Authorization'];

/**
 * Issue 11: API answers and caches. An answer to a signed-in request (session or bearer token),
 * an answer that sets a cookie (sign-in: the new session and who signed in), or any refusal, is
 * `Cache-Control: no-store`: it may carry confidential data. Every API answer
 * varies on Cookie and Authorization, so a shared cache never serves one caller's answer to
 * another.
 */
function cachePolicy(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  if (!request.url.startsWith('/api/')) {
    done(null, payload);
    return;
  }
  const vary = String(reply.getHeader('vary') ?? '');
  const missing = PERSONAL_VARY.filter((name) => !vary.toLowerCase().includes(name.toLowerCase()));
  if (missing.length > 0) reply.header('vary', [vary, ...missing].filter(Boolean).join(', '));
  const personal =
    request.principal !== null ||
    request.headers.authorization !== undefined ||
    reply.hasHeader('set-cookie') ||
    reply.statusCode >= 400;
  const cacheControl = String(reply.getHeader('cache-control') ?? '');
  if (personal && !cacheControl.includes('no-store')) reply.header('cache-control', 'no-store');
  done(null, payload);
}

/** Issue 11: the hooks every request meets against hostile input and shared caches. */
export function registerHardening(app: FastifyInstance): void {
  app.addHook('preHandler', refuseControlCharacters);
  app.addHook('onSend', cachePolicy);
}

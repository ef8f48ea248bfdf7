import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { handleError, toAppError } from './error-handler.ts';

/** An error as pg and PGlite throw it. */
function databaseError(code: string): Error {
  return Object.assign(new Error(`database said ${code}`), { code, severity: 'ERROR' });
}

interface Logged {
  level: string;
  fields: Record<string, unknown>;
}

/** A request and reply that record what the handler logs, sets and sends. */
function fakeExchange() {
  const logged: Logged[] = [];
  const headers: Record<string, string> = {};
  const sent: { status?: number; body?: unknown } = {};
  const log = (level: string) => (fields: Record<string, unknown>) => {
    logged.push({ level, fields });
  };
  const request = {
    url: '/api/v1/releases',
    method: 'POST',
    routeOptions: { url: '/api/v1/releases' },
    principal: null,
    log: { error: log('error'), warn: log('warn'), info: log('info') },
  } as unknown as FastifyRequest;
  const reply = {
    header(name: string, value: string) {
      headers[name] = value;
      return reply;
    },
    code(status: number) {
      sent.status = status;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  } as unknown as FastifyReply;
  return { request, reply, logged, headers, sent };
}

describe('issue 11: PostgreSQL errors map by class to 4xx, 409 or 503', () => {
  it.each([
    ['22P02', 'validation_failed', 400], // invalid text representation
    ['22003', 'validation_failed', 400], // numeric value out of range
    ['22008', 'validation_failed', 400], // datetime field overflow (2027-02-31)
    ['22021', 'validation_failed', 400], // a NUL byte in text
    ['22P05', 'validation_failed', 400], // \u0000 in jsonb
    ['54000', 'validation_failed', 400], // program limit (an index row too large)
    ['23505', 'already_exists', 409],
    ['23503', 'conflict', 409],
    ['23502', 'validation_failed', 400],
    ['23514', 'validation_failed', 400],
    ['40001', 'database_busy', 503],
    ['40P01', 'database_busy', 503],
    ['55P03', 'database_busy', 503],
    ['53300', 'database_busy', 503],
    ['57014', 'database_timeout', 503],
    ['57P01', 'database_unavailable', 503],
    ['08006', 'database_unavailable', 503],
    ['42P01', 'internal', 500], // undefined table: our fault, not the caller's
  ])('issue 11: SQLSTATE %s is %s (%i)', (sqlState, code, status) => {
    const error = toAppError(databaseError(sqlState));
    expect([error.code, error.status]).toEqual([code, status]);
  });

  it('issue 11: a Node error with a five-letter code is not taken for a database error', () => {
    const error = Object.assign(new Error('x'), { code: 'EPIPE' });
    expect(toAppError(error).code).toBe('internal');
  });

  it('issue 11: a busy or timed-out database answers 503 with Retry-After', () => {
    for (const [sqlState, seconds] of [
      ['40001', '1'],
      ['57014', '5'],
    ] as const) {
      const { request, reply, headers, sent } = fakeExchange();
      handleError.call(null, databaseError(sqlState), request, reply);
      expect(sent.status).toBe(503);
      expect(headers['retry-after']).toBe(seconds);
    }
  });
});

describe('issue 11: refusals log at most at info or warn, without a stack', () => {
  it('issue 11: hostile input the database refused logs at info with its SQLSTATE, no error object', () => {
    const { request, reply, logged, sent } = fakeExchange();
    handleError.call(null, databaseError('22021'), request, reply);
    expect(sent.status).toBe(400);
    expect(logged.map((l) => l.level)).toEqual(['info']);
    expect(logged[0]?.fields).toMatchObject({ code: 'validation_failed', sqlState: '22021' });
    expect(logged[0]?.fields).not.toHaveProperty('err');
  });

  it('issue 11: a validation failure logs nothing at error level', () => {
    const { request, reply, logged, sent } = fakeExchange();
    handleError.call(null, new AppError('validation_failed', 'id is not valid'), request, reply);
    expect(sent.status).toBe(400);
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('issue 11: a fault of ours still logs at error with the error', () => {
    const { request, reply, logged, sent } = fakeExchange();
    handleError.call(null, new TypeError('bug'), request, reply);
    expect(sent.status).toBe(500);
    expect(logged.map((l) => l.level)).toEqual(['error']);
    expect(logged[0]?.fields).toHaveProperty('err');
  });
});

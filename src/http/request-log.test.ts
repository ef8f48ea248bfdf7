import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { LOGGED_OBJECTS, loggingOptions } from './request-log.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const app = Fastify(
    loggingOptions({
      level: 'info',
      stream: {
        write: (line: string) => {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    }),
  );
  return { log: app.log, lines };
}

describe('ASVS 16.2.5 (issue 11, 12): the log never carries a credential', () => {
  it('blanks a password, token, authorization or cookie at the top level and inside every logged object', () => {
    const { log, lines } = capture();
    const credentials = { password: 'p', token: 't', authorization: 'Bearer x', cookie: 'c' };
    log.info(credentials, 'top level');
    for (const key of LOGGED_OBJECTS) log.info({ [key]: { ...credentials, kept: 'yes' } }, key);
    log.info(
      { req: { headers: { authorization: 'Bearer x', cookie: 'c' } } },
      "Fastify's request object",
    );
    const text = JSON.stringify(lines);
    for (const secret of ['"p"', '"t"', 'Bearer x', '"c"']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      authorization: '[redacted]',
      cookie: '[redacted]',
    });
    // An error or a cause is logged as it is, its credentials blanked; a request or a reply
    // (Fastify's serializers) as a few chosen fields only.
    expect(lines[1]?.['err']).toMatchObject({ password: '[redacted]', kept: 'yes' });
    expect(lines[2]?.['cause']).toMatchObject({ password: '[redacted]', kept: 'yes' });
    expect(lines[3]?.['req']).toEqual({ route: '(unmatched)' });
  });

  it('leaves the request line as it is', () => {
    const { log, lines } = capture();
    const line = { method: 'GET', route: '/releases/:id', status: 200, ms: 4.2, user: 7 };
    log.info(line, 'request');
    expect(lines[0]).toMatchObject({ ...line, msg: 'request' });
  });
});

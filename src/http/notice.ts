import type { FastifyReply, FastifyRequest } from 'fastify';

/** The cookie carrying a one-time notice from a form post to the page it redirects to. */
export const NOTICE_COOKIE = 'secrel_notice';

/** Sets a one-time message shown on the next page (post/redirect/get). */
export function setNotice(reply: FastifyReply, message: string): void {
  reply.setCookie(NOTICE_COOKIE, message, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    maxAge: 60,
  });
}

export function takeNotice(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const notice = request.cookies[NOTICE_COOKIE];
  if (notice !== undefined) reply.clearCookie(NOTICE_COOKIE, { path: '/' });
  return notice;
}

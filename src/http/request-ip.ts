import type { FastifyRequest } from 'fastify';

/**
 * The client's address: the socket's, or with TRUST_PROXY the one the configured proxies forward
 * (Fastify's `request.ip`, never an X-Forwarded-For from anyone else). An IPv4 address seen
 * through an IPv6 socket (`::ffff:192.0.2.1`) is written as IPv4, so one client has one address
 * in the rate limits, the sign-in throttles, the session list and the audit trail.
 */
export function clientAddress(request: FastifyRequest): string {
  const ip = request.ip || request.socket.remoteAddress || 'unknown';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}

export function requestMeta(request: FastifyRequest): { ip: string; userAgent: string } {
  return { ip: clientAddress(request), userAgent: request.headers['user-agent'] ?? '' };
}

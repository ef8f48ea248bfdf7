import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NODE_MODULES } from '../web/paths.ts';

/**
 * The one inline script of every page: GOV.UK Frontend's template marks the body `js-enabled`.
 * The Content Security Policy allows it by its SHA-256 hash (CSP Level 2 hash source), read from
 * the template secrel renders, so a page carries no per-request nonce: its bytes are the same for
 * every reader (the render cache keeps them) and no script an attacker injects can run.
 */
export function inlineScriptHash(): string {
  const template = path.join(NODE_MODULES, 'govuk-frontend', 'dist', 'govuk', 'template.njk');
  const match = /<script[^>]*>(document\.body\.className[^<]*)<\/script>/.exec(
    fs.readFileSync(template, 'utf8'),
  );
  if (!match?.[1])
    throw new Error(`no js-enabled script in ${template}: update security-headers.ts`);
  return `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`;
}

/**
 * Every response's security headers, built once (OWASP Secure Headers): the CSP (no framing, no
 * plugins, scripts and styles from this origin only), no MIME sniffing, no referrer, isolation
 * from other origins, HSTS when cookies are secure (served over HTTPS).
 */
export function securityHeaders(hsts: boolean): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    `script-src 'self' ${inlineScriptHash()}`,
    "script-src-attr 'none'",
    "style-src 'self'",
    'upgrade-insecure-requests',
  ].join(';');
  return {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
}

/** Sets the security headers on every response, before any hook or handler can answer. */
export function registerSecurityHeaders(app: FastifyInstance, hsts: boolean): void {
  const headers = securityHeaders(hsts);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

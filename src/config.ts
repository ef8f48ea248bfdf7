import path from 'node:path';
import { isRegion, type Region } from './calendar/region.ts';

/** Runtime configuration: environment variables, each overridable by a `secrel serve` flag. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  smtpUrl: string | undefined;
  holidayRegion: Region;
  /** Secure cookies (`__Host-` prefix) when served over HTTPS. */
  secureCookies: boolean;
  /** How often the background worker polls for jobs and e-mail, in milliseconds. */
  workerPollMs: number;
  mailFrom: string;
  publicUrl: string;
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges, from
   * TRUST_PROXY); `false` when none is configured, so the client address is the socket's.
   */
  trustProxy: string[] | false;
  /** OpenID Connect single sign-on, when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
  oidc: OidcConfig | undefined;
  /** The longest a database statement may run before it is cancelled (STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /**
   * The bearer token `/metrics` asks for (METRICS_TOKEN); without one, `/metrics` answers only
   * requests made directly from the machine itself (loopback, not through a proxy).
   */
  metricsToken: string | undefined;
  /** Issue 13: the Chromium that prints PDF downloads (CHROMIUM_PATH, default Debian's). */
  chromiumPath: string;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the sign-in page calls the provider: "Sign in with <name>" (OIDC_PROVIDER_NAME). */
  name: string;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

export type ConfigInput = Partial<Record<string, string | undefined>>;

/** Reads configuration from `env`, with `flags` (same names, from the CLI) taking precedence. */
export function readConfig(env: ConfigInput, flags: ConfigInput = {}): Config {
  const get = (name: string): string | undefined => {
    const value = flags[name] ?? env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const portText = get('PORT') ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `PORT must be a whole number from 0 to 65535, not "${portText}"`);
  }
  const region = get('HOLIDAY_REGION') ?? 'england-and-wales';
  if (!isRegion(region)) {
    throw new ConfigError(
      'HOLIDAY_REGION',
      `HOLIDAY_REGION must be england-and-wales, scotland, northern-ireland or union, not "${region}"`,
    );
  }
  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'DATABASE_URL must start with postgres:// or postgresql://',
    );
  }
  const smtpUrl = get('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new ConfigError('SMTP_URL', 'SMTP_URL must start with smtp:// or smtps://');
  }
  const pollText = get('WORKER_POLL_MS') ?? '5000';
  const workerPollMs = Number(pollText);
  if (!Number.isInteger(workerPollMs) || workerPollMs < 50) {
    throw new ConfigError('WORKER_POLL_MS', 'WORKER_POLL_MS must be a whole number of at least 50');
  }
  const host = get('HOST') ?? '127.0.0.1';
  const timeoutText = get('STATEMENT_TIMEOUT_MS') ?? '10000';
  const statementTimeoutMs = Number(timeoutText);
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 100) {
    throw new ConfigError(
      'STATEMENT_TIMEOUT_MS',
      'STATEMENT_TIMEOUT_MS must be a whole number of milliseconds, at least 100',
    );
  }
  return {
    port,
    host,
    dataDir: resolveDataDir(get('DATA_DIR') ?? './data'),
    databaseUrl,
    smtpUrl,
    holidayRegion: region,
    secureCookies: get('SECURE_COOKIES') === 'true',
    workerPollMs,
    mailFrom: get('MAIL_FROM') ?? 'SEC Release Management <no-reply@secrel.example.org>',
    publicUrl: get('PUBLIC_URL') ?? `http://localhost:${port}`,
    trustProxy: readTrustProxy(get('TRUST_PROXY')),
    oidc: readOidc(get),
    statementTimeoutMs,
    metricsToken: readMetricsToken(get('METRICS_TOKEN')),
    chromiumPath: get('CHROMIUM_PATH') ?? '/usr/bin/chromium',
  };
}

/** METRICS_TOKEN: long enough not to be guessed (at least 32 characters, e.g. `openssl rand -hex 32`). */
function readMetricsToken(value: string | undefined): string | undefined {
  if (value !== undefined && (value.length < 32 || /\s/.test(value))) {
    throw new ConfigError(
      'METRICS_TOKEN',
      'METRICS_TOKEN must be at least 32 characters without spaces (e.g. the output of "openssl rand -hex 32")',
    );
  }
  return value;
}

/** TRUST_PROXY: a comma-separated list of proxy addresses or CIDR ranges; never "everyone". */
function readTrustProxy(value: string | undefined): string[] | false {
  if (value === undefined) return false;
  const proxies = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const valid = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
  const wrong = proxies.find((part) => !valid.test(part));
  if (proxies.length === 0 || wrong !== undefined) {
    throw new ConfigError(
      'TRUST_PROXY',
      `TRUST_PROXY must list the reverse proxies' addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1,10.0.0.0/8), not "${wrong ?? value}"`,
    );
  }
  return proxies;
}

function readOidc(get: (name: string) => string | undefined): OidcConfig | undefined {
  const issuer = get('OIDC_ISSUER');
  const clientId = get('OIDC_CLIENT_ID');
  const clientSecret = get('OIDC_CLIENT_SECRET');
  if (issuer === undefined && clientId === undefined && clientSecret === undefined)
    return undefined;
  if (issuer === undefined || clientId === undefined || clientSecret === undefined) {
    throw new ConfigError(
      'OIDC_ISSUER',
      'single sign-on needs all three of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET',
    );
  }
  if (!/^https?:\/\//.test(issuer)) {
    throw new ConfigError('OIDC_ISSUER', 'OIDC_ISSUER must be an http:// or https:// URL');
  }
  return { issuer, clientId, clientSecret, name: get('OIDC_PROVIDER_NAME') ?? 'single sign-on' };
}

/** A directory path made absolute; `memory://` (an in-memory embedded database) is kept as is. */
function resolveDataDir(value: string): string {
  return value.startsWith('memory://') ? value : path.resolve(value);
}

import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('Issue 11: METRICS_TOKEN', () => {
  it('is absent unless set: /metrics then answers loopback only', () => {
    expect(readConfig({}).metricsToken).toBeUndefined();
    expect(readConfig({ METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
  });

  it('is taken when it is at least 32 characters without spaces', () => {
    const token = '0123456789abcdef0123456789abcdef';
    expect(readConfig({ METRICS_TOKEN: token }).metricsToken).toBe(token);
  });

  it.each(['short', '0123456789abcdef0123456789abcde', '0123456789abcdef 0123456789abcdef'])(
    'refuses a guessable or mangled token (%s)',
    (token) => {
      expect(() => readConfig({ METRICS_TOKEN: token })).toThrow(ConfigError);
    },
  );
});

import type { AddressInfo } from 'node:net';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Resolves with the first SIGINT or SIGTERM. A second signal while shutting down ends the
 * process at once (exit code 1), for an operator who will not wait.
 */
export function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const name of SHUTDOWN_SIGNALS) process.off(name, onSignal);
      process.once(signal, () => process.exit(1));
      resolve(signal);
    };
    for (const name of SHUTDOWN_SIGNALS) process.once(name, onSignal);
  });
}

/** The URL of a bound address: `http://127.0.0.1:3000`, `http://[::1]:3000`. */
export function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** True for an address only this machine can reach (127.0.0.0/8, ::1). */
export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

import { machineBusyPct } from './cpu.ts';

/** Background CPU (in % of all cores) above which the machine counts as busy with other work. */
export const BUSY_PCT = 20;
const QUICK_READY_MS = 50;
const BACKLOG_LIMIT_MS = 180_000;

export interface Settled {
  /** Time spent waiting for the server to finish requests left over from the last scenario. */
  backlogMs: number;
  /** Machine CPU busy while the server and the bench were idle, just before measuring. */
  backgroundPct: number;
  /** Time spent waiting for other work on the machine to quieten. */
  waitedMs: number;
}

async function readyMs(baseUrl: string): Promise<number> {
  const began = performance.now();
  try {
    const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    return response.status === 200 ? performance.now() - began : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Waits until the server has finished the requests the load generator gave up on (they keep
 * running after autocannon closes its sockets): `/ready`, one query through the same pool or
 * mutex, must answer quickly twice running.
 */
export async function drainBacklog(baseUrl: string): Promise<number> {
  const began = performance.now();
  let quick = 0;
  while (quick < 2) {
    if (performance.now() - began > BACKLOG_LIMIT_MS) {
      throw new Error(`the server did not drain its backlog within ${BACKLOG_LIMIT_MS / 1000} s`);
    }
    quick = (await readyMs(baseUrl)) < QUICK_READY_MS ? quick + 1 : 0;
  }
  return performance.now() - began;
}

/**
 * Readies the server and machine for the next scenario: drains the server's backlog, then
 * measures how busy the machine is on its own, and with `waitIdleS` waits up to that long for
 * it to drop under {@link BUSY_PCT}.
 */
export async function settle(baseUrl: string, waitIdleS: number): Promise<Settled> {
  const backlogMs = await drainBacklog(baseUrl);
  const waitBegan = performance.now();
  let backgroundPct = await machineBusyPct(1000);
  while (backgroundPct > BUSY_PCT && performance.now() - waitBegan < waitIdleS * 1000) {
    backgroundPct = await machineBusyPct(1000);
  }
  return { backlogMs, backgroundPct, waitedMs: performance.now() - waitBegan - 1000 };
}

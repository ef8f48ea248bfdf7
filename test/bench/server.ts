import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout: the server runs from here unless `serverRoot` names another. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STARTUP_LIMIT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/** Children still running, so Ctrl-C and crashes can end them. */
const running = new Set<ChildProcess>();

/** Ends every server child at once (for exit paths that cannot wait). */
export function killAllServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * The node flags on the first line of bin/secrel.js (`#!/usr/bin/env -S node …`): the ones
 * `npx secrel` and `secrel serve` run with (a server on PostgreSQL, as the README has it run).
 */
export function nodeFlagsOf(bin: string): string[] {
  const first = fs.readFileSync(bin, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env(?: -S)? node((?: --\S+)*)\s*$/.exec(first);
  if (!match) throw new Error(`${bin}: the first line is not "#!/usr/bin/env [-S] node [flags]"`);
  return (match[1] ?? '').split(' ').filter((flag) => flag !== '');
}

/**
 * The node flags of `npm start` (`node <flags> bin/secrel.js serve --demo`): the embedded server,
 * whose memory the issue 11 budgets hold.
 */
export function npmStartFlagsOf(root: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const match = /^node((?: --\S+)*) bin\/secrel\.js serve --demo$/.exec(
    manifest.scripts['start'] ?? '',
  );
  if (!match)
    throw new Error(`${root}/package.json: start is not "node [flags] bin/secrel.js serve --demo"`);
  return (match[1] ?? '').split(' ').filter((flag) => flag !== '');
}

/** A `secrel serve` child process. */
export interface ServerProcess {
  pid: number;
  baseUrl: string;
  logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(): Promise<void>;
}

export interface StartOptions {
  serverArgs: string[];
  logFile: string;
  cpuProfDir: string | undefined;
  serverRoot: string | undefined;
  nodeArgs: string[];
  /**
   * How an operator starts this server: `npm start` (the embedded engine) or `secrel serve`
   * (PostgreSQL); each gives node its own flags.
   */
  launch: 'npm start' | 'secrel serve';
}

function logTail(logFile: string): string {
  try {
    return fs.readFileSync(logFile, 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}

/**
 * Spawns `node bin/secrel.js serve` on a free loopback port and resolves once `/ready`
 * answers 200, with the time from spawn to that answer. The server runs compiled from dist/, as
 * in production (`npm run bench` builds first; SECREL_RUN=compiled refuses a stale dist/).
 */
export async function startServer(
  options: StartOptions,
): Promise<{ server: ServerProcess; startupMs: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WORKER_POLL_MS: '5000',
    HOST: '127.0.0.1',
    SECREL_RUN: 'compiled',
  };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'SMTP_URL', 'PORT', 'NODE_OPTIONS']) {
    env[name] = undefined;
  }
  const root = path.resolve(options.serverRoot ?? REPO_ROOT);
  const bin = path.join(root, 'bin', 'secrel.js');
  const nodeArgs = [
    ...(options.launch === 'npm start' ? npmStartFlagsOf(root) : nodeFlagsOf(bin)),
    ...options.nodeArgs,
    ...(options.cpuProfDir === undefined
      ? []
      : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir]),
  ];
  const log = fs.openSync(options.logFile, 'a');
  const began = performance.now();
  const child = spawn(
    process.execPath,
    [...nodeArgs, bin, 'serve', '--port', String(port), ...options.serverArgs],
    { cwd: root, env, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  running.add(child);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal === null ? null : -1);
      running.delete(child);
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the server');
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    pid,
    baseUrl,
    logFile: options.logFile,
    stop: async () => {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(
        `the server exited (code ${exitCode}) before answering:\n${logTail(options.logFile)}`,
      );
    }
    if (performance.now() - began > STARTUP_LIMIT_MS) {
      await server.stop();
      throw new Error(
        `the server did not become ready (/ready 200) within ${STARTUP_LIMIT_MS / 1000} s`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return { server, startupMs: performance.now() - began };
    } catch {
      // Not listening yet.
    }
    await sleep(20);
  }
}

/**
 * Spawns `node bin/secrel.js worker` on the same database (scale-out: app servers run
 * `serve --no-worker`); resolves once it printed that it started.
 */
export async function startWorker(
  options: StartOptions,
): Promise<{ pid: number; stop(): Promise<void> }> {
  const root = path.resolve(options.serverRoot ?? REPO_ROOT);
  const bin = path.join(root, 'bin', 'secrel.js');
  const env: NodeJS.ProcessEnv = { ...process.env, WORKER_POLL_MS: '5000', SECREL_RUN: 'compiled' };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'SMTP_URL', 'PORT', 'NODE_OPTIONS']) {
    env[name] = undefined;
  }
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    [...nodeFlagsOf(bin), bin, 'worker', ...options.serverArgs],
    {
      cwd: root,
      env,
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  const began = performance.now();
  while (!fs.readFileSync(options.logFile, 'utf8').includes('secrel worker started')) {
    if (child.exitCode !== null || performance.now() - began > STARTUP_LIMIT_MS) {
      child.kill('SIGKILL');
      throw new Error(`the worker did not start:\n${logTail(options.logFile)}`);
    }
    await sleep(50);
  }
  return {
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident and peak-resident memory of a process, in KiB, from /proc/<pid>/status. */
export function readMemory(pid: number): { rssKb: number; hwmKb: number } | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** Samples a process's VmRSS every 250 ms and keeps the peak, overall and per labelled phase. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private phase = '';
  peakKb = 0;
  samples = 0;
  readonly peakByPhase = new Map<string, number>();

  constructor(private readonly pid: number) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, 250);
  }

  setPhase(phase: string): void {
    this.phase = phase;
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const memory = readMemory(this.pid);
    if (!memory) return;
    this.samples += 1;
    this.peakKb = Math.max(this.peakKb, memory.rssKb);
    this.peakByPhase.set(this.phase, Math.max(this.peakByPhase.get(this.phase) ?? 0, memory.rssKb));
  }
}

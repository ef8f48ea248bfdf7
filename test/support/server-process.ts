import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SECREL_BIN = path.join(projectRoot, 'bin', 'secrel.js');

/** The line `secrel serve` prints once it listens: the address it really bound. */
export const LISTENING_LINE = /secrel listening on (http:\/\/\S+?)(?:\s|$)/;
/** The line `secrel worker` prints once it has started polling. */
export const WORKER_LINE = /secrel worker started/;

export interface SecrelProcess {
  child: ChildProcess;
  /** Everything the process wrote so far, standard output and error interleaved. */
  output(): string;
  /** SIGKILL: the process gets no chance to flush or clean up. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the process has ended (by whatever cause). */
  exited: Promise<number | null>;
}

export interface ServerProcess extends SecrelProcess {
  url: string;
}

/**
 * Starts `secrel <args>` as a child process and resolves once its output matches `ready`
 * (rejecting if it exits first). The environment is `env` over a minimal one: nothing else is
 * inherited from the test process.
 */
export function startSecrel(
  args: string[],
  ready: RegExp,
  env: Record<string, string | undefined> = {},
): Promise<{ process: SecrelProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, [SECREL_BIN, ...args], {
    cwd: projectRoot,
    // The TypeScript sources, not whatever dist/ holds (test/integration/build.test.ts runs that).
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      WORKER_POLL_MS: '60000',
      SECREL_RUN: 'sources',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const handle: SecrelProcess = {
    child,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    exited,
  };
  return new Promise((resolve, reject) => {
    let done = false;
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match && !done) {
        done = true;
        resolve({ process: handle, match });
      }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    void exited.then((code) => {
      if (!done) reject(new Error(`secrel ${args[0] ?? ''} exited (${String(code)}):\n${output}`));
    });
  });
}

/** Starts `secrel serve` on a free port and resolves once `/ready` answers 200, with its URL. */
export async function startServer(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const { process: server, match } = await startSecrel(
    ['serve', '--port', '0', ...args],
    LISTENING_LINE,
    env,
  );
  const url = match[1] ?? '';
  await waitUntilReady(url);
  return { ...server, url };
}

/** Starts `secrel worker` and resolves once it has started. */
export async function startWorkerProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<SecrelProcess> {
  return (await startSecrel(['worker', ...args], WORKER_LINE, env)).process;
}

/** How long a started server has to answer `/ready` 200. */
const READY_LIMIT_MS = 30_000;

/**
 * Waits until `/ready` answers 200 (the database answers and every migration is applied): what a
 * load balancer waits for, rather than trusting the line the server prints.
 */
export async function waitUntilReady(url: string): Promise<void> {
  const began = performance.now();
  let last = 'no answer';
  while (performance.now() - began < READY_LIMIT_MS) {
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url}/ready did not answer 200 within ${READY_LIMIT_MS / 1000} s: ${last}`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SECREL_BIN = path.join(projectRoot, 'bin', 'secrel.js');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: the process gets no chance to flush or clean up. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stop(): Promise<number | null>;
}

/** Starts `secrel serve` and resolves once it is listening and `/ready` answers 200. */
export async function startServer(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const server = await startListening(args, env);
  await waitUntilReady(server.url);
  return server;
}

/** Starts `secrel serve` as a child process and resolves once it is listening. */
function startListening(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SECREL_BIN, 'serve', '--port', '0', ...args], {
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
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /secrel listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match?.[1]) {
        resolve({
          url: match[1].replace('localhost', '127.0.0.1'),
          child,
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      reject(new Error(`secrel serve exited (${String(code)}) before listening:\n${output}`));
    });
  });
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

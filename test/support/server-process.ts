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

/** Starts `secrel serve` as a child process and resolves once it is listening. */
export function startServer(
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

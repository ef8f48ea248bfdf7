import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const START_LIMIT_MS = 30_000;

/** Helper children still running (static twin, proxy, worker), so every exit path ends them. */
const running = new Set<ChildProcess>();

export function killAllHelpers(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface Helper {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Ends a child with SIGTERM (SIGKILL after 10 s) and waits for it. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs one of the bench's own servers (static-server.ts, proxy-server.ts) as a child under tsx
 * and resolves with the port it printed (`listening <port>`).
 */
export async function spawnHelper(script: string, args: readonly string[]): Promise<Helper> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`${script} did not start within ${START_LIMIT_MS / 1000} s`));
    }, START_LIMIT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${String(code)}) before listening`));
    });
  });
  const pid = child.pid ?? 0;
  return { port, pid, stop: () => stopChild(child) };
}

import fs from 'node:fs';
import path from 'node:path';

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Another bench run holds the lock. */
export class BenchBusyError extends Error {}

/**
 * Makes this run the only bench using `workDir` and the bench databases: a second run would
 * share the embedded data directory and the `secrel_bench` database, and its `--fresh` would
 * delete them under a running server. A lock left by a process that has died is taken over.
 * Returns the release function.
 */
export function lockBench(workDir: string): () => void {
  fs.mkdirSync(workDir, { recursive: true });
  const lockFile = path.join(workDir, 'bench.lock');
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new BenchBusyError(
        `another bench run (process ${owner}) is using ${workDir} and the bench databases: wait for it to finish`,
        { cause: error },
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    try {
      if (Number(fs.readFileSync(lockFile, 'utf8')) === process.pid) fs.rmSync(lockFile);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

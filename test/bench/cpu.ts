import fs from 'node:fs';
import os from 'node:os';

/** Linux reports process and machine CPU time in clock ticks of 1/100 s. */
const TICK_MS = 10;

/** Where the machine's CPU went while a scenario ran, in percent of all cores. */
export interface CpuShare {
  /** The secrel server child. */
  serverPct: number;
  /** This process: autocannon generating the load. */
  benchPct: number;
  /** PostgreSQL backends serving the bench database (parallel workers not included). */
  databasePct: number;
  /** Everything else busy: the kernel, parallel workers, other work on the machine. */
  otherPct: number;
  idlePct: number;
  /** Server CPU per completed request. */
  serverMsPerRequest: number;
}

/** Lists the processes whose CPU counts as the database's (the PostgreSQL backends). */
export type DatabasePids = () => Promise<number[]>;

function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function machineCpuMs(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

function selfCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Measures the CPU shares of one interval. */
export class CpuMeter {
  private server = 0;
  private self = 0;
  private machine = { busy: 0, total: 0 };
  private database = new Map<number, number>();

  constructor(
    private readonly serverPid: number,
    private readonly databasePids: DatabasePids = () => Promise.resolve([]),
  ) {}

  async start(): Promise<void> {
    this.database = new Map((await this.databasePids()).map((pid) => [pid, processCpuMs(pid)]));
    this.server = processCpuMs(this.serverPid);
    this.self = selfCpuMs();
    this.machine = machineCpuMs();
  }

  async stop(requests: number): Promise<CpuShare> {
    const server = processCpuMs(this.serverPid) - this.server;
    const self = selfCpuMs() - this.self;
    const machine = machineCpuMs();
    // Backends that started during the interval count from zero.
    let database = 0;
    for (const pid of new Set([...this.database.keys(), ...(await this.databasePids())])) {
      database += Math.max(0, processCpuMs(pid) - (this.database.get(pid) ?? 0));
    }
    const total = Math.max(1, machine.total - this.machine.total);
    const busy = machine.busy - this.machine.busy;
    const pct = (ms: number): number => (100 * ms) / total;
    return {
      serverPct: pct(server),
      benchPct: pct(self),
      databasePct: pct(database),
      otherPct: Math.max(0, pct(busy - server - self - database)),
      idlePct: pct(total - busy),
      serverMsPerRequest: requests > 0 ? server / requests : Number.NaN,
    };
  }
}

/** The number of cores, for reading the shares (100% = all cores busy). */
export const CORES = os.cpus().length;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** How busy the whole machine is over `ms`, in percent of all cores. */
export async function machineBusyPct(ms: number): Promise<number> {
  const before = machineCpuMs();
  await sleep(ms);
  const after = machineCpuMs();
  return (100 * (after.busy - before.busy)) / Math.max(1, after.total - before.total);
}

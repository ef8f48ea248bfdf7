import type { Engine } from '../../src/db/database.ts';

/** What `npm run bench` was asked to do. */
export interface BenchOptions {
  engines: Engine[];
  /** Audit events to have in the PostgreSQL database (demo events included). */
  events: number;
  /** Audit events for the embedded database; defaults to `events`. */
  pgliteEvents: number;
  connections: number;
  /** Concurrent connections on the embedded engine (issue 12: 10). */
  pgliteConnections: number;
  /** Years of generated history (issue 12: ten). */
  years: number;
  /** Measure each public page's static twin. */
  staticTwins: boolean;
  /** Measure two app servers against one (PostgreSQL). */
  scaleOut: boolean;
  /** Measure the audit-scaled scenarios on the history's own trail too. */
  small: boolean;
  /** Seconds each scenario runs. */
  duration: number;
  /** Seconds of unmeasured traffic before each scenario (JIT, caches, template compilation). */
  warmup: number;
  fresh: boolean;
  /** Only the scenarios whose names contain one of these texts (all when empty). */
  only: string[];
  /** Verify the whole audit chain after loading (off only for diagnostic reruns). */
  verify: boolean;
  /** Seconds to wait, before each scenario, for other work on the machine to quieten. */
  waitIdle: number;
  /** Extra node flags for the server child, e.g. `--max-old-space-size=128`. */
  serverNodeArgs: string[];
  /** A built checkout (`npm run build`) to run the server from instead of this one. */
  serverRoot: string | undefined;
  /** Run the server child under `node --cpu-prof`; profiles land in this directory. */
  cpuProfDir: string | undefined;
  /** Measure issue 14's Code budgets (CPU only, in this process). */
  code: boolean;
  /** Only the Code budgets: no database, no server. */
  codeOnly: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: npm run bench -- [options]
  --engine postgres|pglite   one engine (default: both, PostgreSQL first)
  --events N                 audit events to load (default 1000000)
  --pglite-events N          audit events for the embedded engine (default: --events)
  --connections N            concurrent connections on PostgreSQL (default 50)
  --pglite-connections N     concurrent connections on PGlite (default 10)
  --years N                  years of generated history (default 10; cached per size)
  --no-static                skip the static twins of the public pages
  --no-scale-out             skip the two-app-server run
  --no-small                 skip the run on the history's own audit trail (10k vs 1M)
  --duration S               seconds per scenario (default 10)
  --warmup S                 unmeasured seconds before each scenario (default 1)
  --fresh                    drop the bench databases and load them again
  --quick                    smoke run: --events 20000 --duration 3 --years 2
  --no-verify                skip the chain verification (diagnostic reruns only)
  --wait-idle S              before each scenario, wait up to S s for the machine to be idle
  --only TEXT                only the scenarios whose names contain TEXT (repeatable)
  --server-node-arg FLAG     a node flag for the server child (repeatable)
  --server-root DIR          run the server from another checkout, built (to compare a change)
  --cpu-prof DIR             profile the server with node --cpu-prof into DIR
  --code-only                only the Code budgets (issue 14; CPU only, no database or server)
  --no-code                  skip the Code budgets`;

function positiveInteger(flag: string, text: string | undefined, allowZero = false): number {
  const value = Number(text);
  if (text === undefined || !Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new UsageError(`${flag} needs a whole number${allowZero ? '' : ' above 0'}`);
  }
  return value;
}

/** Parses the bench's command line (`process.argv.slice(2)`). */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let engines: Engine[] = ['postgres', 'pglite'];
  let events: number | undefined;
  let pgliteEvents: number | undefined;
  let connections = 50;
  let pgliteConnections = 10;
  let years: number | undefined;
  let staticTwins = true;
  let scaleOut = true;
  let small = true;
  let duration: number | undefined;
  let warmup = 1;
  let fresh = false;
  let quick = false;
  const only: string[] = [];
  let cpuProfDir: string | undefined;
  let waitIdle = 0;
  let verify = true;
  let serverRoot: string | undefined;
  const serverNodeArgs: string[] = [];
  let code = true;
  let codeOnly = false;
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index] ?? '';
    const value = (): string | undefined => {
      index += 1;
      return argv[index];
    };
    switch (flag) {
      case '--engine': {
        const engine = value();
        if (engine !== 'postgres' && engine !== 'pglite') {
          throw new UsageError('--engine must be postgres or pglite');
        }
        engines = [engine];
        break;
      }
      case '--events':
        events = positiveInteger(flag, value());
        break;
      case '--pglite-events':
        pgliteEvents = positiveInteger(flag, value());
        break;
      case '--connections':
        connections = positiveInteger(flag, value());
        break;
      case '--pglite-connections':
        pgliteConnections = positiveInteger(flag, value());
        break;
      case '--years':
        years = positiveInteger(flag, value());
        break;
      case '--no-static':
        staticTwins = false;
        break;
      case '--no-scale-out':
        scaleOut = false;
        break;
      case '--no-small':
        small = false;
        break;
      case '--duration':
        duration = positiveInteger(flag, value());
        break;
      case '--warmup':
        warmup = positiveInteger(flag, value(), true);
        break;
      case '--wait-idle':
        waitIdle = positiveInteger(flag, value(), true);
        break;
      case '--no-verify':
        verify = false;
        break;
      case '--fresh':
        fresh = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--code-only':
        codeOnly = true;
        break;
      case '--no-code':
        code = false;
        break;
      case '--only': {
        const word = value();
        if (word === undefined || word === '') throw new UsageError('--only needs a word');
        only.push(word);
        break;
      }
      case '--server-node-arg': {
        const arg = value();
        if (arg === undefined || !arg.startsWith('--')) {
          throw new UsageError(
            '--server-node-arg needs a node flag such as --max-old-space-size=128',
          );
        }
        serverNodeArgs.push(arg);
        break;
      }
      case '--server-root': {
        const dir = value();
        if (dir === undefined || dir === '')
          throw new UsageError('--server-root needs a directory');
        serverRoot = dir;
        break;
      }
      case '--cpu-prof': {
        const dir = value();
        if (dir === undefined || dir === '') throw new UsageError('--cpu-prof needs a directory');
        cpuProfDir = dir;
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (codeOnly && !code) throw new UsageError('--code-only and --no-code contradict each other');
  const chosenEvents = events ?? (quick ? 20_000 : 1_000_000);
  return {
    engines,
    events: chosenEvents,
    pgliteEvents: pgliteEvents ?? chosenEvents,
    connections,
    pgliteConnections,
    years: years ?? (quick ? 2 : 10),
    staticTwins,
    scaleOut,
    small,
    duration: duration ?? (quick ? 3 : 10),
    warmup,
    fresh,
    only,
    waitIdle,
    verify,
    serverNodeArgs,
    serverRoot,
    cpuProfDir,
    code,
    codeOnly,
  };
}

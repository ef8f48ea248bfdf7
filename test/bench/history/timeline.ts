import type { AppContext } from '../../../src/app-context.ts';

/** A small seeded generator (mulberry32): the same seed gives the same history. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  between(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** The London date `days` days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The date `months` months after `date`, on the same day of the month where it exists. */
export function addMonths(date: string, months: number): string {
  const at = new Date(`${date}T12:00:00Z`);
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  const last = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  at.setUTCDate(Math.min(day, last));
  return at.toISOString().slice(0, 10);
}

/** One act of the history at its instant (UTC, `YYYY-MM-DDTHH:MM:SS`). */
interface Act {
  at: string;
  order: number;
  label: string;
  run: () => Promise<void>;
}

/**
 * The test clock moving through the years: acts are queued at their instants and run in time
 * order, the clock set to each act's instant, so every use case sees "now" as that moment. An act
 * may queue later acts.
 */
export class Timeline {
  private readonly acts: Act[] = [];
  private counter = 0;
  private current = new Date(0);
  ran = 0;

  /** The context whose clock reads the timeline's current instant. */
  readonly ctx: AppContext;

  constructor(base: AppContext) {
    this.ctx = { ...base, now: () => new Date(this.current.getTime()) };
  }

  get today(): string {
    return this.current.toISOString().slice(0, 10);
  }

  /** Queues `run` at `time` on `date` (UTC; 10:00 unless given). */
  at(date: string, label: string, run: () => Promise<void>, time = '10:00:00'): void {
    const at = `${date}T${time}`;
    if (at < this.current.toISOString().slice(0, 19)) {
      throw new Error(
        `${label}: queued at ${at}, before the clock (${this.current.toISOString()})`,
      );
    }
    this.counter += 1;
    const act = { at, order: this.counter, label, run };
    let index = this.acts.length;
    while (index > 0) {
      const before = this.acts[index - 1];
      if (before === undefined || before.at < at || (before.at === at && before.order < act.order))
        break;
      index -= 1;
    }
    this.acts.splice(index, 0, act);
  }

  /** Runs every queued act up to `until` (inclusive), in time order. */
  async runUntil(until: string, progress?: (label: string) => void): Promise<void> {
    for (;;) {
      const act = this.acts[0];
      if (act === undefined || act.at.slice(0, 10) > until) return;
      this.acts.shift();
      this.current = new Date(`${act.at}Z`);
      try {
        await act.run();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`history at ${act.at}, ${act.label}: ${message}`, { cause: error });
      }
      this.ran += 1;
      progress?.(act.label);
    }
  }

  /** Moves the clock to `date` (10:00 UTC) without running anything. */
  setDate(date: string): void {
    this.current = new Date(`${date}T10:00:00Z`);
  }
}

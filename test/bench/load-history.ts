import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { chainEvent } from '../../src/audit/audit.ts';
import { auditEventRow, sha256Hex, verifyAuditChain } from '../../src/audit/audit.store.ts';
import { historyEvent, type HistorySpan } from './audit-history.ts';

/** Rows per multi-row INSERT: 2,000 × 12 columns stays well under PostgreSQL's 65,535 parameters. */
export const BATCH_ROWS = 2000;

export type Progress = (message: string) => void;

export interface TopUpResult {
  /** Events in the chain before and after the top-up. */
  before: number;
  after: number;
  ms: number;
}

/**
 * Appends generated history until the chain holds `target` events. Each batch is one
 * transaction: lock the head (as `appendAudit` does), chain the batch onto it with the real
 * `chainEvent`, insert it in one statement and move the head, so the result is a valid
 * continuation of the chain whatever was there before.
 */
export async function topUpAuditEvents(
  db: Kysely<DB>,
  target: number,
  progress: Progress,
  end: Date = new Date(),
): Promise<TopUpResult> {
  const start = await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
  const began = performance.now();
  if (start.seq >= target) return { before: start.seq, after: start.seq, ms: 0 };
  const span: HistorySpan = { firstSeq: start.seq + 1, count: target - start.seq, end };
  let lastReport = 0;
  let done = start.seq;
  while (done < target) {
    done = await db.transaction().execute(async (trx) => {
      let head = await trx
        .selectFrom('audit_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const rows = [];
      const size = Math.min(BATCH_ROWS, target - head.seq);
      for (let index = 0; index < size; index += 1) {
        const { entry, actor, at } = historyEvent(span, head.seq + 1);
        const event = chainEvent(head, entry, actor, at, sha256Hex);
        rows.push(auditEventRow(event));
        head = { seq: event.seq, hash: event.hash };
      }
      await trx.insertInto('audit_event').values(rows).execute();
      await trx
        .updateTable('audit_head')
        .set({ seq: head.seq, hash: head.hash })
        .where('id', '=', 1)
        .execute();
      return head.seq;
    });
    const now = performance.now();
    if (now - lastReport > 2000 || done >= target) {
      lastReport = now;
      const rate = (done - start.seq) / ((now - began) / 1000);
      progress(
        `  audit events: ${done.toLocaleString('en-GB')} / ${target.toLocaleString('en-GB')} (${Math.round(rate).toLocaleString('en-GB')}/s)`,
      );
    }
  }
  return { before: start.seq, after: done, ms: performance.now() - began };
}

export interface VerifyTiming {
  events: number;
  ms: number;
}

/** Runs `verifyAuditChain` once and times it; a broken chain fails the bench. */
export async function timeVerify(db: Kysely<DB>, progress: Progress): Promise<VerifyTiming> {
  const began = performance.now();
  let lastReport = began;
  const result = await verifyAuditChain(db, (checked) => {
    const now = performance.now();
    if (now - lastReport > 5000) {
      lastReport = now;
      progress(`  verified ${checked.toLocaleString('en-GB')} events`);
    }
  });
  const ms = performance.now() - began;
  if (!result.ok) {
    throw new Error(
      `the audit chain does not verify: ${result.broken.problem} at event ${result.broken.seq}`,
    );
  }
  return { events: result.events, ms };
}

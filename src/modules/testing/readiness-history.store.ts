/**
 * Issue 13: what the readiness charts read — each recording of a phase's results, from the
 * audit trail (`test_phase.created` and `test_phase.updated` keep the results after the change).
 */
import type { Db } from '../../app-context.ts';
import type { Defects } from './testing.ts';

/** A phase's results as recorded at `at` (a `test_phase.created` or `.updated` event). */
export interface PhaseRecord {
  phaseId: number;
  at: Date;
  testsPassed: number;
  testsFailed: number;
  defects: Defects;
}

const whole = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The recordings of the results of phases `phaseIds`, oldest first. */
export async function phaseRecordsOf(db: Db, phaseIds: readonly number[]): Promise<PhaseRecord[]> {
  if (phaseIds.length === 0) return [];
  const rows = await db
    .selectFrom('audit_event')
    .select(['subject_id', 'at', 'after'])
    .where('subject_type', '=', 'test_phase')
    .where('action', 'in', ['test_phase.created', 'test_phase.updated'])
    .where('subject_id', 'in', phaseIds.map(String))
    .orderBy('seq')
    .execute();
  return rows.map((row) => {
    const after = (typeof row.after === 'string' ? JSON.parse(row.after) : (row.after ?? {})) as {
      testsPassed?: unknown;
      testsFailed?: unknown;
      defects?: Partial<Record<keyof Defects, unknown>>;
    };
    const defects = after.defects ?? {};
    return {
      phaseId: Number(row.subject_id),
      at: new Date(row.at),
      testsPassed: whole(after.testsPassed),
      testsFailed: whole(after.testsFailed),
      defects: {
        critical: whole(defects.critical),
        high: whole(defects.high),
        medium: whole(defects.medium),
        low: whole(defects.low),
      },
    };
  });
}

import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Upload } from '../consultation/consultation-attachment.ts';
import type { Principal } from '../identity/identity.ts';
import type { RidReporting } from '../rid/rid-sections.ts';
import {
  checkReportContent,
  checkReportDate,
  readinessSchedule,
  type ReadinessReport,
  type ReportRefusal,
} from './readiness.ts';
import { storeEvidence } from './test-evidence.actions.ts';
import { canSubmitReadinessReports } from './testing.access.ts';
import { releaseUnderTest } from './testing.actions.ts';
import { insertReport, reportSubmittedFor } from './testing.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface ReportInput {
  periodDue: string;
  /** A value per measure the approved RID names, by the measure's name. */
  measures: Record<string, string>;
  summary: string;
}

function refuse(refusal: ReportRefusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
}

/**
 * D10.13(c): the report is for a due date of the schedule the approved RID sets, not in the
 * future, with a value for every measure the RID names; returns the trimmed values.
 */
function checkedMeasures(
  reporting: RidReporting,
  goLive: string,
  input: ReportInput,
  now: Date,
): Record<string, string> {
  const schedule = readinessSchedule(reporting, goLive);
  refuse(checkReportDate(schedule, input.periodDue, todayOf(now)));
  const measures = Object.fromEntries(
    Object.entries(input.measures).map(([name, value]) => [name, value.trim()]),
  );
  const named = reporting.measures.filter((m) => m.trim() !== '');
  refuse(checkReportContent(named, measures, input.summary));
  return measures;
}

/**
 * D10.13(c), D10.16: the DCC submits its readiness report for a due date of the schedule the
 * approved RID sets, with a value for every measure the RID names, a summary and optional
 * evidence files, all in one transaction: any refusal stores nothing. One report per due date.
 */
export async function submitReadinessReport(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: ReportInput,
  uploads: readonly Upload[] = [],
): Promise<ReadinessReport & { evidenceIds: number[] }> {
  const actor = actorOf(
    requireActor(principal, canSubmitReadinessReports, 'Only the DCC submits readiness reports'),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const { release, rid } = await releaseUnderTest(unit.trx, releaseId);
    const measures = checkedMeasures(rid.sections.reporting, release.go_live, input, unit.now);
    if (await reportSubmittedFor(unit.trx, releaseId, input.periodDue))
      throw new AppError(
        'already_exists',
        `The readiness report due ${input.periodDue} was already submitted`,
        { field: 'periodDue' },
      );
    const report = await insertReport(unit.trx, {
      releaseId,
      periodDue: input.periodDue,
      measures,
      summary: input.summary.trim(),
      submittedBy: actor.id,
      submittedAt: unit.now,
    });
    await unit.audit({
      action: 'readiness_report.submitted',
      subjectType: 'readiness_report',
      subjectId: String(report.id),
      before: null,
      after: {
        releaseId,
        periodDue: report.periodDue,
        measures,
        summary: report.summary,
        ridVersionId: rid.id,
      },
    });
    const evidenceIds = await storeEvidence(
      unit,
      releaseId,
      { readinessReportId: report.id },
      uploads,
    );
    return { ...report, measures, evidenceIds };
  });
}

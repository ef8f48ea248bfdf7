import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import { checkUpload, type Upload } from '../consultation/consultation-attachment.ts';
import type { Principal } from '../identity/identity.ts';
import { canRecordTestResults, canSubmitReadinessReports } from './testing.access.ts';
import { releaseUnderTest } from './testing.actions.ts';
import { evidenceCount, hasReport, insertEvidence, lockPhase } from './testing.store.ts';
import type { EvidenceOwner } from './testing.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

/** D10.16: a test phase or a readiness report holds at most this many evidence files. */
export const MAX_EVIDENCE_FILES = 20;

/**
 * D10.16: checks and stores evidence files (PDF, DOCX, XLSX, ODT, CSV or TXT, at most 5 MB each,
 * content matching the extension) for a phase or a report, each with its audit event; returns
 * their ids. Any bad file refuses the whole upload.
 */
export async function storeEvidence(
  unit: UnitOfWork,
  releaseId: number,
  owner: EvidenceOwner,
  uploads: readonly Upload[],
): Promise<number[]> {
  if (uploads.length === 0) return [];
  const existing = await evidenceCount(unit.trx, owner);
  if (existing + uploads.length > MAX_EVIDENCE_FILES)
    throw invalid('file', `At most ${MAX_EVIDENCE_FILES} evidence files (it has ${existing})`);
  const checked = uploads.map((upload) => {
    const result = checkUpload(upload);
    if (!result.ok) throw invalid('file', result.problem);
    return result;
  });
  const ids: number[] = [];
  for (const file of checked) {
    const id = await insertEvidence(unit.trx, {
      releaseId,
      owner,
      filename: file.filename,
      contentType: file.contentType,
      data: file.data,
      uploadedBy: unit.actor.id,
      uploadedAt: unit.now,
    });
    ids.push(id);
    const phase = 'testPhaseId' in owner;
    await unit.audit({
      action: 'test_evidence.uploaded',
      subjectType: phase ? 'test_phase' : 'readiness_report',
      subjectId: String(phase ? owner.testPhaseId : owner.readinessReportId),
      before: null,
      after: {
        evidenceId: id,
        releaseId,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.data.length,
      },
    });
  }
  return ids;
}

/** D10.16: the DCC uploads evidence files for one of the release's test phases. */
export async function uploadPhaseEvidence(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  phaseId: number,
  uploads: readonly Upload[],
): Promise<number[]> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordTestResults,
      'Only the DCC uploads the evidence of its test phases',
    ),
  );
  if (uploads.length === 0) throw invalid('file', 'Choose a file to upload');
  return inTransaction(ctx, actor, async (unit) => {
    await releaseUnderTest(unit.trx, releaseId);
    await lockPhase(unit.trx, releaseId, phaseId, undefined);
    return storeEvidence(unit, releaseId, { testPhaseId: phaseId }, uploads);
  });
}

/** D10.13(c): the DCC adds evidence files to one of its readiness reports. */
export async function uploadReportEvidence(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  reportId: number,
  uploads: readonly Upload[],
): Promise<number[]> {
  const actor = actorOf(
    requireActor(
      principal,
      canSubmitReadinessReports,
      'Only the DCC adds evidence to its readiness reports',
    ),
  );
  if (uploads.length === 0) throw invalid('file', 'Choose a file to upload');
  return inTransaction(ctx, actor, async (unit) => {
    await releaseUnderTest(unit.trx, releaseId);
    if (!(await hasReport(unit.trx, releaseId, reportId)))
      throw new AppError('not_found', `Release ${releaseId} has no readiness report ${reportId}`);
    return storeEvidence(unit, releaseId, { readinessReportId: reportId }, uploads);
  });
}

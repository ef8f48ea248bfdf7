/** A release's TAD as the API and pages show it, filtered by who may see what. */
import { AppError } from '../../errors.ts';
import { changedSections, redlineTad } from './tad-redline.ts';
import type { TadRequest } from './tad.ts';
import type { ReleaseTad, TadVersionView } from './tad.queries.ts';

/** One version the person may see; 404 otherwise, so drafts stay unknown to the public. */
export function versionOf(tad: ReleaseTad, number: number): TadVersionView {
  const version = tad.versions.find((v) => v.number === number);
  if (!version)
    throw new AppError('not_found', `There is no version ${number} of this release’s TAD`);
  return version;
}

/** D10.20: the redline between two versions the person may see, by number. */
export function tadRedline(tad: ReleaseTad, fromNumber: number, toNumber: number) {
  const from = tad.versions.find((v) => v.number === fromNumber);
  if (!from)
    throw new AppError('not_found', `There is no version ${fromNumber} of this TAD`, {
      field: 'from',
    });
  const to = tad.versions.find((v) => v.number === toNumber);
  if (!to)
    throw new AppError('not_found', `There is no version ${toNumber} of this TAD`, {
      field: 'to',
    });
  const redline = redlineTad(from, to);
  return { from, to, redline, changed: changedSections(redline) };
}

export function presentRequest(r: TadRequest) {
  return {
    id: r.id,
    releaseId: r.releaseId,
    meetingId: r.meetingId,
    requestedOn: r.requestedOn,
    dueDate: r.dueDate,
    scopeNote: r.scopeNote,
    requestedAt: r.requestedAt.toISOString(),
  };
}

export function presentSummary(v: TadVersionView) {
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    basedOnId: v.basedOnId,
    submittedAt: v.submittedAt?.toISOString() ?? null,
    reviewedOn: v.reviewedOn,
    consultations: v.consultations.map((c) => ({
      id: c.id,
      status: c.status,
      opensAt: c.opensAt.toISOString(),
      closesAt: c.closesAt.toISOString(),
      audiences: c.audiences,
      runBy: c.runBy,
      heldOutsideSecrel: c.heldOutsideSecrel,
    })),
    ridVersion: v.ridVersion,
  };
}

export function presentVersion(v: TadVersionView) {
  return {
    ...presentSummary(v),
    releaseId: v.releaseId,
    objectives: v.objectives,
    strategy: v.strategy,
    consequences: v.consequences,
    missing: v.missing,
    conditions: v.conditionRows.map((r) => ({
      modificationId: r.modificationId,
      reference: r.reference,
      title: r.title,
      inRelease: r.inRelease,
      dccTesting: r.dccTesting,
      userTesting: r.userTesting,
      missing: r.missing,
    })),
    reviewMeetingId: v.reviewMeetingId,
    reviewNotes: v.reviewNotes,
    version: v.version,
  };
}

/** A release's TAD as the API and pages show it, filtered by who may see what. */
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { listConsultations, type Consultation } from '../consultation/consultation.queries.ts';
import { statusAt, STATUS_NAMES, type ConsultationStatus } from '../consultation/consultation.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease, type Release } from '../release/release.queries.ts';
import { changedSections, redlineTad } from './tad-redline.ts';
import {
  TAD_STATUS_NAMES,
  missingTadSections,
  tadTaskState,
  type TadRequest,
  type TadTaskState,
  type TadVersion,
} from './tad.ts';
import { canSeeTadVersion } from './tad.access.ts';
import { findTadRequest, listTadVersions, ridVersionsTaking } from './tad.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface TadConsultationView {
  id: number;
  title: string;
  opensAt: Date;
  closesAt: Date;
  status: ConsultationStatus;
  statusName: string;
  audiences: string[];
}

export interface TadVersionView extends TadVersion {
  statusName: string;
  missing: string[];
  consultations: TadConsultationView[];
  /** Ruling 8: the RID version this version took effect in, once the RID module linked it. */
  ridVersion: { id: number; number: number; approvedOn: string | null } | null;
}

export interface ReleaseTad {
  release: Release;
  request: TadRequest | undefined;
  task: TadTaskState | undefined;
  /** The versions the person may see, newest first. */
  versions: TadVersionView[];
  /** Every version, for rules that must not depend on who looks. */
  all: TadVersion[];
}

function consultationView(c: Consultation, now: Date): TadConsultationView {
  const status = statusAt(c, now);
  return {
    id: c.id,
    title: c.title,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    status,
    statusName: STATUS_NAMES[status],
    audiences: c.audiences,
  };
}

/** D10.18–D10.20: a release's request and the versions `principal` may see (404 no release). */
export async function releaseTad(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
): Promise<ReleaseTad> {
  const now = ctx.now();
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const request = await findTadRequest(ctx.db, releaseId);
  const all = await listTadVersions(ctx.db, releaseId);
  const visible = all.filter((v) => canSeeTadVersion(principal, v));
  const rids = await ridVersionsTaking(
    ctx.db,
    visible.map((v) => v.id),
  );
  const versions: TadVersionView[] = [];
  for (const v of visible) {
    const consultations = await listConsultations(ctx.db, now, {
      subjectType: 'tad_version',
      subjectId: String(v.id),
    });
    versions.push({
      ...v,
      statusName: TAD_STATUS_NAMES[v.status],
      missing: missingTadSections(v).map((s) => s.letter),
      consultations: consultations.map((c) => consultationView(c, now)),
      ridVersion: rids.get(v.id) ?? null,
    });
  }
  return {
    release,
    request,
    task: request ? tadTaskState(request, all, todayOf(now)) : undefined,
    versions,
    all,
  };
}

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
    reviewMeetingId: v.reviewMeetingId,
    reviewNotes: v.reviewNotes,
    version: v.version,
  };
}

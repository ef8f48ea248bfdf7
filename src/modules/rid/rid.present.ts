import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { appealDeadline } from '../appeal/appeal-window.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease, type Release } from '../release/release.queries.ts';
import type { RidContentItem } from './rid-content.ts';
import { freezeDateOfRelease } from './rid-freeze.ts';
import { missingRidSections, type RidSectionId } from './rid-sections.ts';
import { appealDeadlineWords, dateInWords, isFrozen, RID_STATUS_NAMES } from './rid.ts';
import { canSeeRidVersion } from './rid.access.ts';
import {
  findTadVersion,
  freezeOverridesOf,
  latestTadVersion,
  listRidVersions,
  ridContentOf,
  type FreezeOverride,
  type RidVersion,
  type TadForRid,
} from './rid.store.ts';

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** D10.17, ruling 1: the appeal window of a published approval. */
export interface AppealWindow {
  deadline: string;
  words: string;
}

/** A version as the API and pages present it (sections included). */
export function presentRidVersion(v: RidVersion, appeal: AppealWindow | null) {
  return {
    id: v.id,
    releaseId: v.releaseId,
    number: v.number,
    status: v.status,
    statusName: RID_STATUS_NAMES[v.status],
    sections: v.sections,
    contentSnapshot: v.contentSnapshot,
    tadVersionId: v.tadVersionId,
    basedOnId: v.basedOnId,
    freezeOverrideId: v.freezeOverrideId,
    createdAt: v.createdAt.toISOString(),
    submittedAt: iso(v.submittedAt),
    approvalMeetingId: v.approvalMeetingId,
    approvedOn: v.approvedOn,
    publishedAt: iso(v.publishedAt),
    appealDeadline: appeal?.deadline ?? null,
    appealDeadlineWords: appeal?.words ?? null,
    version: v.version,
  };
}

export function presentOverride(o: FreezeOverride) {
  return {
    id: o.id,
    releaseId: o.releaseId,
    meetingId: o.meetingId,
    decidedOn: o.decidedOn,
    reasons: o.reasons,
    recordedAt: o.recordedAt.toISOString(),
    usedByVersion: o.usedByNumber,
  };
}

export interface RidOverview {
  release: Release;
  freezeDate: string | null;
  freezeWords: string | null;
  frozen: boolean;
  /** The versions this person may see, by number. */
  versions: RidVersion[];
  /** The version in force (the latest approved) if this person may see it. */
  approved: RidVersion | null;
  appeals: Map<number, AppealWindow>;
  overrides: FreezeOverride[];
}

/** D10.17, ruling 1: the appeal window a version's published approval opened, if any. */
export async function appealWindowOf(
  ctx: AppContext,
  version: Pick<RidVersion, 'publishedAt'>,
): Promise<AppealWindow | null> {
  if (version.publishedAt === null) return null;
  const deadline = appealDeadline(await calendarFor(ctx), version.publishedAt.toISOString());
  return { deadline, words: appealDeadlineWords(deadline) };
}

async function releaseOrNotFound(ctx: AppContext, releaseId: number): Promise<Release> {
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  return release;
}

/** A-RID, D10.15, D10.17: what the RID overview shows a person. */
export async function ridOverview(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  today: string,
): Promise<RidOverview> {
  const release = await releaseOrNotFound(ctx, releaseId);
  const freezeDate = (await freezeDateOfRelease(ctx, release)) ?? null;
  const versions = (await listRidVersions(ctx.db, releaseId)).filter((v) =>
    canSeeRidVersion(principal, v),
  );
  const calendar = await calendarFor(ctx);
  const appeals = new Map<number, AppealWindow>();
  for (const v of versions) {
    if (v.publishedAt === null) continue;
    const deadline = appealDeadline(calendar, v.publishedAt.toISOString());
    appeals.set(v.number, { deadline, words: appealDeadlineWords(deadline) });
  }
  return {
    release,
    freezeDate,
    freezeWords: freezeDate === null ? null : dateInWords(freezeDate),
    frozen: isFrozen(freezeDate ?? undefined, today),
    versions,
    approved: versions.findLast((v) => v.status === 'approved') ?? null,
    appeals,
    overrides: await freezeOverridesOf(ctx.db, releaseId),
  };
}

/** The TAD as a version of the RID shows it (D10.18), and how it relates to the version. */
export interface TadShown {
  tad: TadForRid;
  /** 'part': linked to the approved version; 'pending': takes effect when the Panel approves this version. */
  relation: 'part' | 'pending' | 'in_force';
}

export interface RidVersionView {
  overview: RidOverview;
  version: RidVersion;
  /** D10.13(a): the snapshot the Panel saw, or the live allocations of a draft. */
  content: RidContentItem[];
  contentIsLive: boolean;
  missing: RidSectionId[];
  tad: TadShown | null;
  appeal: AppealWindow | null;
}

/** D10.18, ruling 8: the TAD shown inside a version. */
async function tadShown(ctx: AppContext, version: RidVersion): Promise<TadShown | null> {
  if (version.tadVersionId !== null) {
    const tad = await findTadVersion(ctx.db, version.tadVersionId);
    return tad ? { tad, relation: 'part' } : null;
  }
  if (version.status !== 'draft' && version.status !== 'submitted') return null;
  const reviewed = await latestTadVersion(ctx.db, version.releaseId, 'reviewed');
  if (reviewed) return { tad: reviewed, relation: 'pending' };
  const effective = await latestTadVersion(ctx.db, version.releaseId, 'effective');
  return effective ? { tad: effective, relation: 'in_force' } : null;
}

/** A-RID: one version as a person may see it (404 when they may not, so drafts stay unknown). */
export async function ridVersionView(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  today: string,
): Promise<RidVersionView> {
  const overview = await ridOverview(ctx, principal, releaseId, today);
  const version = overview.versions.find((v) => v.number === number);
  if (!version)
    throw new AppError('not_found', `The RID of ${overview.release.name} has no version ${number}`);
  const contentIsLive = version.contentSnapshot === null;
  const content = version.contentSnapshot ?? (await ridContentOf(ctx.db, releaseId));
  return {
    overview,
    version,
    content,
    contentIsLive,
    missing: missingRidSections(version.sections, content.length),
    tad: await tadShown(ctx, version),
    appeal: overview.appeals.get(number) ?? null,
  };
}

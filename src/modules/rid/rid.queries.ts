/**
 * The reads of the RID (A-RID, D10.12–D10.18): what its pages and API load, and what other
 * modules (release, testing, go-live, TAD) read of it. Stores stay private to the module.
 */
import type { AppContext, Db } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { appealDeadlineOf } from '../appeal/appeal-window.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import type { ClauseChange, RedlineClause } from '../policy/policy-redline.ts';
import { governingPolicyOf } from '../policy/policy.queries.ts';
import { findRelease, type Release } from '../release/release.queries.ts';
import type { RidContentItem } from './rid-content.ts';
import { missingRidSections, type RidSectionId } from './rid-sections.ts';
import { ridRedline, ridRedlineSummary } from './rid-text.ts';
import {
  appealDeadlineWords,
  dateInWords,
  isFrozen,
  ridFreezeDate,
  type AppealWindow,
  type FreezeOverride,
  type RidVersion,
  type TadForRid,
} from './rid.ts';
import { canSeeRidVersion } from './rid.access.ts';
import {
  findTadVersion,
  freezeOverridesOf,
  latestTadVersion,
  listRidVersions,
  ridContentOf,
} from './rid.store.ts';

export { approvedRidOf, approvedRidSectionsOf, ridVersionsTaking } from './rid.store.ts';
export type { ApprovedRid } from './rid.ts';

/**
 * D10.15, ruling 5: the freeze date of a release's RID, from the Policy version that governs the
 * release on `today` (ruling 14: the one in force until the freeze starts, then fixed) and the
 * Working Day calendar.
 */
export async function freezeDateOfRelease(
  ctx: Pick<AppContext, 'db' | 'config'>,
  release: Pick<Release, 'policy_version_id' | 'release_type' | 'go_live'>,
  today: string,
  db: Db = ctx.db,
): Promise<string | undefined> {
  const policy = await governingPolicyOf(ctx, release, today, db);
  if (!policy) return undefined;
  const calendar = await calendarFor(ctx, undefined, db);
  return ridFreezeDate(
    policy,
    { releaseType: release.release_type, goLive: release.go_live },
    calendar,
  );
}

/** The stored (ruling 18) appeal deadline of a version, or null while it is unpublished. */
function deadlineOf(
  calendar: WorkingDayCalendar,
  version: Pick<RidVersion, 'publishedAt' | 'appealDeadline'>,
): string | null {
  return appealDeadlineOf(calendar, {
    publishedAt: version.publishedAt?.toISOString() ?? null,
    appealDeadline: version.appealDeadline?.toISOString() ?? null,
  });
}

/**
 * D10.17, ruling 1, ruling 18: the appeal window a version's published approval opened, if any,
 * closing at the deadline stored when it was published.
 */
export async function appealWindowOf(
  ctx: AppContext,
  version: Pick<RidVersion, 'publishedAt' | 'appealDeadline'>,
): Promise<AppealWindow | null> {
  if (version.publishedAt === null) return null;
  const deadline = deadlineOf(await calendarFor(ctx), version);
  return deadline === null ? null : { deadline, words: appealDeadlineWords(deadline) };
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
  const freezeDate = (await freezeDateOfRelease(ctx, release, today)) ?? null;
  const versions = (await listRidVersions(ctx.db, releaseId)).filter((v) =>
    canSeeRidVersion(principal, v),
  );
  const calendar = await calendarFor(ctx);
  const appeals = new Map<number, AppealWindow>();
  for (const v of versions) {
    const deadline = deadlineOf(calendar, v);
    if (deadline !== null)
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

export interface RidRedlineView {
  overview: RidOverview;
  from: RidVersion;
  to: RidVersion;
  clauses: RedlineClause[];
  summary: { id: string; heading: string; change: ClauseChange }[];
}

/**
 * A-RID: the word-level redline between two versions of one RID that the person may see; a
 * draft's content (a) is the release's allocations today, a submitted version's what the Panel saw.
 */
export async function ridRedlineBetween(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  numbers: { from: number; to: number },
  today: string,
): Promise<RidRedlineView> {
  const overview = await ridOverview(ctx, principal, releaseId, today);
  const pick = (number: number, field: string) => {
    const version = overview.versions.find((v) => v.number === number);
    if (!version)
      throw new AppError(
        'not_found',
        `The RID of ${overview.release.name} has no version ${number}`,
        {
          field,
        },
      );
    return version;
  };
  const from = pick(numbers.from, 'from');
  const to = pick(numbers.to, 'to');
  const live =
    from.contentSnapshot === null || to.contentSnapshot === null
      ? await ridContentOf(ctx.db, releaseId)
      : [];
  const clauses = ridRedline(
    { sections: from.sections, content: from.contentSnapshot ?? live },
    { sections: to.sections, content: to.contentSnapshot ?? live },
  );
  return { overview, from, to, clauses, summary: ridRedlineSummary(clauses) };
}

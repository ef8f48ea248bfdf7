/**
 * The reads of a release's TAD (D10.18–D10.20, ruling 8): its request and the versions a person
 * may see, each with its consultations and the RID version it took effect in.
 */
import type { AppContext } from '../../app-context.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { AppError } from '../../errors.ts';
import { listConsultations, type Consultation } from '../consultation/consultation.queries.ts';
import {
  isHeldOutsideSecrel,
  statusAt,
  STATUS_NAMES,
  type ConsultationStatus,
  type RunBy,
} from '../consultation/consultation.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease, type Release } from '../release/release.queries.ts';
import { ridVersionsTaking } from '../rid/rid.queries.ts';
import { allocationsOf } from '../allocation/allocation.queries.ts';
import {
  conditionRows,
  tadScope,
  type ConditionRow,
  type TadScopeModification,
} from './tad-conditions.ts';
import {
  TAD_STATUS_NAMES,
  missingTadSections,
  tadTaskState,
  type TadRequest,
  type TadTaskState,
  type TadVersion,
} from './tad.ts';
import { canSeeTadVersion } from './tad.access.ts';
import { findTadRequest, listTadVersions } from './tad.store.ts';

export interface TadConsultationView {
  id: number;
  title: string;
  opensAt: Date;
  closesAt: Date;
  status: ConsultationStatus;
  statusName: string;
  audiences: string[];
  runBy: RunBy;
  /** Ruling 13: opened before the cut-over, so history held outside secrel. */
  heldOutsideSecrel: boolean;
}

export interface TadVersionView extends TadVersion {
  statusName: string;
  missing: string[];
  consultations: TadConsultationView[];
  /** Ruling 8: the RID version this version took effect in, once the RID module linked it. */
  ridVersion: { id: number; number: number; approvedOn: string | null } | null;
  /** D10.18, D10.13(d)(e): each modification of the release with its statements. */
  conditionRows: ConditionRow[];
}

export interface ReleaseTad {
  release: Release;
  request: TadRequest | undefined;
  task: TadTaskState | undefined;
  /** The versions the person may see, newest first. */
  versions: TadVersionView[];
  /** Every version, for rules that must not depend on who looks. */
  all: TadVersion[];
  /** D10.18: the modifications of the release a version covers (see `tadScope`). */
  scope: TadScopeModification[];
}

function consultationView(c: Consultation, now: Date, cutOver: string): TadConsultationView {
  const status = statusAt(c, now);
  return {
    id: c.id,
    title: c.title,
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    status,
    statusName: STATUS_NAMES[status],
    audiences: c.audiences,
    runBy: c.runBy,
    heldOutsideSecrel: isHeldOutsideSecrel(c, cutOver),
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
  const cutOver = await cutOverOf(ctx.db);
  const allocations = await allocationsOf(ctx.db, releaseId);
  const scope = tadScope(allocations);
  const names = new Map(allocations.map((a) => [a.modificationId, a]));
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
      consultations: consultations.map((c) => consultationView(c, now, cutOver)),
      ridVersion: rids.get(v.id) ?? null,
      conditionRows: conditionRows(scope, v.conditions, names),
    });
  }
  return {
    release,
    request,
    task: request ? tadTaskState(request, all, todayOf(now)) : undefined,
    versions,
    all,
    scope,
  };
}

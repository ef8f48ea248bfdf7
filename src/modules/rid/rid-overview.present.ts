/** A-RID, D10.15, D10.17: the RID overview page of a release, shaped for rid.njk. */
import { longDate } from '../../calendar/date-words.ts';
import { formatInstant } from '../../calendar/format.ts';
import type { FormState } from '../../web/forms.ts';
import type { VisibleAppeal } from '../appeal/appeal.present.ts';
import type { ReleaseRequestSummary } from '../dcc-request/dcc-request.present.ts';
import type { Principal } from '../identity/identity.ts';
import { isOpenForScope } from '../release/release.ts';
import { rulingHref } from '../rules/rulings.ts';
import { isOpen, RID_STATUS_NAMES, type FreezeOverride } from './rid.ts';
import { canDraftRid, canReadRidDrafts, canRecordRidApproval } from './rid.access.ts';
import type { RidOverview } from './rid.queries.ts';
import type { StoredHistorySource } from '../history/history.queries.ts';
import { heldOutsideView, presentHeldOutside } from '../history/history.present.ts';
import {
  formOf,
  meetingLink,
  meetingSelectItems,
  presentOverride,
  presentRidVersion,
  row,
  type MeetingChoice,
  type Row,
} from './rid.present.ts';

/**
 * D10.12: the freeze overrides as a person sees them. The version that used an override is named
 * only when it is one of the versions the person may see: the public never learns the number of
 * a draft or of an approval not yet published.
 */
export function overridesAsSeen(o: Pick<RidOverview, 'overrides' | 'versions'>): FreezeOverride[] {
  const seen = new Set(o.versions.map((v) => v.number));
  return o.overrides.map((x) =>
    x.usedByNumber === null || seen.has(x.usedByNumber) ? x : { ...x, usedByNumber: null },
  );
}

/** Ruling 13: the published sources of the versions recorded as history, by version id. */
export type HeldVersions = ReadonlyMap<number, StoredHistorySource>;

/**
 * A-RID, D10.12: the overview as `GET /api/v1/releases/:id/rid` presents it: only the versions
 * the person may see, and no reference (override use, amended version) to any other; each
 * version flagged when its approval is held outside secrel (ruling 13).
 */
export function presentRidOverview(o: RidOverview, held: HeldVersions = new Map()) {
  const seenIds = new Set(o.versions.map((v) => v.id));
  return {
    releaseId: o.release.id,
    releaseName: o.release.name,
    freezeDate: o.freezeDate,
    frozen: o.frozen,
    approvedVersion: o.approved?.number ?? null,
    versions: o.versions.map((v) => ({
      ...presentRidVersion(v, o.appeals.get(v.number) ?? null),
      basedOnId: v.basedOnId !== null && seenIds.has(v.basedOnId) ? v.basedOnId : null,
      ...presentHeldOutside(held.get(v.id)),
    })),
    overrides: overridesAsSeen(o).map(presentOverride),
  };
}

/** What the overview page loads: the RID, its appeals, the DCC's requests, the Panel's meetings. */
export interface RidOverviewPage {
  overview: RidOverview;
  /** D10.17: the appeals against this RID's approvals, as the person may see them. */
  appeals: VisibleAppeal[];
  /** D10.14: what the DCC was asked for this release; null when the person may not read it. */
  dccRequests: ReleaseRequestSummary[] | null;
  meetings: readonly MeetingChoice[];
  /** Ruling 13: the versions whose approval is history, with their published sources. */
  held?: HeldVersions;
}

function summaryRows(o: RidOverview): Row[] {
  const approved = o.approved;
  const rows: Row[] = [
    row('Go-live', longDate(o.release.go_live)),
    o.freezeWords === null
      ? row('Freeze date', 'None: the Policy sets no notice period for this release type')
      : {
          key: { text: 'Freeze date' },
          value: {
            html: `${o.freezeWords}${o.frozen ? ' (frozen)' : ''}: no update from this date without a Panel override (D10.15; <a class="govuk-link" href="${rulingHref(5)}">secrel’s reading: ruling 5</a>)`,
          },
        },
    approved
      ? {
          key: { text: 'Version in force' },
          value: {
            html: `<a class="govuk-link" href="/releases/${o.release.id}/rid/versions/${approved.number}">Version ${approved.number}</a>, approved by the Panel at its meeting of ${meetingLink(approved.approvalMeetingId, approved.approvedOn ?? '')}`,
          },
        }
      : row(
          'Version in force',
          o.versions.some((v) => v.status === 'superseded')
            ? 'The Panel has approved a new version; it is not yet published'
            : 'None approved yet',
        ),
  ];
  if (approved) {
    rows.push(
      row(
        'Published',
        approved.publishedAt ? formatInstant(approved.publishedAt) : 'Not yet published',
      ),
    );
    const appeal = o.appeals.get(approved.number);
    if (appeal) rows.push(row('Appeals', appeal.words));
  }
  return rows;
}

/** A-RID, D10.15, D10.17: the overview of a release's RID as `principal` sees it today. */
export function overviewPage(
  page: RidOverviewPage,
  principal: Principal | null,
  today: string,
  state: Partial<FormState>,
) {
  const { overview: o } = page;
  const open = isOpenForScope(o.release.status);
  const form = formOf(state);
  return {
    title: `Release Implementation Document: ${o.release.name}`,
    release: o.release,
    frozen: o.frozen,
    freezeWords: o.freezeWords,
    summaryRows: summaryRows(o),
    versions: o.versions.map((v, index) => ({
      ...v,
      statusName: RID_STATUS_NAMES[v.status],
      basedOn: o.versions.find((b) => b.id === v.basedOnId)?.number ?? null,
      previous: o.versions[index - 1]?.number ?? null,
      appeal: o.appeals.get(v.number) ?? null,
      held: heldOutsideView(page.held?.get(v.id)),
    })),
    overrides: overridesAsSeen(o),
    appeals: page.appeals,
    dccRequests: page.dccRequests,
    approved: o.approved,
    mayReadDrafts: canReadRidDrafts(principal),
    mayCreate: open && canDraftRid(principal) && !o.versions.some((v) => isOpen(v.status)),
    createKind: o.approved ? 'amendments' : 'drafts',
    mayOverride: open && canRecordRidApproval(principal),
    meetingItems: canRecordRidApproval(principal)
      ? meetingSelectItems(page.meetings, today, '0000-01-01', form.values.meetingId)
      : [],
    ...form,
  };
}

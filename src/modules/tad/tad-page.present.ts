/** D10.18–D10.20: the TAD pages of a release, shaped for tad.njk, tad-version.njk and tad-redline.njk. */
import { formatDate } from '../../calendar/format.ts';
import type { FormState } from '../../web/forms.ts';
import { AUDIENCE_NAMES } from '../consultation/consultation.ts';
import type { Principal } from '../identity/identity.ts';
import type { MeetingKind } from '../meeting/meeting.ts';
import { TAD_AUDIENCE_CHOICES, TAD_SECTIONS } from './tad.ts';
import { TAD_LIMBS, type ConditionRow } from './tad-conditions.ts';
import { DRAFTING_POINTS } from '../rules/rulings.ts';
import {
  canConsultOnTad,
  canDraftTad,
  canReadTadDrafts,
  canRequestTad,
  canReviewTad,
} from './tad.access.ts';
import { tadRedline, versionOf } from './tad.present.ts';
import type { ReleaseTad } from './tad.queries.ts';

/** A Panel meeting as the TAD's forms offer it. */
export interface MeetingChoice {
  id: number;
  heldOn: string;
  kind: MeetingKind;
}

/** The meetings held on or before today, most recent first (at most 12), as select items. */
function meetingItems(
  meetings: readonly MeetingChoice[],
  today: string,
  selected: string | undefined,
) {
  const recent = meetings
    .filter((m) => m.heldOn <= today)
    .toSorted((a, b) => (a.heldOn < b.heldOn ? 1 : a.heldOn > b.heldOn ? -1 : 0))
    .slice(0, 12);
  return [
    { value: '', text: 'Choose the Panel meeting' },
    ...recent.map((m) => ({
      value: String(m.id),
      text: `${m.kind === 'ordinary' ? 'Panel meeting' : 'Extraordinary Panel meeting'} of ${formatDate(m.heldOn)}`,
    })),
  ].map((item) => ({ ...item, selected: item.value === (selected ?? '') }));
}

function formOf(state: FormState) {
  return {
    errors: state.errors,
    fieldErrors: state.fieldErrors,
    values: state.values,
    form: state.form,
  };
}

/** Drafting point 3 on /rules: D10.13(d)(i) and D10.18 overlap; D10.18 is the operative rule. */
const TAD_DRAFTING_POINT = DRAFTING_POINTS.find((d) => d.clauses.includes('D10.13(d)(i)'));
export const TAD_DRAFTING_HREF = `/rules#${TAD_DRAFTING_POINT?.anchor ?? 'drafting-points'}`;

/**
 * D10.18, D10.13(d)(e): a version's statements per modification, each limb with its form field
 * (`dccTesting-<id>`, `userTesting-<id>`) and the text the edit form shows: what was posted
 * after a refusal, else the stored text.
 */
export function conditionsView(rows: readonly ConditionRow[], state: FormState) {
  const posted = state.form === 'edit' ? state.values : {};
  return rows.map((row) => ({
    ...row,
    limbs: TAD_LIMBS.map((limb) => {
      const name = `${limb.field}-${row.modificationId}`;
      return {
        ...limb,
        name,
        id: `edit-${name}`,
        text: row[limb.field],
        value: posted[name] ?? row[limb.field],
        missing: row.missing.includes(limb.letter),
      };
    }),
  }));
}

/** What a TAD page loads besides the TAD: the Panel's meetings, and the date of the one it names. */
export interface TadPageMeetings {
  meetings: readonly MeetingChoice[];
  /** The date the meeting named by the request (or the review) was held, if any. */
  heldOn: string | undefined;
}

/** D10.18–D10.20: the release's TAD page: the request, the versions, the forms. */
export function tadPage(
  tad: ReleaseTad,
  m: TadPageMeetings,
  principal: Principal | null,
  today: string,
  state: FormState,
) {
  const open = !['live', 'closed', 'cancelled'].includes(tad.release.status);
  const hasDraft = tad.all.some((v) => v.status === 'draft');
  const versionItems = tad.versions.map((v) => ({
    value: String(v.number),
    text: `Version ${v.number}: ${v.statusName}`,
  }));
  const latest = tad.versions[0];
  const previous = tad.versions[1];
  return {
    title: `Testing Approach Document: ${tad.release.name}`,
    release: tad.release,
    draftingHref: TAD_DRAFTING_HREF,
    // D10.18: each modification in the release, and whether the latest version states how
    // D10.13(d) and (e) are met for it.
    scope: tad.scope.map((m) => ({
      ...m,
      missing: latest?.conditionRows.find((r) => r.modificationId === m.modificationId)?.missing,
    })),
    latestNumber: latest?.number,
    request: tad.request,
    requestMeetingOn: m.heldOn,
    task: tad.task,
    versions: tad.versions,
    seesDrafts: canReadTadDrafts(principal),
    mayRequest: open && !tad.request && canRequestTad(principal),
    mayDraft: open && Boolean(tad.request) && !hasDraft && canDraftTad(principal),
    amendment: tad.all.some((v) => v.submittedAt !== null),
    meetingItems: meetingItems(m.meetings, today, state.values.meetingId),
    fromItems: versionItems.map((i) => ({
      ...i,
      selected: i.value === String(previous?.number),
    })),
    toItems: versionItems.map((i) => ({ ...i, selected: i.value === String(latest?.number) })),
    today,
    ...formOf(state),
  };
}

/** The text the edit form shows: what was posted after a refusal, else the stored text. */
function editValues(state: FormState, text: Record<string, string>) {
  return state.form === 'edit' && state.values.objectives !== undefined ? state.values : text;
}

/** D10.19, D10.20: one version: its sections, consultations and review, with the forms. */
export function tadVersionPage(
  tad: ReleaseTad,
  number: number,
  m: TadPageMeetings,
  principal: Principal | null,
  today: string,
  state: FormState,
) {
  const version = versionOf(tad, number);
  const draft = version.status === 'draft';
  const submitted = version.status === 'submitted';
  const notClosed = version.consultations.some((c) => c.status !== 'closed');
  const closed = version.consultations.some((c) => c.status === 'closed');
  const basedOn = tad.versions.find((v) => v.id === version.basedOnId);
  return {
    title: `Testing Approach Document version ${version.number}: ${tad.release.name}`,
    release: tad.release,
    version,
    basedOn,
    reviewMeetingOn: m.heldOn,
    sections: TAD_SECTIONS.map((s) => ({
      ...s,
      text: version[s.field],
      missing: version.missing.includes(s.letter),
    })),
    conditions: conditionsView(version.conditionRows, state),
    draftingHref: TAD_DRAFTING_HREF,
    canEdit: draft && canDraftTad(principal),
    canConsult: submitted && !notClosed && canConsultOnTad(principal),
    canReview: submitted && closed && canReviewTad(principal),
    waitingForConsultation: submitted && !closed,
    edit: editValues(state, {
      objectives: version.objectives,
      strategy: version.strategy,
      consequences: version.consequences,
    }),
    audienceItems: TAD_AUDIENCE_CHOICES.map((a) => ({
      value: a,
      text: a === 'all_parties' ? 'All Parties (including every User)' : 'Users only',
      checked: (state.values.audience ?? 'all_parties') === a,
    })),
    audienceNames: AUDIENCE_NAMES,
    meetingItems: meetingItems(m.meetings, today, state.values.meetingId),
    today,
    ...formOf(state),
  };
}

/** D10.20: the redline page between two versions. */
export function tadRedlinePage(tad: ReleaseTad, from: number, to: number) {
  const redline = tadRedline(tad, from, to);
  return {
    title: `TAD changes from version ${redline.from.number} to version ${redline.to.number}: ${tad.release.name}`,
    release: tad.release,
    ...redline,
  };
}

/** The RID as the API and its pages present it (A-RID): JSON views and the pages' shared parts. */
import { longDate } from '../../calendar/date-words.ts';
import type { FormState } from '../../web/forms.ts';
import { MEETING_KIND_NAMES, type MeetingKind } from '../meeting/meeting.ts';
import {
  RID_STATUS_NAMES,
  type AppealWindow,
  type FreezeOverride,
  type RidVersion,
} from './rid.ts';

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

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

/** A row of a GOV.UK summary list. */
export type Row = { key: { text: string }; value: { text?: string; html?: string } };

export const row = (key: string, value: string): Row => ({
  key: { text: key },
  value: { text: value },
});

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A Panel meeting's date as a link to the meeting (plain text when there is no meeting). */
export const meetingLink = (id: number | null, date: string) =>
  id === null
    ? escape(longDate(date))
    : `<a class="govuk-link" href="/meetings/${id}">${escape(longDate(date))}</a>`;

/** A Panel meeting as the RID's forms offer it. */
export interface MeetingChoice {
  id: number;
  heldOn: string;
  kind: MeetingKind;
}

/** Panel meetings held on or before today (and on or after `from`), newest first, as select items. */
export function meetingSelectItems(
  meetings: readonly MeetingChoice[],
  today: string,
  from: string,
  selected: string | undefined,
) {
  const held = meetings
    .filter((m) => m.heldOn <= today && m.heldOn >= from)
    .reverse()
    .slice(0, 12);
  return [
    { value: '', text: 'Choose a meeting' },
    ...held.map((m) => ({
      value: String(m.id),
      text: `${MEETING_KIND_NAMES[m.kind]} Panel meeting, ${longDate(m.heldOn)}`,
      selected: selected === String(m.id),
    })),
  ];
}

/** A form's errors and values for a page (none when the page is shown afresh). */
export const formOf = (s: Partial<FormState>) => ({
  errors: s.errors ?? [],
  fieldErrors: s.fieldErrors ?? {},
  values: s.values ?? {},
  form: s.form ?? '',
});

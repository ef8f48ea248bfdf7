/** A-RID, D10.13, D10.18: one version of the RID and its edit form, shaped for their templates. */
import { longDate } from '../../calendar/date-words.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { formatInstant } from '../../calendar/format.ts';
import type { FormState } from '../../web/forms.ts';
import { withinAppealWindow } from '../appeal/appeal-window.ts';
import { canLodgeAppeal } from '../appeal/appeal.access.ts';
import type { Principal } from '../identity/identity.ts';
import { documentName } from './rid-content.ts';
import { CRITERION_ROWS, MILESTONE_ROWS, formFromSections } from './rid-form.ts';
import { FREE_SECTION_KEYS, REPORT_FREQUENCIES, RID_SECTION_NAMES } from './rid-sections.ts';
import { FREQUENCY_NAMES } from './rid-text.ts';
import { FREE_SECTION_HEADINGS } from './rid-validation.ts';
import { awaitsPublication, isFrozen, isOpen, isPanelApproval, RID_STATUS_NAMES } from './rid.ts';
import { canDraftRid, canPublishRid, canRecordRidApproval } from './rid.access.ts';
import type { RidVersionView } from './rid.queries.ts';
import {
  formOf,
  meetingLink,
  meetingSelectItems,
  row,
  type MeetingChoice,
  type Row,
} from './rid.present.ts';

const windowText = (start: string | null, end: string | null) =>
  start === null || end === null ? 'Not set' : `From ${longDate(start)} to ${longDate(end)}`;

function summaryRows(view: RidVersionView): Row[] {
  const { overview: o, version } = view;
  const rows: Row[] = [row('Status', RID_STATUS_NAMES[version.status])];
  const basedOn = o.versions.find((b) => b.id === version.basedOnId);
  if (basedOn) rows.push(row('Amends', `Version ${basedOn.number}`));
  if (version.submittedAt)
    rows.push(row('Submitted to the Panel', formatInstant(version.submittedAt)));
  if (version.approvedOn)
    rows.push({
      key: { text: 'Approved by the Panel' },
      value: {
        html: `At its meeting of ${meetingLink(version.approvalMeetingId, version.approvedOn)}`,
      },
    });
  if (version.status === 'approved' || version.status === 'superseded')
    rows.push(
      row(
        'Published',
        version.publishedAt ? formatInstant(version.publishedAt) : 'Not yet published',
      ),
    );
  if (view.appeal) rows.push(row('Appeals', view.appeal.words));
  const override = o.overrides.find((x) => x.id === version.freezeOverrideId);
  if (override)
    rows.push(
      row(
        'Panel override of the freeze',
        `Decided ${longDate(override.decidedOn)}: ${override.reasons}`,
      ),
    );
  rows.push(row('Freeze date', o.freezeWords ?? 'None'));
  return rows;
}

/** The version with its section names, content documents, testing windows and frequency. */
function versionShown(view: RidVersionView) {
  const { version } = view;
  const s = version.sections;
  return {
    ...version,
    statusName: RID_STATUS_NAMES[version.status],
    names: RID_SECTION_NAMES,
    missing: view.missing,
    content: view.content.map((item) => ({
      ...item,
      documents: item.documents.map((d) => ({ ...d, name: documentName(d) })),
    })),
    contentIsLive: view.contentIsLive,
    windows: {
      dcc: windowText(s.timescales.dccTestingStart, s.timescales.dccTestingEnd),
      user: windowText(s.timescales.userTestingStart, s.timescales.userTestingEnd),
    },
    frequencyName: s.reporting.frequency ? FREQUENCY_NAMES[s.reporting.frequency] : 'Not set',
  };
}

/**
 * A-RID, D10.13, D10.18: one version with its sections, the TAD, and the forms `principal` may
 * use on it at `now`; the approval form offers the meetings held since it was submitted.
 */
export function versionPage(
  view: RidVersionView,
  meetings: readonly MeetingChoice[],
  principal: Principal | null,
  now: Date,
  state: Partial<FormState>,
) {
  const { overview: o, version } = view;
  const today = todayOf(now);
  const form = formOf(state);
  const submittedOn = version.submittedAt ? todayOf(version.submittedAt) : today;
  const mayApprove = version.status === 'submitted' && canRecordRidApproval(principal);
  return {
    title: `Release Implementation Document version ${version.number}: ${o.release.name}`,
    release: o.release,
    frozen: o.frozen,
    freezeWords: o.freezeWords,
    summaryRows: summaryRows(view),
    v: versionShown(view),
    missingNames: view.missing.map((id) => RID_SECTION_NAMES[id]),
    tad: view.tad,
    mayEdit: version.status === 'draft' && canDraftRid(principal),
    maySubmit: version.status === 'draft' && canDraftRid(principal),
    mayApprove,
    mayPublish: awaitsPublication(version) && canPublishRid(principal),
    mayWithdraw: isOpen(version.status) && canDraftRid(principal),
    appealWords: view.appeal?.words ?? '',
    mayAppeal:
      view.appeal !== null &&
      isPanelApproval(version) &&
      withinAppealWindow(view.appeal.deadline, now) &&
      canLodgeAppeal(principal),
    meetingItems: mayApprove
      ? meetingSelectItems(meetings, today, submittedOn, form.values.meetingId)
      : [],
    ...form,
  };
}

const rows = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

/** A-RID: the edit form of a draft, with its values (the version's, or those just posted). */
export function editPage(view: RidVersionView, today: string, state: Partial<FormState>) {
  const { overview: o, version } = view;
  const values = state.values ?? formFromSections(version.sections);
  return {
    title: `Edit version ${version.number} of the RID: ${o.release.name}`,
    release: o.release,
    v: version,
    names: RID_SECTION_NAMES,
    frozenForVersion:
      isFrozen(o.freezeDate ?? undefined, today) && version.freezeOverrideId === null,
    freezeWords: o.freezeWords,
    milestoneRows: rows(MILESTONE_ROWS),
    criterionRows: rows(CRITERION_ROWS),
    frequencyItems: REPORT_FREQUENCIES.map((f) => ({
      value: f,
      text: FREQUENCY_NAMES[f],
      checked: values.frequency === f,
    })),
    freeSections: FREE_SECTION_KEYS.map((key) => ({ key, heading: FREE_SECTION_HEADINGS[key] })),
    errors: state.errors ?? [],
    fieldErrors: state.fieldErrors ?? {},
    values,
  };
}

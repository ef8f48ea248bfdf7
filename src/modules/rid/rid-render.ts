import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { longDate } from '../../calendar/date-words.ts';
import { formatInstant } from '../../calendar/format.ts';
import type { FormState } from '../../web/forms.ts';
import { withinAppealWindow } from '../appeal/appeal-window.ts';
import { visibleReasons } from '../appeal/appeal.present.ts';
import { canLodgeAppeal } from '../appeal/appeal.access.ts';
import { appealsOfRelease } from '../appeal/appeal.store.ts';
import { canReadDccRequests } from '../dcc-request/dcc-request.access.ts';
import { requestsOfRelease } from '../dcc-request/dcc-request.present.ts';
import { MEETING_KIND_NAMES } from '../meeting/meeting.ts';
import { listMeetingRows } from '../meeting/meeting.store.ts';
import { isOpenForScope } from '../release/release.ts';
import { documentName } from './rid-content.ts';
import { RID_SECTION_NAMES } from './rid-sections.ts';
import { FREQUENCY_NAMES } from './rid-text.ts';
import { isOpen, RID_STATUS_NAMES } from './rid.ts';
import {
  canDraftRid,
  canPublishRid,
  canReadRidDrafts,
  canRecordRidApproval,
} from './rid.access.ts';
import { ridOverview, ridVersionView } from './rid.present.ts';
import { todayOf } from '../../calendar/deadline.ts';

type Row = { key: { text: string }; value: { text?: string; html?: string } };
const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } });
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const meetingLink = (id: number | null, date: string) =>
  id === null
    ? escape(longDate(date))
    : `<a class="govuk-link" href="/meetings/${id}">${escape(longDate(date))}</a>`;

/** Panel meetings held on or before today (and on or after `from`), newest first, as select items. */
export async function meetingItems(
  app: FastifyInstance,
  today: string,
  from: string,
  selected: string | undefined,
) {
  const meetings = (await listMeetingRows(app.ctx.db))
    .filter((m) => m.heldOn <= today && m.heldOn >= from)
    .reverse()
    .slice(0, 12);
  return [
    { value: '', text: 'Choose a meeting' },
    ...meetings.map((m) => ({
      value: String(m.id),
      text: `${MEETING_KIND_NAMES[m.kind]} Panel meeting, ${longDate(m.heldOn)}`,
      selected: selected === String(m.id),
    })),
  ];
}

const state = (s: Partial<FormState>) => ({
  errors: s.errors ?? [],
  fieldErrors: s.fieldErrors ?? {},
  values: s.values ?? {},
  form: s.form ?? '',
});

/** A-RID, D10.15, D10.17: the RID overview of a release. */
export async function renderOverview(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  formState: Partial<FormState> = {},
  status = 200,
) {
  const principal = request.principal;
  const today = todayOf(app.ctx.now());
  const o = await ridOverview(app.ctx, principal, releaseId, today);
  const approved = o.approved;
  const appeal = approved ? o.appeals.get(approved.number) : undefined;
  const open = isOpenForScope(o.release.status);
  const summaryRows: Row[] = [
    row('Go-live', longDate(o.release.go_live)),
    row(
      'Freeze date',
      o.freezeWords === null
        ? 'None: the Policy sets no notice period for this release type'
        : `${o.freezeWords}${o.frozen ? ' (frozen)' : ''}: no update from this date without a Panel override (D10.15)`,
    ),
    approved
      ? {
          key: { text: 'Version in force' },
          value: {
            html: `<a class="govuk-link" href="/releases/${releaseId}/rid/versions/${approved.number}">Version ${approved.number}</a>, approved by the Panel at its meeting of ${meetingLink(approved.approvalMeetingId, approved.approvedOn ?? '')}`,
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
    summaryRows.push(
      row(
        'Published',
        approved.publishedAt ? formatInstant(approved.publishedAt) : 'Not yet published',
      ),
    );
    if (appeal) summaryRows.push(row('Appeals', appeal.words));
  }
  const fs = state(formState);
  return reply.page(
    'rid.njk',
    {
      title: `Release Implementation Document: ${o.release.name}`,
      release: o.release,
      frozen: o.frozen,
      freezeWords: o.freezeWords,
      summaryRows,
      versions: o.versions.map((v, index) => ({
        ...v,
        statusName: RID_STATUS_NAMES[v.status],
        basedOn: o.versions.find((b) => b.id === v.basedOnId)?.number ?? null,
        previous: o.versions[index - 1]?.number ?? null,
        appeal: o.appeals.get(v.number) ?? null,
      })),
      overrides: o.overrides,
      // D10.17: the appeals against this RID's approvals; D10.14: what the DCC was asked for it.
      appeals: visibleReasons(await appealsOfRelease(app.ctx.db, releaseId), principal),
      dccRequests: canReadDccRequests(principal)
        ? await requestsOfRelease(app.ctx.db, releaseId, app.ctx.now())
        : null,
      approved,
      mayReadDrafts: canReadRidDrafts(principal),
      mayCreate: open && canDraftRid(principal) && !o.versions.some((v) => isOpen(v.status)),
      createKind: approved ? 'amendments' : 'drafts',
      mayOverride: open && canRecordRidApproval(principal),
      meetingItems: canRecordRidApproval(principal)
        ? await meetingItems(app, today, '0000-01-01', fs.values.meetingId)
        : [],
      ...fs,
    },
    status,
  );
}

const windowText = (start: string | null, end: string | null) =>
  start === null || end === null ? 'Not set' : `From ${longDate(start)} to ${longDate(end)}`;

/** A-RID, D10.13, D10.18: one version with its sections, the TAD and the forms that act on it. */
export async function renderVersion(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
  number: number,
  formState: Partial<FormState> = {},
  status = 200,
) {
  const principal = request.principal;
  const today = todayOf(app.ctx.now());
  const view = await ridVersionView(app.ctx, principal, releaseId, number, today);
  const { overview: o, version } = view;
  const s = version.sections;
  const summaryRows: Row[] = [row('Status', RID_STATUS_NAMES[version.status])];
  const basedOn = o.versions.find((b) => b.id === version.basedOnId);
  if (basedOn) summaryRows.push(row('Amends', `Version ${basedOn.number}`));
  if (version.submittedAt)
    summaryRows.push(row('Submitted to the Panel', formatInstant(version.submittedAt)));
  if (version.approvedOn)
    summaryRows.push({
      key: { text: 'Approved by the Panel' },
      value: {
        html: `At its meeting of ${meetingLink(version.approvalMeetingId, version.approvedOn)}`,
      },
    });
  if (version.status === 'approved' || version.status === 'superseded')
    summaryRows.push(
      row(
        'Published',
        version.publishedAt ? formatInstant(version.publishedAt) : 'Not yet published',
      ),
    );
  if (view.appeal) summaryRows.push(row('Appeals', view.appeal.words));
  const override = o.overrides.find((x) => x.id === version.freezeOverrideId);
  if (override)
    summaryRows.push(
      row(
        'Panel override of the freeze',
        `Decided ${longDate(override.decidedOn)}: ${override.reasons}`,
      ),
    );
  summaryRows.push(row('Freeze date', o.freezeWords ?? 'None'));
  const fs = state(formState);
  const submittedOn = version.submittedAt ? todayOf(version.submittedAt) : today;
  const mayApprove = version.status === 'submitted' && canRecordRidApproval(principal);
  return reply.page(
    'rid-version.njk',
    {
      title: `Release Implementation Document version ${number}: ${o.release.name}`,
      release: o.release,
      frozen: o.frozen,
      freezeWords: o.freezeWords,
      summaryRows,
      v: {
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
      },
      missingNames: view.missing.map((id) => RID_SECTION_NAMES[id]),
      tad: view.tad,
      mayEdit: version.status === 'draft' && canDraftRid(principal),
      maySubmit: version.status === 'draft' && canDraftRid(principal),
      mayApprove,
      mayPublish:
        version.status === 'approved' && version.publishedAt === null && canPublishRid(principal),
      mayWithdraw: isOpen(version.status) && canDraftRid(principal),
      appealWords: view.appeal?.words ?? '',
      mayAppeal:
        view.appeal !== null &&
        version.status === 'approved' &&
        withinAppealWindow(view.appeal.deadline, app.ctx.now()) &&
        canLodgeAppeal(principal),
      meetingItems: mayApprove
        ? await meetingItems(app, today, submittedOn, fs.values.meetingId)
        : [],
      ...fs,
    },
    status,
  );
}

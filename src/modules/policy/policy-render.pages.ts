/** Renders the Policy's overview and version pages, for the GET pages and the form posts. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listConsultations } from '../consultation/consultation.queries.ts';
import { isHeldOutsideSecrel, statusAt, STATUS_NAMES } from '../consultation/consultation.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { HELD_OUTSIDE_LABEL } from '../installation/installation.ts';
import { missingMechanisms } from './policy-mechanisms.ts';
import {
  MONTH_ITEMS,
  UNIT_ITEMS,
  WEEKDAY_ITEMS,
  WEEK_ITEMS,
  mechanismsView,
  select,
} from './policy-view.ts';
import {
  POLICY_STATUS_NAMES,
  consultationMinimum,
  policyInForce,
  type PolicyVersion,
} from './policy.ts';
import { listPolicyVersions } from './policy.store.ts';
import {
  canConsultOnPolicy,
  canDecidePolicy,
  canDraftPolicy,
  canReadPolicyDrafts,
} from './policy.access.ts';
import { visibleVersion, visibleVersions } from './policy.present.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { longDate } from '../../calendar/date-words.ts';
import { findMeeting, listMeetingRows } from '../meeting/meeting.queries.ts';
import { MEETING_KIND_NAMES } from '../meeting/meeting.ts';

export type ErrorItem = { text: string; href: string };

/** What a re-rendered form keeps: the posted values and the errors. */
export interface FormState {
  errors: ErrorItem[];
  values: Record<string, string>;
}

const NO_FORM: FormState = { errors: [], values: {} };

/**
 * Ruling 13: the Panel meetings held on or before today, newest first (at most 12), as the
 * decision form's select: the decision names the meeting that took it.
 */
async function decisionMeetingItems(app: FastifyInstance, today: string, selected?: string) {
  const held = (await listMeetingRows(app.ctx.db))
    .filter((m) => m.heldOn <= today)
    .toSorted((a, b) => b.heldOn.localeCompare(a.heldOn))
    .slice(0, 12);
  return [
    { value: '', text: 'Choose the Panel meeting' },
    ...held.map((m) => ({
      value: String(m.id),
      text: `${MEETING_KIND_NAMES[m.kind]} Panel meeting, ${longDate(m.heldOn)}`,
    })),
  ].map((item) => ({ ...item, selected: item.value === (selected ?? '') }));
}

function editView(version: PolicyVersion) {
  const m = version.mechanisms;
  const types = m.allocation?.releaseTypes ?? [];
  return {
    releaseTypes: types.map((type) => {
      const notice = m.notice?.noticePeriods.find((p) => p.releaseType === type.id);
      return {
        id: type.id,
        name: type.name,
        standard: type.kind === 'standard',
        weekdayItems: select(WEEKDAY_ITEMS, String(type.goLiveWeekday)),
        weekItems: select(WEEK_ITEMS, String(type.week ?? 1)),
        monthItems: select(MONTH_ITEMS, String(type.month ?? 1)),
        noticeAmount: notice ? String(notice.amount) : '',
        unitItems: select(UNIT_ITEMS, notice?.unit ?? 'months'),
      };
    }),
    baselines: m.oversight?.scopeBaselines ?? [],
    mechanismsJson: JSON.stringify(m, null, 2),
  };
}

/** The version page; the form posts re-render it with their errors and values. */
export async function renderVersionPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  form: FormState = NO_FORM,
  status = 200,
) {
  const principal = request.principal;
  const now = app.ctx.now();
  const today = todayOf(now);
  const version = await visibleVersion(app.ctx.db, principal, today, id);
  const consultations = await listConsultations(app.ctx.db, now, {
    subjectType: 'policy_version',
    subjectId: String(id),
  });
  const cutOver = await cutOverOf(app.ctx.db);
  const minimumWorkingDays = consultationMinimum(await listPolicyVersions(app.ctx.db), today);
  const draft = version.status === 'draft';
  const submitted = version.status === 'submitted';
  const canDecide = submitted && canDecidePolicy(principal);
  const decisionMeeting =
    version.decisionMeetingId === null
      ? undefined
      : await findMeeting(app.ctx.db, version.decisionMeetingId);
  return reply.page(
    'policy-version.njk',
    {
      title: `SEC Release Management Policy version ${version.number}`,
      version,
      statusName: POLICY_STATUS_NAMES[version.status],
      mechanisms: mechanismsView(version.mechanisms),
      gaps: missingMechanisms(version.mechanisms),
      consultations: consultations.map((c) => ({
        ...c,
        statusName: STATUS_NAMES[statusAt(c, now)],
        heldOutsideSecrel: isHeldOutsideSecrel(c, cutOver),
      })),
      heldOutsideLabel: HELD_OUTSIDE_LABEL,
      minimumWorkingDays,
      canEdit: draft && canDraftPolicy(principal),
      canSubmit: draft && canDraftPolicy(principal),
      canConsult:
        submitted &&
        canConsultOnPolicy(principal) &&
        !consultations.some((c) => c.closesAt.getTime() >= now.getTime()),
      canDecide,
      decisionMeetingItems: canDecide
        ? await decisionMeetingItems(app, today, form.values.meetingId)
        : [],
      decisionMeetingOn: decisionMeeting?.heldOn,
      edit: editView(version),
      errors: form.errors,
      values: form.values,
      fieldErrors: Object.fromEntries(form.errors.map((e) => [e.href.slice(1), { text: e.text }])),
      today,
    },
    status,
  );
}

/** The overview page; the new-draft form re-renders it with its errors. */
export async function renderPolicyPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  form: FormState = NO_FORM,
  status = 200,
) {
  const principal = request.principal;
  const today = todayOf(app.ctx.now());
  const { visible } = await visibleVersions(app.ctx.db, principal, today);
  const inForce = policyInForce(visible, today);
  const items = visible.map((v) => ({
    value: String(v.id),
    text: `Version ${v.number}: ${v.title}`,
  }));
  const previous = visible.find((v) => v.status === 'superseded');
  return reply.page(
    'policy.njk',
    {
      title: 'SEC Release Management Policy',
      inForce,
      mechanisms: inForce ? mechanismsView(inForce.mechanisms) : undefined,
      versions: visible.map((v) => ({ ...v, statusName: POLICY_STATUS_NAMES[v.status] })),
      fromItems: select(items, String(previous?.id ?? visible.at(-1)?.id ?? '')),
      toItems: select(items, String(inForce?.id ?? visible[0]?.id ?? '')),
      canDraft: canDraftPolicy(principal),
      seesDrafts: canReadPolicyDrafts(principal),
      basedOnItems: select(
        [{ value: '', text: 'The version in force' }, ...items],
        form.values.basedOnId ?? '',
      ),
      errors: form.errors,
      values: form.values,
      fieldErrors: Object.fromEntries(form.errors.map((e) => [e.href.slice(1), { text: e.text }])),
    },
    status,
  );
}

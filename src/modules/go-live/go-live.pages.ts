import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { formNumber, formText, formValues, submitForm, type FormState } from '../../web/forms.ts';
import { deferralWarningsToConfirm } from './deferral-warnings.queries.ts';
import { approvedRidOf } from '../rid/rid.queries.ts';
import { linkableEvidenceOf, phasesOf, reportsOf } from '../testing/testing.queries.ts';
import { canRecordGoLive } from './go-live.access.ts';
import { recordGoLiveDecision } from './go-live.actions.ts';
import { goLiveDecisionsOf } from './go-live.store.ts';
import {
  GO_LIVE_OUTCOME_NAMES,
  GO_LIVE_OUTCOMES,
  MAX_CRITERIA,
  MAX_TEXT_LENGTH,
  type GoLiveAssessment,
} from './go-live.ts';
import {
  isOpenForScope,
  MAX_REASONS_LENGTH,
  RELEASE_STATUS_NAMES,
  type GoLiveWarning,
} from '../release/release.ts';
import { findRelease, panelDecisionsOf } from '../release/release.queries.ts';
import { recordNoticeException } from '../release/release.actions.ts';
import { canRecordReleaseDecisions } from '../release/release.access.ts';
import { listMeetingRows } from '../meeting/meeting.queries.ts';
import { noticesOf } from '../notice/notice.queries.ts';
import { longDate } from '../../calendar/date-words.ts';
import { milestonesOf } from '../release/release.present.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { cutOverOf } from '../installation/installation.queries.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** Every value a form sent under `name` (checkboxes send several). */
function formList(request: FastifyRequest, name: string): string[] {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/**
 * D10.13(f): the assessments entered on the form, one numbered row per criterion of the approved
 * RID (its id in a hidden field); rows with nothing entered are left out, so an unassessed
 * criterion is refused by name.
 */
export function criteriaFromForm(request: FastifyRequest): GoLiveAssessment[] {
  const criteria: GoLiveAssessment[] = [];
  for (let n = 1; n <= MAX_CRITERIA; n++) {
    const met = formText(request, `criterion${n}Met`);
    const row = {
      id: formText(request, `criterion${n}Id`),
      met: met === 'yes',
      evidence: formText(request, `criterion${n}Evidence`),
      links: formList(request, `criterion${n}Links`),
    };
    if (met !== '' || row.evidence !== '' || row.links.length > 0) criteria.push(row);
  }
  return criteria;
}

/** Where a linked test phase or readiness report is shown. */
async function linkHrefs(app: FastifyInstance, releaseId: number): Promise<Map<string, string>> {
  const base = `/releases/${releaseId}/testing`;
  const hrefs = new Map<string, string>();
  for (const phase of await phasesOf(app.ctx.db, releaseId))
    hrefs.set(`phase:${phase.id}`, `${base}/phases/${phase.id}`);
  for (const report of await reportsOf(app.ctx.db, releaseId))
    hrefs.set(`report:${report.id}`, `${base}/reports/${report.periodDue}`);
  return hrefs;
}

/**
 * Rulings 13 and 16: the Panel meetings held by `today` a decision can be recorded against, the
 * latest first, as select items.
 */
async function meetingItems(app: FastifyInstance, today: string) {
  const meetings = (await listMeetingRows(app.ctx.db))
    .filter((m) => m.heldOn <= today)
    .toSorted((a, b) => b.heldOn.localeCompare(a.heldOn))
    .slice(0, 12);
  return [
    { value: '', text: 'Choose the Panel meeting' },
    ...meetings.map((m) => ({
      value: String(m.id),
      text: `${m.kind === 'ordinary' ? 'Panel meeting' : 'Extraordinary Panel meeting'} of ${longDate(m.heldOn)}`,
    })),
  ];
}

/**
 * D10.8(e), D10.13(f), ruling 10: the go-live decision page: the form and the past decisions;
 * D10.8(c), D10.15: the notices issued and the Panel's exception to the notice requirement, with
 * its form.
 */
async function renderGoLive(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> & { warnings?: GoLiveWarning[] } = {},
  status = 200,
) {
  const release = await findRelease(app.ctx.db, id);
  if (!release) throw new AppError('not_found', `There is no release ${id}`);
  const values = state.values ?? {};
  const decisions = await goLiveDecisionsOf(app.ctx.db, id);
  const rid = await approvedRidOf(app.ctx.db, id);
  const linkable = await linkableEvidenceOf(app.ctx.db, id);
  const hrefs = await linkHrefs(app, id);
  const hrefOf = (ref: string) => hrefs.get(ref) ?? `/releases/${id}/testing`;
  const today = todayOf(app.ctx.now());
  const open = isOpenForScope(release.status);
  const mayDecide = rid !== undefined && canRecordGoLive(request.principal) && open;
  const mayExcept = open && canRecordReleaseDecisions(request.principal);
  const exceptions = (await panelDecisionsOf(app.ctx.db, id)).filter(
    (d) => d.kind === 'notice_exception',
  );
  const form = state.form ?? '';
  const meetings = mayDecide || mayExcept ? await meetingItems(app, today) : [];
  const chosen = (name: string) =>
    meetings.map((item) => ({
      ...item,
      selected: form === name && item.value === (values.meetingId ?? ''),
    }));
  const rows = (rid?.sections.goLiveCriteria ?? []).map((criterion, index) => {
    const n = index + 1;
    const checked = state.values ? formList(request, `criterion${n}Links`) : [];
    return {
      n,
      id: criterion.id,
      text: criterion.text,
      linkItems: [...linkable].map(([ref, label]) => ({
        value: ref,
        text: label,
        checked: checked.includes(ref),
      })),
    };
  });
  return reply.page(
    'release-go-live.njk',
    {
      title: `Go-live decision: ${release.name}`,
      release,
      statusName: RELEASE_STATUS_NAMES[release.status],
      rid,
      decisions: decisions.map((d) => ({
        ...d,
        outcomeName: GO_LIVE_OUTCOME_NAMES[d.outcome],
        criteria: d.criteria.map((c) => ({
          ...c,
          links: (c.links ?? []).map((l) => ({ ...l, href: hrefOf(l.ref) })),
        })),
      })),
      mayDecide,
      mayExcept,
      form,
      goLiveMeetingItems: chosen('golive'),
      exceptionMeetingItems: chosen('exception'),
      notices: await noticesOf(app.ctx.db, id),
      noticeStart: (await milestonesOf(app.ctx, release, today)).find(
        (m) => m.id === 'notice_start',
      )?.date,
      exceptions,
      rows,
      outcomeItems: GO_LIVE_OUTCOMES.map((o) => ({
        value: o,
        text: GO_LIVE_OUTCOME_NAMES[o],
        checked: values.outcome === o,
      })),
      today,
      cutOver: await cutOverOf(app.ctx.db),
      warnings: state.warnings ?? [],
      maxText: MAX_TEXT_LENGTH,
      maxReasons: MAX_REASONS_LENGTH,
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      values,
    },
    status,
  );
}

/** The go-live decision pages (D10.8(e)). */
export function registerGoLivePages(app: FastifyInstance): void {
  app.get('/releases/:id/go-live', { schema: { hide: true } }, (request: IdRequest, reply) =>
    renderGoLive(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post(
    '/releases/:id/go-live',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRecordGoLive);
      const id = parseId(request.params.id, 'release');
      // Issue 13: a deferral's new go-live date worth a second look is committed only once confirmed.
      if (formText(request, 'outcome') === 'defer' && formText(request, 'confirmDate') !== 'yes') {
        const deferredTo = formText(request, 'deferredTo');
        const today = todayOf(app.ctx.now());
        const warnings = await deferralWarningsToConfirm(app.ctx, id, deferredTo, today);
        if (warnings.length > 0)
          return renderGoLive(app, request, reply, id, {
            form: 'golive',
            values: formValues(request),
            warnings,
          });
      }
      return submitForm(request, reply, {
        form: 'golive',
        run: async () => {
          const decision = await recordGoLiveDecision(app.ctx, principal, id, {
            decidedOn: formText(request, 'decidedOn'),
            meetingId: formNumber(request, 'meetingId') || undefined,
            outcome: formText(request, 'outcome'),
            criteria: criteriaFromForm(request),
            conditions: formText(request, 'conditions'),
            deferredTo: formText(request, 'deferredTo'),
            reasons: formText(request, 'reasons'),
            version: formNumber(request, 'version') || 0,
            sourceUrl: formText(request, 'sourceUrl'),
            sourceSummary: formText(request, 'sourceSummary'),
          });
          return {
            notice:
              decision.outcome === 'defer'
                ? `The Panel deferred the release to ${longDate(decision.deferredTo ?? '')}.`
                : `The Panel’s decision (${GO_LIVE_OUTCOME_NAMES[decision.outcome].toLowerCase()}) has been recorded: the release is live.`,
            to: `/releases/${id}/go-live`,
          };
        },
        again: (state, status) => renderGoLive(app, request, reply, id, state, status),
      });
    },
  );

  app.post(
    '/releases/:id/go-live/notice-exception',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRecordReleaseDecisions);
      const id = parseId(request.params.id, 'release');
      return submitForm(request, reply, {
        form: 'exception',
        run: async () => {
          await recordNoticeException(app.ctx, principal, id, {
            meetingId: formNumber(request, 'meetingId') || undefined,
            reasons: formText(request, 'reasons'),
            version: formNumber(request, 'version') || undefined,
          });
          return {
            notice:
              'The Panel’s exception has been recorded: the release may go live without the notice the Policy requires.',
            to: `/releases/${id}/go-live#notice`,
          };
        },
        again: (state, status) => renderGoLive(app, request, reply, id, state, status),
      });
    },
  );
}

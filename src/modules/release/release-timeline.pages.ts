import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setNotice } from '../../http/notice.ts';
import {
  formNumber,
  formState,
  formText,
  formValues,
  statusOf,
  type FormState,
} from '../../web/forms.ts';
import { policyInForce } from '../policy/policy.ts';
import { listPolicyVersions } from '../policy/policy.queries.ts';
import { createRelease, createStandardReleases } from './release.actions.ts';
import {
  RELEASE_STATUS_NAMES,
  checkNewRelease,
  goLiveWarnings,
  type GoLiveWarning,
} from './release.ts';
import { releaseTypeOf } from '../policy/policy-dates.ts';
import { canManageReleases } from './release.access.ts';
import { milestonesOfReleases } from './release.present.ts';
import { listReleases } from './release.store.ts';
import { buildTimeline, timelineWindow } from './release-timeline.ts';
import { releaseHealth } from './release-health.ts';
import { healthView, MILESTONE_TAGS } from './release-health.present.ts';
import { timelineChart } from './release-timeline-chart.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { monthAndYear } from '../../calendar/date-words.ts';
import { historySourcesOf } from '../history/history.queries.ts';
import { heldOutsideView } from '../history/history.present.ts';

/** The public list of releases and the timeline of the next two years (D10.8(b)). */
export function registerReleaseTimelinePages(app: FastifyInstance): void {
  app.get('/releases', { schema: { hide: true } }, async (request, reply) => {
    const today = todayOf(app.ctx.now());
    const releases = await listReleases(app.ctx.db);
    const window = timelineWindow(today);
    const milestones = await milestonesOfReleases(app.ctx, releases, today);
    const upcoming = releases
      .filter((r) => r.go_live >= window.from && r.go_live < window.to)
      .map((release) => ({ ...release, milestones: milestones.get(release.id) ?? [] }));
    const timeline = buildTimeline(upcoming, window).map((month) => ({
      ...month,
      name: monthAndYear(month.month),
    }));
    const sources = await historySourcesOf(
      app.ctx.db,
      'release',
      releases.map((r) => r.id),
    );
    return reply.page('releases.njk', {
      title: 'SEC Releases',
      releases: releases.map((r) => ({
        ...r,
        statusName: RELEASE_STATUS_NAMES[r.status],
        held: heldOutsideView(sources.get(r.id)),
        health: healthView(r.id, releaseHealth(r.status, milestones.get(r.id) ?? [], today)),
      })),
      timeline,
      chart: timelineChart(upcoming, window, today),
      stateTags: MILESTONE_TAGS,
      today,
      window,
      mayManage: canManageReleases(request.principal),
    });
  });

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    state: Partial<FormState> & { warnings?: GoLiveWarning[] } = {},
    status = 200,
  ) {
    requireActor(request.principal, canManageReleases);
    const today = todayOf(app.ctx.now());
    const policy = policyInForce(await listPolicyVersions(app.ctx.db), today);
    const values = state.values ?? {};
    const types = policy?.mechanisms.allocation?.releaseTypes ?? [];
    return reply.page(
      'release-new.njk',
      {
        title: 'Plan SEC Releases',
        policy,
        nextYear: String(Number(today.slice(0, 4)) + 1),
        typeItems: types.map((type) => ({
          value: type.id,
          text: type.name,
          selected: (values.releaseType ?? 'ad_hoc') === type.id,
        })),
        errors: state.errors ?? [],
        fieldErrors: state.fieldErrors ?? {},
        warnings: state.warnings ?? [],
        form: state.form ?? '',
        values,
      },
      status,
    );
  }

  app.get('/releases/new', { schema: { hide: true } }, (request, reply) =>
    renderNew(request, reply),
  );

  app.post('/releases/standard', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageReleases);
    try {
      const year = formNumber(request, 'year');
      const result = await createStandardReleases(app.ctx, principal, year);
      const created = result.created.map((r) => r.name).join(', ') || 'none';
      const skipped = result.skipped.map((r) => r.name).join(', ');
      setNotice(
        reply,
        `Created: ${created}.${skipped ? ` Already existed, so skipped: ${skipped}.` : ''}`,
      );
    } catch (error) {
      return renderNew(request, reply, formState(error, request, 'standard'), statusOf(error));
    }
    return reply.redirect('/releases', 303);
  });

  app.post('/releases', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageReleases);
    let id: number;
    try {
      const input = {
        name: formText(request, 'name'),
        releaseType: formText(request, 'releaseType'),
        goLive: formText(request, 'goLive'),
        notes: formText(request, 'notes'),
      };
      // Issue 13: a go-live date worth a second look is shown with a warning and committed only
      // once the person confirms it (GOV.UK warning text; a refusal is shown first).
      if (formText(request, 'confirmDate') !== 'yes') {
        const today = todayOf(app.ctx.now());
        const policy = policyInForce(await listPolicyVersions(app.ctx.db), today);
        const type = policy ? releaseTypeOf(policy, input.releaseType) : undefined;
        const warnings = goLiveWarnings(type, input.goLive, today);
        if (!checkNewRelease(policy, input, today) && warnings.length > 0)
          return await renderNew(request, reply, {
            form: 'release',
            values: formValues(request),
            warnings,
          });
      }
      const release = await createRelease(app.ctx, principal, input);
      setNotice(reply, `${release.name} has been created.`);
      id = release.id;
    } catch (error) {
      return renderNew(request, reply, formState(error, request, 'release'), statusOf(error));
    }
    return reply.redirect(`/releases/${id}`, 303);
  });
}

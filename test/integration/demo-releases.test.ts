import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { HISTORIC_RELEASES } from '../../src/demo/demo-modification-history.ts';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { buildApp } from '../../src/http/app.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';
import { todayOf } from '../../src/calendar/deadline.ts';

describe.each(ENGINES)('the demo SEC Releases on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    demo = await givenDemo(engine);
    ctx = demo.ctx;
  });
  afterAll(() => demo.close());

  const release = (name: string) =>
    ctx.db.selectFrom('release').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  const partsOf = (releaseId: number) =>
    ctx.db
      .selectFrom('allocation')
      .innerJoin('modification', 'modification.id', 'allocation.modification_id')
      .select(['modification.reference', 'allocation.part', 'allocation.implemented_at'])
      .select(['allocation.exception_decision_id', 'modification.status'])
      .where('allocation.release_id', '=', releaseId)
      .where('allocation.descoped_at', 'is', null)
      .orderBy('modification.reference')
      .execute();

  it('A-REL, D10.7, ruling 13: the releases of 2019–2022 are history held outside secrel, each holding what it implemented', async () => {
    for (const historic of HISTORIC_RELEASES) {
      const row = await release(historic.name);
      expect(row.go_live).toBe(historic.goLive);
      expect(row.status).toBe('live');
      const parts = await partsOf(row.id);
      expect(parts.length).toBeGreaterThan(0);
      expect(parts.every((p) => p.implemented_at !== null && p.status === 'implemented')).toBe(
        true,
      );
    }
    const events = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'history.recorded')
      .where('subject_type', '=', 'release')
      .execute();
    expect(events).toHaveLength(HISTORIC_RELEASES.length);
    const held = await ctx.db
      .selectFrom('history_source')
      .select(['subject_type', 'source_url'])
      .where('subject_type', 'in', ['release', 'rid_version'])
      .execute();
    expect(held.filter((h) => h.subject_type === 'release')).toHaveLength(HISTORIC_RELEASES.length);
    // The three RID approvals of the history, and the February release's two approvals at
    // Panel meetings held before the demo's cut-over, each with the Panel's minutes (ruling 13).
    const heldRids = await ctx.db
      .selectFrom('history_source as h')
      .innerJoin('rid_version as v', 'v.id', 'h.subject_id')
      .innerJoin('release as r', 'r.id', 'v.release_id')
      .select(['r.name', 'v.number', 'h.summary'])
      .where('h.subject_type', '=', 'rid_version')
      .orderBy('r.go_live')
      .orderBy('v.number')
      .execute();
    expect(heldRids).toHaveLength(5);
    expect(heldRids.slice(3).map((h) => [h.name, h.number])).toEqual([
      ['February 2027 SEC Release', 1],
      ['February 2027 SEC Release', 2],
    ]);
    for (const h of heldRids.slice(3)) expect(h.summary).toMatch(/^Panel minutes of /);
  });

  it('D10.8(a): SECMP0015 is split: documents in June 2022, functionality in November 2022', async () => {
    const june = await partsOf((await release('June 2022 SEC Release')).id);
    const november = await partsOf((await release('November 2022 SEC Release')).id);
    expect(june.filter((p) => p.reference === 'SECMP0015').map((p) => p.part)).toEqual([
      'documents',
    ]);
    expect(november.filter((p) => p.reference === 'SECMP0015').map((p) => p.part)).toEqual([
      'functionality',
    ]);
  });

  it('ruling 6, D10.8(a): the 2027 standard releases hold MP143’s documents, MP252 and MP261 (June) and MP129 by Panel exception', async () => {
    const names = await ctx.db
      .selectFrom('release')
      .select(['name', 'go_live', 'status'])
      .where('go_live', '>=', '2027-01-01')
      .orderBy('go_live')
      .execute();
    expect(names).toEqual([
      // The RID demo has the Panel approve the February release's RID (D10.15); its DCC testing has started (D10.16).
      { name: 'February 2027 SEC Release', go_live: '2027-02-25', status: 'in_test' },
      { name: 'June 2027 SEC Release', go_live: '2027-06-24', status: 'planned' },
      { name: 'November 2027 SEC Release', go_live: '2027-11-04', status: 'planned' },
    ]);
    const june = await partsOf((await release('June 2027 SEC Release')).id);
    // The Code demo (demo-code.ts) gives June MP252 and MP261, whose legal text conflicts on D10.15.
    expect(june.map((p) => [p.reference, p.part, p.exception_decision_id])).toEqual([
      ['MP143', 'documents', null],
      ['MP252', 'whole', null],
      ['MP261', 'whole', null],
    ]);
    const november = await partsOf((await release('November 2027 SEC Release')).id);
    expect(november.map((p) => [p.reference, p.status])).toEqual([['MP129', 'allocated']]);
    expect(november[0]?.exception_decision_id).not.toBeNull();
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it('D10.8(a), ruling 13: each late addition in the demo names the Panel meeting that took it, held by today, and is dated its day', async () => {
    const decisions = await ctx.db
      .selectFrom('release_decision')
      .leftJoin('panel_meeting', 'panel_meeting.id', 'release_decision.meeting_id')
      .select(['release_decision.kind', 'release_decision.decided_on', 'panel_meeting.held_on'])
      .execute();
    expect(decisions.length).toBeGreaterThan(0);
    const today = todayOf(ctx.now());
    for (const d of decisions) {
      expect(d.held_on).not.toBeNull();
      expect(d.decided_on).toBe(d.held_on);
      expect(d.decided_on <= today).toBe(true);
    }
  });

  it('D10.8(c), ruling 9: the February 2027 release has its notice, e-mailed to every Party user', async () => {
    const february = await release('February 2027 SEC Release');
    const notices = await ctx.db
      .selectFrom('release_notice')
      .select(['subject', 'recipients', 'mandatory_recipients'])
      .where('release_id', '=', february.id)
      .execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.subject).toBe('Notice of the February 2027 SEC Release');
    expect(notices[0]?.mandatory_recipients).toBeGreaterThan(0);
    expect(notices[0]?.recipients).toBeGreaterThanOrEqual(notices[0]?.mandatory_recipients ?? 0);
    const mails = await ctx.db
      .selectFrom('outbox_message')
      .select('dedupe_key')
      .where('subject', 'like', '%February 2027 SEC Release%')
      // Only the notice's e-mails: later demo steps (appeals, the auditor) write about it too.
      .where('dedupe_key', 'like', 'notice:%')
      .execute();
    expect(mails).toHaveLength(notices[0]?.recipients ?? -1);
  });

  it('Ruling 13: the demo’s releases list and RID overview flag the past releases held outside secrel, not the 2027 ones', async () => {
    const app = await buildApp(ctx);
    try {
      const list = await app.inject({ url: '/api/v1/releases' });
      const flags = new Map(
        list
          .json<{ name: string; heldOutsideSecrel: boolean }[]>()
          .map((r) => [r.name, r.heldOutsideSecrel]),
      );
      for (const historic of HISTORIC_RELEASES) expect(flags.get(historic.name)).toBe(true);
      expect(flags.get('February 2027 SEC Release')).toBe(false);
      const page = await app.inject({ url: '/releases' });
      const rowOf = (name: string) =>
        page.body.slice(page.body.lastIndexOf(`>${name}</a>`)).split('</tr>')[0] ?? '';
      expect(rowOf('November 2021 SEC Release')).toContain('Held outside secrel');
      expect(rowOf('February 2027 SEC Release')).not.toContain('Held outside secrel');
      const november2021 = await release('November 2021 SEC Release');
      const rid = await app.inject({ url: `/releases/${november2021.id}/rid` });
      expect(rid.body).toContain('Held outside secrel');
    } finally {
      await app.close();
    }
  });
});

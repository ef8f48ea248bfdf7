import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import {
  HISTORIC_RELEASES,
  OTHER_HISTORIC_MODIFICATIONS,
} from '../../src/demo/demo-modification-history.ts';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { demoStepsUpTo, givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

describe.each(ENGINES)('the demo catalogue and register on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    demo = await givenDemo(engine, demoStepsUpTo('modifications'));
    ctx = demo.ctx;
  });
  afterAll(() => demo.close());

  const byReference = (reference: string) =>
    ctx.db
      .selectFrom('modification')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
  const documentsOf = async (id: number) =>
    (
      await ctx.db
        .selectFrom('modification_document')
        .select('document_id')
        .where('modification_id', '=', id)
        .orderBy('document_id')
        .execute()
    ).map((row) => row.document_id);

  it('A-TCS, D6.8(f)–(i): the catalogue carries the classes that drive refinement, each entry audited', async () => {
    const documents = await ctx.db.selectFrom('sec_document').selectAll().execute();
    const find = (id: string) => documents.find((d) => d.id === id);
    expect(find('sec-release-management-policy')).toMatchObject({
      is_technical_code_specification: true,
    });
    expect(find('appendix-ad')).toMatchObject({
      code: 'Appendix AD',
      is_technical_code_specification: true,
    });
    expect(find('section-g')).toMatchObject({ is_security_obligation: true });
    expect(find('appendix-d')).toMatchObject({ is_smki_document: true });
    expect(find('section-z')).toMatchObject({ relates_to_section_z: true });
    expect(find('section-k-alt-han-charges')).toMatchObject({
      code: 'Section K',
      affects_alt_han_charges: true,
    });
    expect(find('section-k')).toMatchObject({ affects_alt_han_charges: false });
    expect(
      documents.filter((d) => d.is_technical_code_specification).length,
    ).toBeGreaterThanOrEqual(17);
    const created = await ctx.db
      .selectFrom('audit_event')
      .select('subject_id')
      .where('action', '=', 'catalogue.document_created')
      .execute();
    expect(created).toHaveLength(documents.length);
  });

  it('Demo: SECMP0061 is in refinement on Path 2, depends on SECMP0008 and changes a TCS', async () => {
    const secmp0061 = await byReference('SECMP0061');
    expect(secmp0061).toMatchObject({
      status: 'refinement',
      path: 'path2',
      title: 'Enduring SEC Release Provisions',
    });
    expect(await documentsOf(secmp0061.id)).toEqual([
      'sec-release-management-policy',
      'section-a',
      'section-d',
    ]);
    const dependency = await ctx.db
      .selectFrom('modification_dependency')
      .selectAll()
      .where('modification_id', '=', secmp0061.id)
      .executeTakeFirstOrThrow();
    expect(dependency.depends_on_id).toBe((await byReference('SECMP0008')).id);
  });

  it('Demo, ruling 13: the history is recorded held outside secrel, one audit event and one source each, precedents as recorded', async () => {
    const historic =
      HISTORIC_RELEASES.flatMap((r) => r.modifications).length +
      OTHER_HISTORIC_MODIFICATIONS.length;
    const imported = await ctx.db
      .selectFrom('audit_event')
      .select('subject_id')
      .where('action', '=', 'history.recorded')
      .where('subject_type', '=', 'modification')
      .execute();
    expect(imported).toHaveLength(historic);
    const sources = await ctx.db
      .selectFrom('history_source')
      .select('subject_id')
      .where('subject_type', '=', 'modification')
      .execute();
    expect(sources).toHaveLength(historic);
    expect(new Set(imported.map((e) => e.subject_id)).size).toBe(historic);
    const mp117 = await byReference('MP117');
    expect(mp117).toMatchObject({ status: 'withdrawn', status_before_withdrawal: 'refinement' });
    expect(mp117.adoption_deadline?.toISOString()).toBe('2021-06-23T22:59:59.000Z');
    expect(await byReference('SECMP0030')).toMatchObject({
      status: 'withdrawn',
      path: 'path2',
      raised_on: '2017-01-04',
    });
    expect(await byReference('MP109')).toMatchObject({
      status: 'implemented',
      path: 'path3',
      approved_on: '2022-06-22',
      approved_by: 'change_board',
    });
    const mp200 = await byReference('MP200');
    expect(mp200).toMatchObject({ status: 'implemented', path: 'alv' });
    const timetable = await ctx.db
      .selectFrom('implementation_timetable')
      .selectAll()
      .where('modification_id', '=', mp200.id)
      .executeTakeFirstOrThrow();
    expect(timetable).toMatchObject({ implementation_date: '2022-07-18', source: 'decision' });
    expect(await documentsOf((await byReference('MP133')).id)).toEqual(['section-g']);
    expect((await byReference('MP102A')).status).toBe('implemented');
  });

  it('Demo: live items show the lifecycle, raised and moved on through the real actions', async () => {
    expect(await byReference('DP250')).toMatchObject({ status: 'draft_proposal', path: null });
    expect(await byReference('MP251')).toMatchObject({ status: 'report_phase', path: 'path3' });
    expect(await byReference('MP252')).toMatchObject({
      status: 'change_board',
      path: 'fast_track',
      proposer_org_id: null,
    });
    const mp253 = await byReference('MP253');
    expect(mp253).toMatchObject({
      status: 'withdrawn',
      status_before_withdrawal: 'modification_proposal',
    });
    expect(mp253.adoption_deadline?.getTime()).toBeGreaterThan(ctx.now().getTime());
    const steps = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_type', '=', 'modification')
      .where('subject_id', '=', String(mp253.id))
      .orderBy('seq')
      .execute();
    expect(steps.map((s) => s.action)).toEqual([
      'modification.raised',
      'modification.status_changed',
    ]);
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
  });
});

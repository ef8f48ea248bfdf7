import type { AppContext } from '../../src/app-context.ts';
import type { ModificationTable } from '../../src/db/schema.ts';
import type { Path, Status } from '../../src/modules/modification/modification.ts';

let counter = 0;

export interface ModificationFixture {
  reference?: string;
  title?: string;
  path: Path;
  status: Status;
  raisedOn?: string;
  approvedOn?: string;
  approvedBy?: ModificationTable['approved_by'];
  /** Inserts a current implementation timetable (source 'proposal') with this date. */
  implementationDate?: string;
}

/** Inserts a modification row directly (the register's own actions are tested elsewhere). */
export async function givenModification(
  ctx: AppContext,
  fixture: ModificationFixture,
): Promise<{ id: number; reference: string; version: number }> {
  counter += 1;
  const reference = fixture.reference ?? `MP${String(700 + counter).padStart(3, '0')}`;
  const now = ctx.now();
  const row = await ctx.db
    .insertInto('modification')
    .values({
      reference,
      title: fixture.title ?? `Test modification ${reference}`,
      path: fixture.path,
      status: fixture.status,
      raised_on: fixture.raisedOn ?? '2026-01-09',
      approved_on: fixture.approvedOn ?? null,
      approved_by: fixture.approvedBy ?? null,
      dcc_testing_required: null,
      testing_solution: null,
      proposer_org_id: null,
      status_before_withdrawal: null,
      withdrawn_at: null,
      adoption_deadline: null,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'reference', 'version'])
    .executeTakeFirstOrThrow();
  if (fixture.implementationDate) {
    await ctx.db
      .insertInto('implementation_timetable')
      .values({
        modification_id: row.id,
        implementation_date: fixture.implementationDate,
        source: 'proposal',
        recorded_by: null,
        created_at: now,
        superseded_at: null,
      })
      .execute();
  }
  return row;
}

/** Inserts a Panel meeting row directly, with its papers date given. */
export async function givenMeeting(
  ctx: AppContext,
  heldOn: string,
  papersDue: string,
  kind: 'ordinary' | 'extraordinary' = 'ordinary',
): Promise<number> {
  const row = await ctx.db
    .insertInto('panel_meeting')
    .values({
      held_on: heldOn,
      papers_due: papersDue,
      kind,
      closed_at: null,
      created_at: ctx.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The audit events with `action`, oldest first. */
export async function auditEvents(ctx: AppContext, action: string) {
  return ctx.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('seq')
    .execute();
}

import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import type { Principal } from '../../src/modules/identity/identity.ts';
import { givenOrganisation, givenUser, type TestApp, type TestUser } from '../support/test-app.ts';

export type TadVersionJson = {
  id: number;
  number: number;
  status: string;
  basedOnId: number | null;
  objectives: string;
  strategy: string;
  consequences: string;
  missing: string[];
  consultations: { id: number; status: string; audiences: string[] }[];
  ridVersion: { id: number; number: number; approvedOn: string | null } | null;
  reviewedOn: string | null;
  reviewNotes: string | null;
  version: number;
};

export const TEXT = {
  objectives:
    'Give the Panel and Users assurance that the June release works end to end, with no regression in the live service.',
  strategy:
    'DCC System Integration Testing of each change; a full regression pack; the DCC supports User Integration Testing.',
  consequences:
    'Testing costs about £1.1m. The main business risk is a late defect delaying go-live for every User.',
};

/** The DCC organisation with two people, one of them disabled (never e-mailed). */
export async function givenDcc(t: TestApp): Promise<{ org: number; fiona: TestUser }> {
  const org = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc');
  const fiona = await givenUser(t.ctx, 'dcc', { organisationId: org });
  const leaver = await givenUser(t.ctx, 'dcc', { organisationId: org });
  await t.ctx.db
    .updateTable('app_user')
    .set({ disabled_at: t.clock.now() })
    .where('id', '=', leaver.id)
    .execute();
  return { org, fiona };
}

export async function principalOf(t: TestApp, user: TestUser): Promise<Principal> {
  const principal = await loadPrincipal(t.ctx.db, user.id, 'token', null);
  if (!principal) throw new Error(`no principal for ${user.email}`);
  return principal;
}

/** The audit actions on a TAD version, oldest first. */
export async function tadActions(t: TestApp, versionId: number): Promise<string[]> {
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('subject_type', '=', 'tad_version')
    .where('subject_id', '=', String(versionId))
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.action);
}

export async function countRows(
  t: TestApp,
  table: 'audit_event' | 'outbox_message' | 'tad_version' | 'consultation',
): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

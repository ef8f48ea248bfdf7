import type { Db, UnitOfWork } from '../../app-context.ts';
import { isSubCommittee, type SubCommittee } from '../identity/identity.ts';

/** D6.8(f)–(i): a return to refinement after a change of documents, as the pages show it. */
export interface RefinementReturn {
  id: number;
  fromStatus: string;
  bodies: SubCommittee[];
  reason: string;
  returnedBy: string | null;
  returnedAt: Date;
}

/** The bodies column is jsonb: drivers hand it back parsed, but be sure of sub-committees. */
function bodiesOf(value: unknown): SubCommittee[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed)
    ? parsed.filter(
        (item): item is SubCommittee => typeof item === 'string' && isSubCommittee(item),
      )
    : [];
}

/** Records that the modification went back to refinement; returns the row's id. */
export async function insertRefinementReturn(
  unit: UnitOfWork,
  entry: {
    modificationId: number;
    fromStatus: string;
    bodies: readonly SubCommittee[];
    reason: string;
  },
): Promise<number> {
  const row = await unit.trx
    .insertInto('refinement_return')
    .values({
      modification_id: entry.modificationId,
      from_status: entry.fromStatus,
      bodies: JSON.stringify(entry.bodies),
      reason: entry.reason,
      returned_by: unit.actor.id,
      returned_at: unit.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The returns to refinement of a modification, latest first. */
export async function refinementReturnsOf(
  db: Db,
  modificationId: number,
): Promise<RefinementReturn[]> {
  const rows = await db
    .selectFrom('refinement_return as r')
    .leftJoin('app_user as u', 'u.id', 'r.returned_by')
    .select(['r.id', 'r.from_status', 'r.bodies', 'r.reason', 'r.returned_at', 'u.name'])
    .where('r.modification_id', '=', modificationId)
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fromStatus: row.from_status,
    bodies: bodiesOf(row.bodies),
    reason: row.reason,
    returnedBy: row.name,
    returnedAt: row.returned_at,
  }));
}

/** D6.8(f)–(i): the modifications in open refinement (proposal or refinement) that change a document. */
export async function openRefinementsChanging(db: Db, documentId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('modification_document as link')
    .innerJoin('modification as m', 'm.id', 'link.modification_id')
    .select('m.id')
    .where('link.document_id', '=', documentId)
    .where('m.status', 'in', ['modification_proposal', 'refinement'])
    .orderBy('m.id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Who is told a modification went back to refinement: SECAS's people and the proposer's
 * (enabled accounts with an address), each once.
 */
export async function returnRecipients(
  db: Db,
  proposerOrgId: number | null,
): Promise<{ id: number; email: string; name: string }[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name'])
    .distinct()
    .where('u.disabled_at', 'is', null)
    .where('u.email', '<>', '')
    .where((eb) =>
      proposerOrgId === null
        ? eb('r.role', '=', 'code_administrator')
        : eb.or([
            eb('r.role', '=', 'code_administrator'),
            eb.and([eb('u.organisation_id', '=', proposerOrgId), eb('r.role', '=', 'party')]),
          ]),
    )
    .orderBy('u.id')
    .execute();
  return rows;
}

import type { Db, Tx } from '../../app-context.ts';
import type { Role } from '../identity/identity.ts';
import type { AudienceCandidate } from './consultation-audience.ts';

/** Every active person with their roles and organisation: whom an audience may name. */
export async function audienceCandidates(db: Db | Tx): Promise<AudienceCandidate[]> {
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.email', 'u.name', 'r.role', 'r.scope', 'o.kind', 'o.is_user'])
    .where('u.disabled_at', 'is', null)
    .orderBy('u.id')
    .execute();
  const people = new Map<number, AudienceCandidate & { roles: { role: Role; scope: string }[] }>();
  for (const row of rows) {
    const person = people.get(row.id) ?? {
      id: row.id,
      email: row.email,
      name: row.name,
      roles: [],
      organisation: row.kind === null ? null : { kind: row.kind, isUser: row.is_user === true },
    };
    person.roles.push({ role: row.role as Role, scope: row.scope });
    people.set(row.id, person);
  }
  return [...people.values()];
}

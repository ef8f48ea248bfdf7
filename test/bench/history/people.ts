import type { AppContext } from '../../../src/app-context.ts';
import { SYSTEM_ACTOR } from '../../../src/audit/audit.ts';
import { DEMO_PASSWORD } from '../../../src/demo/demo-data.ts';
import { DEMO_ORGANISATIONS } from '../../../src/demo/demo-organisations.ts';
import { DEMO_SEAT_HOLDERS, DEMO_SIGN_IN_PEOPLE } from '../../../src/demo/demo-people.ts';
import { createOrganisation, createUser } from '../../../src/modules/identity/identity.actions.ts';
import { loadPrincipal } from '../../../src/modules/identity/identity.store.ts';
import type { Principal } from '../../../src/modules/identity/identity.ts';
import type { Random } from './timeline.ts';

const FIRST = ['Alex', 'Sam', 'Jo', 'Chris', 'Morgan', 'Priya', 'Tom', 'Aisha', 'Owen', 'Ruth'];
const LAST = [
  'Evans',
  'Shah',
  'Murray',
  'Kelly',
  'Price',
  'Doyle',
  'Khan',
  'Walsh',
  'Reid',
  'Hale',
];

/** Who acts in the generated history. */
export interface Cast {
  secas: Principal;
  chair: Principal;
  authority: Principal;
  dcc: Principal;
  /** One user of each Party that proposes and responds, with the Party's organisation. */
  parties: { principal: Principal; orgId: number }[];
  users: number;
}

async function principal(ctx: AppContext, id: number): Promise<Principal> {
  const found = await loadPrincipal(ctx.db, id, 'token', null);
  if (!found) throw new Error(`user ${id} cannot act`);
  return found;
}

/**
 * The SEC's organisations (as the demo names them), the demo's people (its sign-ins with the demo
 * password, and the Panel's seat holders), and invented Party users up to `users` people in all,
 * through the identity use cases.
 */
export async function createCast(ctx: AppContext, random: Random, users: number): Promise<Cast> {
  const orgs = new Map<string, number>();
  for (const organisation of DEMO_ORGANISATIONS) {
    orgs.set(organisation.name, await createOrganisation(ctx, null, organisation, SYSTEM_ACTOR));
  }
  const orgId = (name: string | null): number | null =>
    name === null ? null : (orgs.get(name) ?? null);
  const byRole = new Map<string, number>();
  let count = 0;
  for (const person of [...DEMO_SIGN_IN_PEOPLE, ...DEMO_SEAT_HOLDERS]) {
    const id = await createUser(
      ctx,
      null,
      {
        email: person.email,
        name: person.name,
        password: person.signIn ? DEMO_PASSWORD : null,
        organisationId: orgId(person.organisation),
        roles: [{ role: person.role, scope: person.scope ?? '' }],
      },
      SYSTEM_ACTOR,
    );
    count += 1;
    if (person.signIn && !byRole.has(person.role)) byRole.set(person.role, id);
  }
  const partyOrgs = DEMO_ORGANISATIONS.filter((o) => o.kind === 'party').map((o) => o.name);
  const parties: Cast['parties'] = [];
  for (let n = 0; count < users; n += 1) {
    const organisation = partyOrgs[n % partyOrgs.length] ?? '';
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    const id = await createUser(
      ctx,
      null,
      {
        email: `${first}.${last}.${n}@party${n % partyOrgs.length}.example.org`.toLowerCase(),
        name: `${first} ${last}`,
        password: null,
        organisationId: orgId(organisation),
        roles: [{ role: 'party', scope: '' }],
      },
      SYSTEM_ACTOR,
    );
    count += 1;
    const id_ = orgId(organisation);
    if (n < partyOrgs.length && id_ !== null)
      parties.push({ principal: await principal(ctx, id), orgId: id_ });
  }
  const role = async (name: string): Promise<Principal> => {
    const id = byRole.get(name);
    if (id === undefined) throw new Error(`no ${name} among the demo's people`);
    return principal(ctx, id);
  };
  return {
    secas: await role('code_administrator'),
    chair: await role('panel_chair'),
    authority: await role('authority'),
    dcc: await role('dcc'),
    parties,
    users: count,
  };
}

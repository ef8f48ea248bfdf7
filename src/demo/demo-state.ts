import type { AppContext } from '../app-context.ts';
import type { Role } from '../modules/identity/identity.ts';

/** A demo account someone can sign in with. */
export interface DemoSignIn {
  role: Role;
  /** The body a sub-committee member belongs to; '' for other roles. */
  scope: string;
  email: string;
  password: string;
  name: string;
  organisation: string | null;
}

/** What the steps have created so far, for later steps to refer to. */
export interface DemoState {
  /** Organisation ids by name. */
  organisations: Map<string, number>;
  /** User ids by e-mail. */
  users: Map<string, number>;
  signIns: DemoSignIn[];
}

/** One stage of loading demo data; later features add theirs to the list in demo-data.ts. */
export interface DemoStep {
  name: string;
  run(ctx: AppContext, state: DemoState): Promise<void>;
}

/** Looks up an organisation a previous step created; a typo in the demo data fails loudly. */
export function demoOrganisationId(state: DemoState, name: string): number {
  const id = state.organisations.get(name);
  if (id === undefined) throw new Error(`demo data: no organisation named "${name}"`);
  return id;
}

/** Looks up a user a previous step created. */
export function demoUserId(state: DemoState, email: string): number {
  const id = state.users.get(email);
  if (id === undefined) throw new Error(`demo data: no user with e-mail ${email}`);
  return id;
}

/*
 * What other modules read of people (the store stays private): the users by name, for lists
 * such as the audit trail's filter of who acted.
 */
export { listUsers } from './identity.store.ts';
export { hashSecret, loadPrincipal, newSecret } from './identity.store.ts';

/*
 * What other modules read of the decisions (the store stays private): a modification's
 * decisions in the order they were taken.
 */
export { listDecisions, type DecisionEntry } from './decision.store.ts';

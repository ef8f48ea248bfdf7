import type { AppContext } from '../app-context.ts';
import { londonDateOf } from '../calendar/index.ts';
import { submitResponse } from '../modules/consultation/consultation-response.actions.ts';
import { openConsultation } from '../modules/consultation/consultation.actions.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { demoUserId, type DemoState } from './demo-state.ts';

const SECAS = 'tom.okafor@example.org';
const PARTY = 'james.whitfield@example.org';
const DCC = 'fiona.macleod@example.org';

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/**
 * An open consultation of all Parties on the 2028 release calendar (opened today, closing 20
 * Working Days later), with a published response from a Party and a confidential one from the
 * DCC, so the demo shows both kinds. The Policy's own DCC-and-Users consultation is created by
 * the Policy's demo step.
 */
export async function createDemoConsultations(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, SECAS);
  const party = await principalOf(ctx, state, PARTY);
  const dcc = await principalOf(ctx, state, DCC);
  const consultation = await openConsultation(ctx, secas, {
    subjectType: 'other',
    subjectId: 'release-calendar-2028',
    title: 'Proposed SEC Release calendar 2028',
    description:
      'SECAS proposes the 2028 SEC Release dates: a February, a June and a November release, each on the last Thursday of its month.\nThe Panel will set the calendar in the light of the responses.',
    audiences: ['all_parties'],
    questions: [
      'Do you agree with the three proposed release dates for 2028?',
      'Would any of the dates clash with your own change freezes or other industry changes?',
      'Any other comments?',
    ],
    opensAt: londonDateOf(ctx.now().toISOString()),
    closesAfterWorkingDays: 20,
  });
  await submitResponse(ctx, party, consultation.id, {
    answers: [
      { questionId: 'q1', text: 'Yes. The February and November dates suit our release plans.' },
      {
        questionId: 'q2',
        text: 'The June date is close to the end of the quarter; a week earlier would be easier.',
      },
    ],
    confidential: false,
  });
  await submitResponse(ctx, dcc, consultation.id, {
    answers: [
      {
        questionId: 'q1',
        text: 'The DCC can support the February and June dates. The November date overlaps a planned infrastructure migration, whose dates are commercially sensitive.',
      },
    ],
    confidential: true,
  });
}

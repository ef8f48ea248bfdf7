import type { AppContext } from '../app-context.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import { issueReleaseNotice } from '../modules/notice/notice.actions.ts';
import { demoUserId, type DemoState } from './demo-state.ts';

const SECAS = 'tom.okafor@example.org';

/** D10.8(c): SECAS gives notice of the February 2027 release to all Parties, Users flagged. */
export async function createDemoReleaseNotices(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await loadPrincipal(ctx.db, demoUserId(state, SECAS), 'token', null);
  if (!secas) throw new Error(`demo data: ${SECAS} cannot act`);
  const release = await ctx.db
    .selectFrom('release')
    .select('id')
    .where('name', '=', 'February 2027 SEC Release')
    .executeTakeFirst();
  if (!release) throw new Error('demo data: no February 2027 SEC Release to give notice of');
  await issueReleaseNotice(ctx, secas, release.id, {
    subject: 'Notice of the February 2027 SEC Release',
    body: 'The February 2027 SEC Release goes live on Thursday 25 February 2027. It changes SEC documents only; no DCC System changes are included. The release page lists its scope and milestones.',
  });
}

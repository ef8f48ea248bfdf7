import type { AppContext } from '../../src/app-context.ts';

/**
 * Ruling 13: the Panel meeting held on `heldOn` (one a day), inserted as a row when there is none
 * yet, so a test can record a Panel decision against the meeting that took it.
 */
export async function meetingHeldOn(ctx: AppContext, heldOn: string): Promise<number> {
  const existing = await ctx.db
    .selectFrom('panel_meeting')
    .select('id')
    .where('held_on', '=', heldOn)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await ctx.db
    .insertInto('panel_meeting')
    .values({ held_on: heldOn, kind: 'ordinary', papers_due: heldOn, created_at: ctx.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

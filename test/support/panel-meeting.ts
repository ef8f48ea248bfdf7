import type { AppContext } from '../../src/app-context.ts';

/**
 * Ruling 13: the Panel meeting held on `heldOn` that takes a Panel decision in a test: the one
 * already there that day, or one inserted directly (a fixture: no audit event). Its id.
 */
export async function meetingOn(ctx: AppContext, heldOn: string): Promise<number> {
  const held = await ctx.db
    .selectFrom('panel_meeting')
    .select('id')
    .where('held_on', '=', heldOn)
    .orderBy('id')
    .executeTakeFirst();
  if (held) return held.id;
  const row = await ctx.db
    .insertInto('panel_meeting')
    .values({
      held_on: heldOn,
      kind: 'ordinary',
      papers_due: heldOn,
      closed_at: null,
      created_at: ctx.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The reads of notifications, follows and preferences that pages and routes use. */
import type { AppContext } from '../../app-context.ts';
import type { Principal } from '../identity/identity.ts';
import type { FollowedType } from './notification.ts';
import { isFollowing } from './notification.store.ts';

export {
  listNotifications,
  subscriptionsOf,
  type NotificationEntry,
} from './notification.store.ts';

/** What a page's follow button shows: nothing for the public, else whether one follows it. */
export async function followView(
  ctx: AppContext,
  principal: Principal | null,
  type: FollowedType,
  id: number,
): Promise<{ type: FollowedType; id: number; following: boolean } | null> {
  if (!principal) return null;
  return { type, id, following: await isFollowing(ctx.db, principal.userId, type, id) };
}

import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { approvedRidOf, type ApprovedRid } from '../rid/rid-approved.store.ts';
import type { Release } from '../release/release.store.ts';
import { lockRelease } from '../release/release.store.ts';

/**
 * D10.16: testing is tracked against the approved RID; a release still going ahead (not closed
 * or cancelled) and its approved RID, or rid_not_approved. Locks the release so two writers of
 * the same release's testing records queue.
 */
export async function releaseUnderTest(
  trx: Transaction<DB>,
  releaseId: number,
): Promise<{ release: Release; rid: ApprovedRid }> {
  const release = await lockRelease(trx, releaseId);
  if (release.status === 'closed' || release.status === 'cancelled')
    throw new AppError(
      'invalid_transition',
      `${release.name} is ${release.status}: its testing records can no longer change`,
    );
  const rid = await approvedRidOf(trx, releaseId);
  if (!rid)
    throw new AppError(
      'rid_not_approved',
      `${release.name} has no approved RID: testing is tracked against the approved RID (D10.16), so the Panel must approve it first`,
    );
  return { release, rid };
}

import type { Db, Tx } from '../../app-context.ts';

/** Panel meetings from `from` on (public: their dates and papers dates). */
export async function meetingsFrom(db: Db, from: string) {
  return db
    .selectFrom('panel_meeting')
    .select(['id', 'held_on', 'papers_due', 'kind'])
    .where('held_on', '>=', from)
    .orderBy('held_on')
    .execute();
}

/** Releases not cancelled, going live from `from` on. */
export async function releasesFrom(db: Db, from: string) {
  return db
    .selectFrom('release')
    .select(['id', 'name', 'go_live', 'release_type', 'policy_version_id'])
    .where('go_live', '>=', from)
    .where('status', '!=', 'cancelled')
    .orderBy('go_live')
    .execute();
}

/** Published RID approvals whose appeal window closes after `after` (D10.17, public). */
export async function appealDeadlinesAfter(db: Db, after: Date) {
  return db
    .selectFrom('rid_version as v')
    .innerJoin('release as r', 'r.id', 'v.release_id')
    .select(['v.id', 'v.number', 'v.release_id', 'v.appeal_deadline', 'r.name'])
    .where('v.published_at', 'is not', null)
    .where('v.appeal_deadline', '>', after)
    .orderBy('v.appeal_deadline')
    .execute();
}

/** Consultations closing after `after`, with their audiences. */
export async function consultationsClosingAfter(db: Db, after: Date) {
  return db
    .selectFrom('consultation')
    .select(['id', 'title', 'closes_at', 'audiences'])
    .where('closes_at', '>', after)
    .orderBy('closes_at')
    .execute();
}

/** Open D10.2 actions, optionally only one organisation's. */
export async function openActions(db: Db, ownerOrganisationId?: number) {
  let query = db
    .selectFrom('implementation_action as x')
    .innerJoin('modification as m', 'm.id', 'x.modification_id')
    .innerJoin('organisation as o', 'o.id', 'x.owner_org_id')
    .select(['x.id', 'x.due_date', 'x.description', 'x.modification_id', 'm.reference', 'o.name'])
    .where('x.status', '=', 'open');
  if (ownerOrganisationId !== undefined)
    query = query.where('x.owner_org_id', '=', ownerOrganisationId);
  return query.orderBy('x.due_date').execute();
}

/** The latest decisions on modifications (public). */
export async function latestDecisions(db: Db, limit: number) {
  return db
    .selectFrom('decision as d')
    .innerJoin('modification as m', 'm.id', 'd.modification_id')
    .select(['d.id', 'd.kind', 'd.outcome', 'd.decided_on', 'd.recorded_at', 'd.notes'])
    .select(['m.id as modification_id', 'm.reference', 'm.title'])
    .orderBy('d.recorded_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}

/** The latest publications: release notices and published RID approvals (public). */
export async function latestPublications(db: Db, limit: number) {
  const [notices, approvals] = await Promise.all([
    db
      .selectFrom('release_notice as n')
      .innerJoin('release as r', 'r.id', 'n.release_id')
      .select(['n.id', 'n.subject', 'n.body', 'n.issued_at', 'n.release_id', 'r.name'])
      .orderBy('n.issued_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('rid_version as v')
      .innerJoin('release as r', 'r.id', 'v.release_id')
      .select(['v.id', 'v.number', 'v.published_at', 'v.release_id', 'r.name'])
      .where('v.published_at', 'is not', null)
      .orderBy('v.published_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return { notices, approvals };
}

/** Stores a private feed token by its hash. */
export async function insertFeedToken(trx: Tx, userId: number, hash: string, now: Date) {
  return trx
    .insertInto('calendar_feed_token')
    .values({ user_id: userId, token_hash: hash, created_at: now })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** Revokes every live token of a person; returns how many. */
export async function revokeFeedTokens(trx: Tx, userId: number, now: Date): Promise<number> {
  const result = await trx
    .updateTable('calendar_feed_token')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A person's live token, if any (its creation and last use; never the token). */
export async function liveFeedTokenOf(db: Db, userId: number) {
  return db
    .selectFrom('calendar_feed_token')
    .select(['id', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** The live token with this hash and its (active) owner; marks it used. */
export async function useFeedToken(db: Db, hash: string, now: Date) {
  const row = await db
    .updateTable('calendar_feed_token')
    .set({ last_used_at: now })
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .returning(['user_id'])
    .executeTakeFirst();
  return row?.user_id;
}

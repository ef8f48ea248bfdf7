import { sql, type Kysely } from 'kysely';

/**
 * D10.18 (the operative reading of D10.13(d)(i), drafting point 3): a TAD version shows, for
 * each modification in its release, how D10.13(d) (the DCC's testing) and D10.13(e) (the User
 * testing required and the DCC's support for it) are met. One statement per modification per
 * limb, kept with the version's text: `[{ modificationId, dccTesting, userTesting }]`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table tad_version add column conditions jsonb not null default '[]'::jsonb`.execute(
    db,
  );
}

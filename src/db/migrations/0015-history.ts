import { sql, type Kysely, type RawBuilder } from 'kysely';

/**
 * Ruling 13: history recorded from before the cut-over. A modification, a decision, a release or
 * a RID approval held outside secrel carries its source, the summary the SEC website published:
 * a link to it, its text, or both. One row per record, keyed by the record's type and id; a row
 * here is what marks the record "held outside secrel".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: RawBuilder<unknown>[] = [
    sql`create table history_source (
      subject_type text not null
        check (subject_type in ('modification', 'decision', 'release', 'rid_version')),
      subject_id bigint not null,
      source_url text,
      summary text,
      recorded_by bigint references app_user(id),
      recorded_at timestamptz not null,
      primary key (subject_type, subject_id),
      check (source_url is not null or summary is not null)
    )`,
  ];
  for (const statement of statements) await statement.execute(db);
}

import { sql } from 'kysely';
import type { Db } from '../../app-context.ts';
import { containsPattern } from '../modification/modification-register.ts';

/*
 * Issue 13: one search across the register (reference, title, summary), the SEC Releases, the
 * catalogue of SEC documents, the decisions and the consultations. Each source is searched
 * with a lower-cased LIKE over its own few columns (a bounded set: hundreds of rows each, the
 * register through its search_text column); one query gives a page of hits and their number.
 * The caller says which sources its reader may open; nothing confidential is searched (not
 * consultation responses, not DCC requests, not the working record behind a modification).
 */

export type SearchKind = 'modification' | 'release' | 'document' | 'decision' | 'consultation';

export interface SearchHit {
  kind: SearchKind;
  /** The id of the thing (a catalogue id for a document, a modification id for a decision). */
  id: string;
  label: string;
  title: string;
  /** An ISO date the hit is ordered by (newest first within its kind), or null. */
  date: string | null;
}

export interface SearchScope {
  documents: boolean;
  decisions: boolean;
}

export const SEARCH_PAGE_SIZE = 20;

export async function searchEverything(
  db: Db,
  text: string,
  scope: SearchScope,
  now: Date,
  page = 1,
): Promise<{ hits: SearchHit[]; total: number }> {
  const pattern = containsPattern(text);
  const parts = [
    sql`select 1 as rank, 'modification' as kind, cast(m.id as text) as id, m.reference as label,
        m.title as title, cast(m.raised_on as text) as date
        from modification m where m.search_text like ${pattern}`,
    sql`select 2, 'release', cast(r.id as text), r.name, r.name, cast(r.go_live as text)
        from release r where lower(r.name || ' ' || r.notes) like ${pattern}`,
    sql`select 5, 'consultation', cast(c.id as text), c.title, c.title,
        cast(cast(c.opens_at as date) as text)
        from consultation c
        where c.opens_at <= ${now} and lower(c.title || ' ' || c.description) like ${pattern}`,
  ];
  if (scope.documents)
    parts.push(sql`select 3, 'document', d.id, d.code, d.title, cast(null as text)
        from sec_document d where lower(d.code || ' ' || d.title) like ${pattern}`);
  if (scope.decisions)
    parts.push(sql`select 4, 'decision', cast(m.id as text), m.reference, m.title,
        cast(x.decided_on as text)
        from decision x join modification m on m.id = x.modification_id
        where lower(x.notes) like ${pattern}`);
  const size = SEARCH_PAGE_SIZE;
  const result = await sql<{
    kind: SearchKind;
    id: string;
    label: string;
    title: string;
    date: string | null;
    total: string | number;
  }>`with hits as (${sql.join(parts, sql` union all `)})
     select kind, id, label, title, date, count(*) over () as total from hits
     order by rank, date desc nulls last, label, id
     limit ${size} offset ${(Math.max(1, page) - 1) * size}`.execute(db);
  return {
    hits: result.rows.map(({ kind, id, label, title, date }) => ({ kind, id, label, title, date })),
    total: Number(result.rows[0]?.total ?? 0),
  };
}

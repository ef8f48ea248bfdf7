import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

/** The records the scenarios open: the busiest of each kind in the loaded history. */
export interface BenchTargets {
  /** The release with the most live allocations (its page is the heaviest one people open). */
  releaseId: number;
  /** A release with a published RID of at least two versions: the RID page and the redline. */
  ridReleaseId: number;
  ridFrom: number;
  ridTo: number;
  /** The modification with the most audit events. */
  modificationId: number;
  /** A page of the register about half way down (50 to a page): a deep page of the list. */
  deepModificationPage: number;
  /** A word of many modifications' titles, for the searched list. */
  searchWord: string;
  /** A release whose scope is open, with an approved modification to add parts of (the write). */
  write: { releaseId: number; modificationId: number; dccImpacting: boolean } | undefined;
}

async function busiestRelease(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('allocation')
    .select(['release_id', (eb) => eb.fn.countAll<string | number>().as('parts')])
    .where('descoped_at', 'is', null)
    .groupBy('release_id')
    .orderBy('parts', 'desc')
    .orderBy('release_id')
    .executeTakeFirst();
  if (row) return row.release_id;
  const any = await db.selectFrom('release').select('id').orderBy('id').executeTakeFirstOrThrow();
  return any.id;
}

async function ridRelease(db: Kysely<DB>): Promise<{ id: number; from: number; to: number }> {
  const row = await db
    .selectFrom('rid_version')
    .select([
      'release_id',
      (eb) => eb.fn.min('number').as('first'),
      (eb) => eb.fn.max('number').as('last'),
    ])
    .where('published_at', 'is not', null)
    .groupBy('release_id')
    .having((eb) => eb.fn.count('id'), '>=', 2)
    .orderBy('release_id', 'desc')
    .executeTakeFirst();
  if (!row) throw new Error('the bench data has no release with two published RID versions');
  return { id: row.release_id, from: row.first, to: row.last };
}

async function busiestModification(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('audit_event')
    .innerJoin('modification', (join) =>
      join.on(sql`modification.id::text`, '=', sql.ref('audit_event.subject_id')),
    )
    .select(['modification.id', (eb) => eb.fn.countAll<string | number>().as('events')])
    .where('audit_event.subject_type', '=', 'modification')
    .groupBy('modification.id')
    .orderBy('events', 'desc')
    .orderBy('modification.id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The most common word of four letters or more in the register's titles. */
async function commonTitleWord(db: Kysely<DB>): Promise<string> {
  const rows = await db.selectFrom('modification').select('title').execute();
  const counts = new Map<string, number>();
  for (const { title } of rows) {
    for (const word of new Set(title.toLowerCase().match(/[a-z]{5,}/g) ?? [])) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best?.[0] ?? 'release';
}

/**
 * A release still planned whose full scope baseline (six months before go-live, as the Policy's
 * defaults set) is more than a month away today, and a modification already split into parts:
 * each write adds another document-only part, which no baseline has closed yet (D10.8(a)).
 */
async function writeTarget(db: Kysely<DB>, today: string): Promise<BenchTargets['write']> {
  const open = new Date(`${today}T12:00:00Z`);
  open.setUTCMonth(open.getUTCMonth() + 7);
  const release = await db
    .selectFrom('release')
    .select('id')
    .where('status', '=', 'planned')
    .where('go_live', '>', open.toISOString().slice(0, 10))
    .orderBy('go_live')
    .executeTakeFirst();
  const split = await db
    .selectFrom('allocation')
    .innerJoin('modification', 'modification.id', 'allocation.modification_id')
    .select('allocation.modification_id')
    .where('allocation.descoped_at', 'is', null)
    .where('allocation.part', '!=', 'whole')
    .where('modification.status', '=', 'allocated')
    .orderBy('allocation.id', 'desc')
    .executeTakeFirst();
  return release && split
    ? { releaseId: release.id, modificationId: split.modification_id, dccImpacting: false }
    : undefined;
}

/** Looks the scenarios' records up in a prepared database. */
export async function findTargets(db: Kysely<DB>): Promise<BenchTargets> {
  const rid = await ridRelease(db);
  const { count } = await db
    .selectFrom('modification')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  const middlePage = Math.max(1, Math.ceil(Number(count) / 50 / 2));
  return {
    releaseId: await busiestRelease(db),
    ridReleaseId: rid.id,
    ridFrom: rid.from,
    ridTo: rid.to,
    modificationId: await busiestModification(db),
    deepModificationPage: middlePage,
    searchWord: await commonTitleWord(db),
    write: await writeTarget(db, new Date().toISOString().slice(0, 10)),
  };
}

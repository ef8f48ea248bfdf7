import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { RidSections } from './rid-sections.ts';

/** An approved RID version as other modules (testing, go-live, auditor) read it. */
export interface ApprovedRid {
  id: number;
  releaseId: number;
  number: number;
  sections: RidSections;
  approvedOn: string | null;
  publishedAt: Date | null;
  tadVersionId: number | null;
}

function parsed(value: unknown): RidSections {
  return (typeof value === 'string' ? JSON.parse(value) : value) as RidSections;
}

/**
 * D10.16: the RID version in force for a release: the latest the Panel approved (superseded
 * versions are history). Undefined while no version has been approved.
 */
export async function approvedRidOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<ApprovedRid | undefined> {
  const row = await db
    .selectFrom('rid_version')
    .select([
      'id',
      'release_id',
      'number',
      'sections',
      'approved_on',
      'published_at',
      'tad_version_id',
    ])
    .where('release_id', '=', releaseId)
    .where('status', '=', 'approved')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    releaseId: row.release_id,
    number: row.number,
    sections: parsed(row.sections),
    approvedOn: row.approved_on,
    publishedAt: row.published_at,
    tadVersionId: row.tad_version_id,
  };
}

/** The SQL of the Code as data: versions and their provisions, amendments, consolidations, findings. */
import { sql } from 'kysely';
import type { Db } from '../../app-context.ts';
import type { AmendOp } from './code-amendments.ts';
import type { Finding } from './code-checks.ts';
import type { Consolidation } from './code-consolidate.ts';
import { definitionsOf } from './code-terms.ts';
import { indexVersion, type CodeVersion, type Provision } from './code-tree.ts';

export interface CodeVersionMeta {
  id: number;
  name: string;
  parentId: number | null;
  releaseId: number | null;
  live: boolean;
  lineage: string[];
  scope: string[] | null;
  createdAt: Date;
}

const json = (value: unknown): string => JSON.stringify(value);

function toMeta(row: {
  id: number;
  name: string;
  parent_id: number | null;
  release_id: number | null;
  live: boolean;
  lineage: unknown;
  scope: unknown;
  created_at: Date;
}): CodeVersionMeta {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id === null ? null : row.parent_id,
    releaseId: row.release_id === null ? null : row.release_id,
    live: row.live,
    lineage: (row.lineage as string[] | null) ?? [],
    scope: (row.scope as string[] | null) ?? null,
    createdAt: row.created_at,
  };
}

export async function listVersions(db: Db): Promise<CodeVersionMeta[]> {
  const rows = await db.selectFrom('code_version').selectAll().orderBy('id', 'desc').execute();
  return rows.map(toMeta);
}

export async function versionMeta(db: Db, id: number): Promise<CodeVersionMeta | undefined> {
  const row = await db
    .selectFrom('code_version')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toMeta(row) : undefined;
}

export async function versionByName(db: Db, name: string): Promise<CodeVersionMeta | undefined> {
  const row = await db
    .selectFrom('code_version')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toMeta(row) : undefined;
}

export async function liveVersion(db: Db): Promise<CodeVersionMeta | undefined> {
  const row = await db
    .selectFrom('code_version')
    .selectAll()
    .where('live', '=', true)
    .executeTakeFirst();
  return row ? toMeta(row) : undefined;
}

/** Stores a new immutable version with its provisions and definitions; `live` moves to it when asked. */
export async function insertVersion(
  db: Db,
  input: {
    version: CodeVersion;
    parentId: number | null;
    releaseId: number | null;
    lineage: string[];
    live: boolean;
    createdBy: number | null;
    createdAt: Date;
  },
): Promise<CodeVersionMeta> {
  if (input.live)
    await db.updateTable('code_version').set({ live: false }).where('live', '=', true).execute();
  const row = await db
    .insertInto('code_version')
    .values({
      name: input.version.name,
      parent_id: input.parentId,
      release_id: input.releaseId,
      scope: input.version.scope ? json(input.version.scope) : null,
      lineage: json(input.lineage),
      live: input.live,
      created_by: input.createdBy,
      created_at: input.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const versionId = row.id;
  const index = indexVersion(input.version.root);
  const rows = [...index.values()].map((l) => ({
    version_id: versionId,
    provision_id: l.provision.id,
    parent_id: l.parent?.id ?? null,
    position: l.parent ? l.parent.children.indexOf(l.provision) : 0,
    kind: l.provision.kind,
    label: l.provision.label ?? null,
    label_fixed: l.provision.labelFixed === true,
    full_label: l.fullLabel,
    heading: l.provision.heading ?? null,
    term: l.provision.term ?? null,
    text: l.provision.text,
  }));
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('code_provision')
      .values(rows.slice(i, i + 400))
      .execute();
  }
  const seen = new Set<string>();
  const definitions = definitionsOf(index)
    .filter(
      (d) =>
        !seen.has(`${d.term}\u0000${d.provision}`) && seen.add(`${d.term}\u0000${d.provision}`),
    )
    .map((d) => ({
      version_id: versionId,
      term: d.term,
      provision_id: d.provision,
      inline: d.where === 'inline',
    }));
  if (definitions.length > 0) await db.insertInto('code_definition').values(definitions).execute();
  return toMeta(row);
}

/** A version's tree, rebuilt from its provisions. */
export async function loadVersion(db: Db, meta: CodeVersionMeta): Promise<CodeVersion> {
  const rows = await db
    .selectFrom('code_provision')
    .selectAll()
    .where('version_id', '=', meta.id)
    .orderBy('parent_id')
    .orderBy('position')
    .execute();
  const nodes = new Map<string, Provision>();
  for (const r of rows) {
    nodes.set(r.provision_id, {
      id: r.provision_id,
      kind: r.kind as Provision['kind'],
      text: r.text,
      children: [],
      ...(r.label !== null ? { label: r.label } : {}),
      ...(r.label_fixed ? { labelFixed: true } : {}),
      ...(r.heading !== null ? { heading: r.heading } : {}),
      ...(r.term !== null ? { term: r.term } : {}),
    });
  }
  let root: Provision | undefined;
  for (const r of [...rows].sort((a, b) => a.position - b.position)) {
    const node = nodes.get(r.provision_id) as Provision;
    if (r.parent_id === null) root = node;
    else nodes.get(r.parent_id)?.children.push(node);
  }
  if (!root) throw new Error(`code version ${meta.name} has no document`);
  return { name: meta.name, root, ...(meta.scope ? { scope: meta.scope } : {}) };
}

export interface ProvisionRow {
  provisionId: string;
  kind: string;
  fullLabel: string;
  heading: string | null;
  term: string | null;
  text: string;
}

/** Provisions of a version whose label, heading, term or text contains the words searched. */
export async function searchProvisions(
  db: Db,
  versionId: number,
  q: string,
  limit = 50,
): Promise<ProvisionRow[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('code_provision')
    .select(['provision_id', 'kind', 'full_label', 'heading', 'term', 'text'])
    .where('version_id', '=', versionId)
    .where((eb) =>
      eb.or([
        eb('text', 'ilike', like),
        eb('full_label', 'ilike', like),
        eb('heading', 'ilike', like),
        eb('term', 'ilike', like),
      ]),
    )
    .orderBy(sql`position`)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    provisionId: r.provision_id,
    kind: r.kind,
    fullLabel: r.full_label,
    heading: r.heading,
    term: r.term,
    text: r.text,
  }));
}

export interface ProvisionVersion extends ProvisionRow {
  versionId: number;
  versionName: string;
  releaseId: number | null;
  createdAt: Date;
}

/** One provision across every version that has it, oldest first. */
export async function provisionHistory(db: Db, provisionId: string): Promise<ProvisionVersion[]> {
  const rows = await db
    .selectFrom('code_provision as p')
    .innerJoin('code_version as v', 'v.id', 'p.version_id')
    .select([
      'p.provision_id',
      'p.kind',
      'p.full_label',
      'p.heading',
      'p.term',
      'p.text',
      'v.id',
      'v.name',
      'v.release_id',
      'v.created_at',
    ])
    .where('p.provision_id', '=', provisionId)
    .orderBy('v.id')
    .execute();
  return rows.map((r) => ({
    provisionId: r.provision_id,
    kind: r.kind,
    fullLabel: r.full_label,
    heading: r.heading,
    term: r.term,
    text: r.text,
    versionId: r.id,
    versionName: r.name,
    releaseId: r.release_id === null ? null : r.release_id,
    createdAt: r.created_at,
  }));
}

export interface StoredAmendment {
  modificationId: number;
  reference: string;
  baseVersionId: number;
  ops: AmendOp[];
  dependsOn: string[];
}

export async function saveAmendment(
  db: Db,
  row: {
    modificationId: number;
    baseVersionId: number;
    ops: AmendOp[];
    source: 'json' | 'edit' | 'docx' | 'fixture';
    by: number | null;
    at: Date;
  },
): Promise<void> {
  const values = {
    modification_id: row.modificationId,
    base_version_id: row.baseVersionId,
    ops: json(row.ops),
    source: row.source,
    updated_by: row.by,
    updated_at: row.at,
  };
  await db
    .insertInto('code_amendment')
    .values(values)
    .onConflict((oc) =>
      oc.column('modification_id').doUpdateSet({
        base_version_id: values.base_version_id,
        ops: values.ops,
        source: values.source,
        updated_by: values.updated_by,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}

async function dependencyRefs(db: Db, ids: number[]): Promise<Map<number, string[]>> {
  const deps = new Map<number, string[]>();
  if (ids.length === 0) return deps;
  const rows = await db
    .selectFrom('modification_dependency as d')
    .innerJoin('modification as m', 'm.id', 'd.depends_on_id')
    .select(['d.modification_id', 'm.reference'])
    .where('d.modification_id', 'in', ids)
    .execute();
  for (const r of rows)
    deps.set(r.modification_id, [...(deps.get(r.modification_id) ?? []), r.reference]);
  return deps;
}

function toAmendments(
  rows: Array<{
    modification_id: number;
    reference: string;
    base_version_id: number;
    ops: unknown;
  }>,
  deps: Map<number, string[]>,
): StoredAmendment[] {
  return rows.map((r) => ({
    modificationId: r.modification_id,
    reference: r.reference,
    baseVersionId: r.base_version_id,
    ops: r.ops as AmendOp[],
    dependsOn: deps.get(r.modification_id) ?? [],
  }));
}

export async function amendmentOf(
  db: Db,
  modificationId: number,
): Promise<StoredAmendment | undefined> {
  const rows = await db
    .selectFrom('code_amendment as a')
    .innerJoin('modification as m', 'm.id', 'a.modification_id')
    .select(['a.modification_id', 'm.reference', 'a.base_version_id', 'a.ops'])
    .where('a.modification_id', '=', modificationId)
    .execute();
  if (rows.length === 0) return undefined;
  return toAmendments(rows, await dependencyRefs(db, [modificationId]))[0];
}

/** The legal text of a release's modifications (not de-scoped), in the order they were allocated. */
export async function amendmentsOfRelease(db: Db, releaseId: number): Promise<StoredAmendment[]> {
  const rows = await db
    .selectFrom('allocation as al')
    .innerJoin('code_amendment as a', 'a.modification_id', 'al.modification_id')
    .innerJoin('modification as m', 'm.id', 'al.modification_id')
    .select([
      'a.modification_id',
      'm.reference',
      'a.base_version_id',
      'a.ops',
      sql<number>`min(al.id)`.as('first'),
    ])
    .where('al.release_id', '=', releaseId)
    .where('al.descoped_at', 'is', null)
    .groupBy(['a.modification_id', 'm.reference', 'a.base_version_id', 'a.ops'])
    .orderBy('first')
    .execute();
  return toAmendments(
    rows,
    await dependencyRefs(
      db,
      rows.map((r) => r.modification_id),
    ),
  );
}

export interface StoredConsolidation {
  id: number;
  releaseId: number;
  baseVersionId: number;
  resultVersionId: number | null;
  refused: boolean;
  result: Pick<
    Consolidation,
    'order' | 'labelMap' | 'conflicts' | 'merged' | 'missingDependencies' | 'effects'
  >;
  findings: Finding[];
  createdAt: Date;
}

export async function insertConsolidation(
  db: Db,
  row: {
    releaseId: number;
    baseVersionId: number;
    resultVersionId: number | null;
    result: Consolidation;
    findings: Finding[];
    by: number | null;
    at: Date;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('code_consolidation')
    .values({
      release_id: row.releaseId,
      base_version_id: row.baseVersionId,
      result_version_id: row.resultVersionId,
      refused: !row.result.version,
      application_order: json(row.result.order),
      label_map: json(row.result.labelMap),
      conflicts: json(row.result.conflicts),
      merged: json(row.result.merged),
      missing_dependencies: json(row.result.missingDependencies),
      effects: json(row.result.effects),
      created_by: row.by,
      created_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (row.findings.length > 0) {
    await db
      .insertInto('code_finding')
      .values(
        row.findings.map((f) => ({
          consolidation_id: id,
          version_id: row.resultVersionId,
          check_id: f.check,
          severity: f.severity,
          provision_id: f.provision,
          where_label: f.where,
          message: f.message,
          suggestion: f.suggestion ?? null,
        })),
      )
      .execute();
  }
  return id;
}

export async function latestConsolidation(
  db: Db,
  releaseId: number,
): Promise<StoredConsolidation | undefined> {
  const row = await db
    .selectFrom('code_consolidation')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const findings = await db
    .selectFrom('code_finding')
    .selectAll()
    .where('consolidation_id', '=', row.id)
    .orderBy('id')
    .execute();
  return {
    id: row.id,
    releaseId: row.release_id,
    baseVersionId: row.base_version_id,
    resultVersionId: row.result_version_id === null ? null : row.result_version_id,
    refused: row.refused,
    result: {
      order: row.application_order as string[],
      labelMap: row.label_map as Consolidation['labelMap'],
      conflicts: row.conflicts as Consolidation['conflicts'],
      merged: row.merged as Consolidation['merged'],
      missingDependencies: row.missing_dependencies as Consolidation['missingDependencies'],
      effects: row.effects as Consolidation['effects'],
    },
    findings: findings.map((f) => ({
      check: f.check_id as Finding['check'],
      severity: f.severity,
      provision: f.provision_id,
      where: f.where_label,
      message: f.message,
      ...(f.suggestion !== null ? { suggestion: f.suggestion } : {}),
    })),
    createdAt: row.created_at,
  };
}

/** A modification's reference, to name it as the author of its amendments. */
export async function modificationReference(db: Db, id: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('modification')
    .select('reference')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.reference;
}

import type { Finding } from './code-checks.ts';
import type { Consolidation } from './code-consolidate.ts';
import type { CodeVersionMeta } from './code-text.store.ts';
import { indexVersion, type CodeVersion } from './code-tree.ts';

export function presentVersion(meta: CodeVersionMeta) {
  return {
    id: meta.id,
    name: meta.name,
    parentId: meta.parentId,
    releaseId: meta.releaseId,
    live: meta.live,
    modifications: meta.lineage,
    scope: meta.scope,
    createdAt: meta.createdAt.toISOString(),
  };
}

export function presentProvisions(version: CodeVersion) {
  return [...indexVersion(version.root).values()]
    .filter((l) => l.parent)
    .map((l) => ({
      id: l.provision.id,
      kind: l.provision.kind,
      label: l.provision.label ? l.fullLabel : '',
      heading: l.provision.heading ?? null,
      term: l.provision.term ?? null,
      text: l.provision.text,
    }));
}

export function presentConsolidation(
  base: string,
  result: Pick<
    Consolidation,
    'order' | 'labelMap' | 'conflicts' | 'merged' | 'missingDependencies'
  > & { refused: boolean },
  findings: Finding[],
) {
  return {
    base,
    refused: result.refused,
    order: result.order,
    labelMap: result.labelMap.map((l) => ({ provision: l.provision, old: l.old, new: l.new })),
    conflicts: result.conflicts.map((c) => ({
      where: c.where,
      modifications: c.modifications,
      message: c.message,
    })),
    merged: result.merged.map((c) => ({
      where: c.where,
      modifications: c.modifications,
      message: c.message,
    })),
    missingDependencies: result.missingDependencies,
    findings,
  };
}

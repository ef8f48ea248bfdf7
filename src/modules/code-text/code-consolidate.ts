/**
 * Consolidation of a release (D10.1, legal-text.md §7.1–7.2): the release's modifications are
 * applied in order to the base version — dependencies first, the Panel's order otherwise — the
 * containers they touch are renumbered, and the old → new label map is kept. A dependency that
 * is neither in the release nor already in the base's lineage refuses the consolidation; two
 * modifications touching one provision are a conflict, except word edits of disjoint ranges,
 * which merge with a warning. PURE.
 */
import {
  applyOp,
  AmendmentError,
  opContainers,
  opTarget,
  WorkingIndex,
  type AmendOp,
  type AmendOpName,
} from './code-amendments.ts';
import { renumber } from './code-labels.ts';
import { cloneTree, indexVersion, type CodeVersion, type Provision } from './code-tree.ts';

export interface ModificationText {
  /** The modification's reference: "SECMP0061". */
  reference: string;
  /** The version its legal text was drafted against ("SEC 5.21"). */
  baseVersion: string;
  dependsOn: string[];
  ops: AmendOp[];
}

export interface Effect {
  modification: string;
  op: AmendOpName;
  provision: string;
  status: 'applied' | 'merged' | 'conflict';
  message?: string;
}

export interface LabelChange {
  provision: string;
  kind: Provision['kind'];
  old: string;
  new: string;
}

export interface Conflict {
  provision: string;
  where: string;
  modifications: string[];
  message: string;
}

export interface Consolidation {
  /** The new version, when nothing refused it. */
  version?: CodeVersion;
  /** The order the modifications were applied in. */
  order: string[];
  missingDependencies: Array<{ modification: string; dependsOn: string }>;
  conflicts: Conflict[];
  /** Disjoint word edits of one provision by two modifications, merged. */
  merged: Conflict[];
  effects: Effect[];
  labelMap: LabelChange[];
}

/** Dependencies first, the given (Panel's) order as the tie-break; undefined on a cycle. */
export function applicationOrder(mods: ModificationText[]): ModificationText[] | undefined {
  const byRef = new Map(mods.map((m) => [m.reference, m]));
  const done = new Set<string>();
  const order: ModificationText[] = [];
  const visiting = new Set<string>();
  const visit = (m: ModificationText): boolean => {
    if (done.has(m.reference)) return true;
    if (visiting.has(m.reference)) return false;
    visiting.add(m.reference);
    for (const dep of m.dependsOn) {
      const d = byRef.get(dep);
      if (d && !visit(d)) return false;
    }
    visiting.delete(m.reference);
    done.add(m.reference);
    order.push(m);
    return true;
  };
  for (const m of mods) if (!visit(m)) return undefined;
  return order;
}

/**
 * Consolidates a release: `lineage` lists the modifications already in the base version.
 * Refused (no version) on a missing dependency or any conflict.
 */
export function consolidate(
  base: CodeVersion,
  lineage: readonly string[],
  mods: ModificationText[],
  newName: string,
): Consolidation {
  const inRelease = new Set(mods.map((m) => m.reference));
  const missingDependencies = mods.flatMap((m) =>
    m.dependsOn
      .filter((d) => !inRelease.has(d) && !lineage.includes(d))
      .map((d) => ({ modification: m.reference, dependsOn: d })),
  );
  const result: Consolidation = {
    order: [],
    missingDependencies,
    conflicts: [],
    merged: [],
    effects: [],
    labelMap: [],
  };
  if (missingDependencies.length > 0) return result;
  const ordered = applicationOrder(mods);
  if (!ordered) {
    result.conflicts.push({
      provision: '',
      where: '',
      modifications: mods.map((m) => m.reference),
      message: 'The modifications depend on each other in a cycle.',
    });
    return result;
  }
  result.order = ordered.map((m) => m.reference);

  const root = cloneTree(base.root);
  const baseIndex = indexVersion(base.root);
  const touchedBy = new Map<string, { mod: string; op: AmendOpName }>();
  const containers = new Set<string>();
  const working = new WorkingIndex(root);
  for (const mod of ordered) {
    for (const op of mod.ops) {
      const target = opTarget(op);
      const where = working.get(target);
      const label = where
        ? where.fullLabel || where.provision.term || where.provision.heading || target
        : target;
      const isContainerOp = op.op === 'insert' || op.op === 'addTerm';
      const earlier = isContainerOp ? undefined : touchedBy.get(target);
      const other = earlier && earlier.mod !== mod.reference ? earlier : undefined;
      if (other && !(other.op === 'editText' && op.op === 'editText')) {
        result.conflicts.push({
          provision: target,
          where: label,
          modifications: [other.mod, mod.reference],
          message: `${other.mod} and ${mod.reference} both change ${label}.`,
        });
        result.effects.push({
          modification: mod.reference,
          op: op.op,
          provision: target,
          status: 'conflict',
          message: `also changed by ${other.mod}`,
        });
        continue;
      }
      try {
        const containersBefore = opContainers(op, working);
        const { merged } = applyOp(root, op, other !== undefined, working);
        containersBefore.forEach((c) => containers.add(c));
        if (!isContainerOp) touchedBy.set(target, { mod: mod.reference, op: op.op });
        if (merged && other) {
          result.merged.push({
            provision: target,
            where: label,
            modifications: [other.mod, mod.reference],
            message: `${other.mod} and ${mod.reference} change different words of ${label}; both edits were applied.`,
          });
        }
        result.effects.push({
          modification: mod.reference,
          op: op.op,
          provision: target,
          status: merged ? 'merged' : 'applied',
        });
      } catch (error) {
        if (!(error instanceof AmendmentError)) throw error;
        const mods = other ? [other.mod, mod.reference] : [mod.reference];
        result.conflicts.push({
          provision: target,
          where: label,
          modifications: mods,
          message: `${mod.reference}: ${error.message}.`,
        });
        result.effects.push({
          modification: mod.reference,
          op: op.op,
          provision: target,
          status: 'conflict',
          message: error.message,
        });
      }
    }
  }
  if (result.conflicts.length > 0) return result;

  for (const id of containers) {
    const container = working.node(id);
    if (container) renumber(container);
  }
  const renumbered = indexVersion(root);
  for (const [id, now] of renumbered) {
    const was = baseIndex.get(id);
    if (was && now.provision.label && was.fullLabel !== now.fullLabel) {
      result.labelMap.push({
        provision: id,
        kind: now.provision.kind,
        old: was.fullLabel,
        new: now.fullLabel,
      });
    }
  }
  result.version = { name: newName, root, ...(base.scope ? { scope: base.scope } : {}) };
  return result;
}

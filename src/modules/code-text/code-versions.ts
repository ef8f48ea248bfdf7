/**
 * Naming versions of the Code and what a release's consolidation is refused for (D10.1). PURE.
 */
import type { Consolidation } from './code-consolidate.ts';

/** "SEC 5.21" → "SEC 5.22"; a name without a trailing number gets " (2)". */
export function nextVersionName(name: string, taken: ReadonlySet<string>): string {
  const m = /^(.*?)(\d+)$/.exec(name);
  let candidate = m
    ? `${m[1] ?? ''}${String(Number(m[2]) + 1).padStart((m[2] ?? '').length, '0')}`
    : `${name} (2)`;
  while (taken.has(candidate)) candidate = nextVersionName(candidate, new Set());
  return candidate;
}

/** Why a consolidation was refused, one sentence each, for SECAS and the error's details. */
export function refusalReasons(result: Consolidation): string[] {
  return [
    ...result.missingDependencies.map(
      (m) =>
        `${m.modification} depends on ${m.dependsOn}, which is neither in this release nor already in the Code.`,
    ),
    ...result.conflicts.map((c) => c.message),
  ];
}

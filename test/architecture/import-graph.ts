import fs from 'node:fs';
import path from 'node:path';

/** One import of one source file: the file it names, and whether it is erased at run time. */
export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT =
  /^\s*(?:import|export)\s+(type\s+)?([^'"]*?)\s*from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;

/** Every `.ts` file under `dir`, relative to `root`, tests excluded. */
export function sourceFiles(root: string, dir = 'src'): string[] {
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const entry of fs.readdirSync(path.join(root, at), { withFileTypes: true })) {
      const rel = path.posix.join(at, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith('.ts') && !rel.endsWith('.test.ts')) files.push(rel);
    }
  };
  walk(dir);
  return files.sort();
}

/** The relative imports of each file (static, re-exports and dynamic `import()`). */
export function importsOf(root: string, files: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const text = fs.readFileSync(path.join(root, from), 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[3] ?? match[4] ?? '';
      const names = match[2] ?? '';
      const typeOnly =
        match[1] !== undefined || /^\{\s*(type\s+[^,}]+,?\s*)+\}$/.test(names.trim());
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
      edges.push({ from, to, typeOnly });
    }
  }
  return edges;
}

/** Strongly connected components of more than one node (Tarjan): each is an import cycle. */
export function cyclesOf(
  nodes: readonly string[],
  edges: ReadonlyMap<string, string[]>,
): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return cycles;
}

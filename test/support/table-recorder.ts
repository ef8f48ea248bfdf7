import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** What a query compiled ahead of time (no operation tree to read) is recorded as. */
export const COMPILED = '(compiled)';

/**
 * Records the tables the queries of a Kysely instance name (issue 12: which tables feed a cached
 * route). Built queries are read from their operation tree; raw `sql` fragments by the names
 * after from, join, into and update; queries compiled ahead of time as {@link COMPILED}.
 */
export class TableRecorder implements KyselyPlugin {
  readonly tables = new Set<string>();
  private readonly pending = new WeakMap<object, string[]>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.pending.set(args.queryId, tablesOf(args.node));
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const table of this.pending.get(args.queryId) ?? [COMPILED]) this.tables.add(table);
    return Promise.resolve(args.result);
  }

  reset(): void {
    this.tables.clear();
  }
}

const RAW_TABLE = /\b(?:from|join|into|update)\s+"?([a-z_][a-z0-9_]*)"?/gi;

function tablesOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) tablesOf(item, found);
    return found;
  }
  if (typeof node !== 'object' || node === null) return found;
  const record = node as Record<string, unknown>;
  if (record.kind === 'TableNode') {
    const table = record.table as { identifier?: { name?: string } } | undefined;
    if (table?.identifier?.name) found.push(table.identifier.name);
  }
  if (record.kind === 'RawNode' && Array.isArray(record.sqlFragments)) {
    for (const fragment of record.sqlFragments as string[]) {
      for (const match of fragment.matchAll(RAW_TABLE)) if (match[1]) found.push(match[1]);
    }
  }
  for (const value of Object.values(record)) {
    if (typeof value === 'object' && value !== null) tablesOf(value, found);
  }
  return found;
}

import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { AppContext } from '../../src/app-context.ts';

/**
 * Counts the statements a Kysely instance sends to the database (issue 12: a page is a handful of
 * queries, not one per row). Every query, built or raw (`sql`…`.execute`), passes through a
 * plugin's transformResult once when it has run; transactions' BEGIN and COMMIT do not.
 */
export class QueryCounter implements KyselyPlugin {
  /** What ran since the last reset: the kind of statement and the tables it names first. */
  readonly queries: string[] = [];
  private readonly pending = new WeakMap<object, string>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.pending.set(args.queryId, describe(args.node));
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.queries.push(this.pending.get(args.queryId) ?? 'compiled query');
    return Promise.resolve(args.result);
  }

  get count(): number {
    return this.queries.length;
  }

  reset(): void {
    this.queries.length = 0;
  }
}

function describe(node: RootOperationNode): string {
  const tables = [
    ...JSON.stringify(node).matchAll(/"TableNode","table":\{[^}]*"name":"(\w+)"/g),
  ].map((match) => match[1]);
  return `${node.kind} ${[...new Set(tables)].join(',')}`;
}

/** `ctx` with its database handle counting every query into `counter`. */
export function countingContext(ctx: AppContext, counter: QueryCounter): AppContext {
  return { ...ctx, db: ctx.db.withPlugin(counter) };
}

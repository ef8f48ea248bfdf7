import type { AppContext } from '../app-context.ts';
import type { Principal } from '../modules/identity/identity.ts';

/** One thing on a person's home page that needs them to act. */
export interface AttentionItem {
  title: string;
  detail: string;
  href: string;
  /** ISO date or instant the item is due, when it has one. */
  due?: string;
  severity: 'overdue' | 'due' | 'info';
  /**
   * Issue 13: a record of the person's own (their organisation's appeals, its consultation
   * responses), listed apart from what needs them to act, under `tag` (its status in words).
   */
  record?: { tag: string };
}

/** A source of attention items for the roles it concerns; each module adds its own. */
export type AttentionProvider = (ctx: AppContext, principal: Principal) => Promise<AttentionItem[]>;

/** Most urgent first: overdue, then due (earliest first), then the rest. */
export function sortAttention(items: readonly AttentionItem[]): AttentionItem[] {
  const rank = { overdue: 0, due: 1, info: 2 } as const;
  return [...items].sort(
    (a, b) => rank[a.severity] - rank[b.severity] || (a.due ?? '~').localeCompare(b.due ?? '~'),
  );
}

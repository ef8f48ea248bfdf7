import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';

const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

/** Runs `work` in a read scope of its own: within it `memoRead` loads each key at most once. */
export function runInReadScope<T>(work: () => T): T {
  return scope.run(new Map(), work);
}

/**
 * Issue 12: what `load` reads for `key`, read once per read scope (a GET request): a page put
 * together from several modules' reads asks again for the same rows (the release, the calendar's
 * fingerprint, the Policy versions), and each ask is a round trip. Within one request every ask
 * sees the first answer, as if the page were one read. Outside a read scope, and on a transaction
 * (a use case must see its own writes), it always loads. A failed load is not kept.
 */
export function memoRead<T>(
  db: Pick<Kysely<never>, 'isTransaction'>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const memo = scope.getStore();
  if (memo === undefined || db.isTransaction) return load();
  const known = memo.get(key) as Promise<T> | undefined;
  if (known !== undefined) return known;
  const loading = load();
  memo.set(key, loading);
  loading.catch(() => memo.delete(key));
  return loading;
}

import { describe, expect, it } from 'vitest';
import { memoRead, runInReadScope } from './read-memo.ts';

const connection = { isTransaction: false };
const transaction = { isTransaction: true };

function counted() {
  let loads = 0;
  return {
    load: () => {
      loads += 1;
      return Promise.resolve(loads);
    },
    get loads() {
      return loads;
    },
  };
}

describe('issue 12: a read scope reads each key once', () => {
  it('outside a read scope every ask loads', async () => {
    const source = counted();
    await memoRead(connection, 'k', source.load);
    await memoRead(connection, 'k', source.load);
    expect(source.loads).toBe(2);
  });

  it('within one scope a key loads once and every ask sees the first answer', async () => {
    const source = counted();
    const answers = await runInReadScope(async () => [
      await memoRead(connection, 'k', source.load),
      await memoRead(connection, 'k', source.load),
      await Promise.all([memoRead(connection, 'k', source.load)]),
    ]);
    expect(answers).toEqual([1, 1, [1]]);
    expect(source.loads).toBe(1);
  });

  it('two scopes (two requests) each load: a change between requests is seen by the next', async () => {
    const source = counted();
    const first = await runInReadScope(() => memoRead(connection, 'k', source.load));
    const second = await runInReadScope(() => memoRead(connection, 'k', source.load));
    expect([first, second]).toEqual([1, 2]);
  });

  it('a transaction always loads, so a use case sees its own writes', async () => {
    const source = counted();
    await runInReadScope(async () => {
      await memoRead(transaction, 'k', source.load);
      await memoRead(transaction, 'k', source.load);
    });
    expect(source.loads).toBe(2);
  });

  it('a failed load is not kept: the next ask loads again', async () => {
    let attempts = 0;
    const flaky = () => {
      attempts += 1;
      return attempts === 1 ? Promise.reject(new Error('lost')) : Promise.resolve('row');
    };
    const result = await runInReadScope(async () => {
      await expect(memoRead(connection, 'k', flaky)).rejects.toThrow('lost');
      return memoRead(connection, 'k', flaky);
    });
    expect(result).toBe('row');
    expect(attempts).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { rolesAllowedBy } from '../../../test/support/principals.ts';
import { canReadHistory, canRecordHistory } from './history.access.ts';

describe('Ruling 13: who records history', () => {
  it('only SECAS records the past register', () => {
    expect(rolesAllowedBy(canRecordHistory)).toEqual(['code_administrator']);
  });

  it('everyone signed in reads it, nobody else', () => {
    expect(canReadHistory(null)).toBe(false);
    expect(rolesAllowedBy(canReadHistory)).toHaveLength(8);
  });
});

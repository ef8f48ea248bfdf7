import { describe, expect, it } from 'vitest';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';
import {
  canReadDccRequests,
  canRequestFromDcc,
  canRespondToDccRequest,
  canWithdrawDccRequest,
  watchesDccRequests,
} from './dcc-request.access.ts';

describe('who may do what with information requests to the DCC', () => {
  it('D10.10, D10.14: SECAS or the Panel Chair asks the DCC; nobody signed out does', () => {
    expect(rolesAllowedBy(canRequestFromDcc).sort()).toEqual(
      ['code_administrator', 'panel_chair'].sort(),
    );
    expect(canRequestFromDcc(null)).toBe(false);
  });

  it('D10.10: SECAS or the Panel Chair withdraws a request', () => {
    expect(rolesAllowedBy(canWithdrawDccRequest).sort()).toEqual(
      ['code_administrator', 'panel_chair'].sort(),
    );
    expect(canWithdrawDccRequest(null)).toBe(false);
  });

  it('D10.10: only the DCC answers', () => {
    expect(rolesAllowedBy(canRespondToDccRequest)).toEqual(['dcc']);
    expect(canRespondToDccRequest(principalWith('party', { organisationKind: 'dcc' }))).toBe(false);
    expect(canRespondToDccRequest(null)).toBe(false);
  });

  it('D10.10: the Panel, SECAS, the DCC and the Authority read requests; a Party and the public do not', () => {
    expect(rolesAllowedBy(canReadDccRequests).sort()).toEqual(
      ['authority', 'code_administrator', 'dcc', 'panel_chair', 'panel_member'].sort(),
    );
    expect(canReadDccRequests(principalWith('party'))).toBe(false);
    expect(canReadDccRequests(null)).toBe(false);
  });

  it('D10.10: overdue requests concern the Panel, SECAS and the DCC', () => {
    expect(rolesAllowedBy(watchesDccRequests).sort()).toEqual(
      ['code_administrator', 'dcc', 'panel_chair', 'panel_member'].sort(),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ROLES, SUB_COMMITTEES, type Principal, type Role } from '../identity/identity.ts';
import {
  canCompleteRefinement,
  canDecideDccTesting,
  canListViewRequests,
  canReadRefinement,
  canRecordConclusion,
  canRecordNotification,
  canRecordTestingSolution,
  canRequestView,
  canRespondToView,
  canSeeAllViewRequests,
  visibleBodies,
} from './refinement.access.ts';
import { principalWith } from '../../../test/support/principals.ts';

const principal = (role: Role, scope = ''): Principal => principalWith(role, { scope });

const allowed = (policy: (p: Principal | null) => boolean) =>
  ROLES.filter((role) => policy(principal(role, 'security_sub_committee')));

const SSC_MEMBER = principal('sub_committee_member', 'security_sub_committee');
const TABASC_MEMBER = principal('sub_committee_member', 'tabasc');

describe('refinement permissions', () => {
  it('nobody signed out may do anything', () => {
    for (const policy of [
      canReadRefinement,
      canRecordConclusion,
      canDecideDccTesting,
      canRecordTestingSolution,
      canRequestView,
      canListViewRequests,
      canCompleteRefinement,
    ]) {
      expect(policy(null)).toBe(false);
    }
    expect(canRecordNotification(null, 'tabasc')).toBe(false);
    expect(canRespondToView(null, 'tabasc')).toBe(false);
  });

  it('D6.8(a)–(l) SECAS (the Working Group secretariat) or the Panel Chair records conclusions', () => {
    expect(allowed(canRecordConclusion)).toEqual(['panel_chair', 'code_administrator']);
  });

  it('D6.8(e) SECAS or the Panel Chair decide on DCC testing; the DCC may also record the testing solution', () => {
    expect(allowed(canDecideDccTesting)).toEqual(['panel_chair', 'code_administrator']);
    expect(allowed(canRecordTestingSolution)).toEqual(['panel_chair', 'code_administrator', 'dcc']);
  });

  it('D6.8(f)–(i) SECAS records a notification for any body; a member only for their own body', () => {
    for (const body of SUB_COMMITTEES) {
      expect(canRecordNotification(principal('code_administrator'), body)).toBe(true);
      expect(canRecordNotification(principal('party'), body)).toBe(false);
    }
    expect(SUB_COMMITTEES.filter((body) => canRecordNotification(SSC_MEMBER, body))).toEqual([
      'security_sub_committee',
    ]);
  });

  it('D6.8(f)–(i) only SECAS requests views', () => {
    expect(allowed(canRequestView)).toEqual(['code_administrator']);
  });

  it('D6.8(f)–(i) only a member of the body asked gives its view', () => {
    expect(canRespondToView(SSC_MEMBER, 'security_sub_committee')).toBe(true);
    expect(canRespondToView(TABASC_MEMBER, 'security_sub_committee')).toBe(false);
    expect(canRespondToView(principal('code_administrator'), 'security_sub_committee')).toBe(false);
    expect(canRespondToView(principal('panel_chair'), 'tabasc')).toBe(false);
  });

  it('D6.8(f)–(i) SECAS and the Panel see every request; a member sees their body’s; others none', () => {
    expect(allowed(canSeeAllViewRequests)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
    ]);
    expect(allowed(canListViewRequests)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'sub_committee_member',
    ]);
    expect(visibleBodies(SSC_MEMBER, SUB_COMMITTEES)).toEqual(['security_sub_committee']);
    expect(visibleBodies(principal('panel_member'), SUB_COMMITTEES)).toEqual([...SUB_COMMITTEES]);
    expect(visibleBodies(principal('party'), SUB_COMMITTEES)).toEqual([]);
  });

  it('D6.8 SECAS or the Panel Chair completes refinement; anyone signed in reads it', () => {
    expect(allowed(canCompleteRefinement)).toEqual(['panel_chair', 'code_administrator']);
    expect(allowed(canReadRefinement)).toEqual([...ROLES]);
  });
});

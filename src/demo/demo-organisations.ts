import type { NewOrganisation } from '../modules/identity/identity.actions.ts';

/**
 * The organisations of the demo: the real SEC institutions (SECAS, the DCC, the Authority,
 * Citizens Advice) and invented Parties in every Party Category. Names of Parties are made up;
 * any likeness to a real company is accidental.
 */
export const DEMO_ORGANISATIONS: readonly NewOrganisation[] = [
  { name: 'SECAS (Gemserv)', kind: 'code_administrator', partyCategory: null, isUser: false },
  // The DCC is a Party but in no Party Category (Section A).
  { name: 'Smart DCC Ltd', kind: 'dcc', partyCategory: null, isUser: false },
  { name: 'Ofgem (the Authority)', kind: 'authority', partyCategory: null, isUser: false },
  { name: 'Citizens Advice', kind: 'consumer_body', partyCategory: null, isUser: false },
  { name: 'Citizens Advice Scotland', kind: 'consumer_body', partyCategory: null, isUser: false },
  { name: 'Harbour & Finch LLP', kind: 'auditor', partyCategory: null, isUser: false },
  { name: 'Northwind Energy plc', kind: 'party', partyCategory: 'large_supplier', isUser: true },
  { name: 'Albion Power Ltd', kind: 'party', partyCategory: 'large_supplier', isUser: true },
  {
    name: 'Pennine Energy Supply Ltd',
    kind: 'party',
    partyCategory: 'large_supplier',
    isUser: true,
  },
  { name: 'Brightwater Energy Ltd', kind: 'party', partyCategory: 'small_supplier', isUser: true },
  {
    name: 'Kestrel Community Power Ltd',
    kind: 'party',
    partyCategory: 'small_supplier',
    isUser: true,
  },
  {
    name: 'Severn Valley Distribution plc',
    kind: 'party',
    partyCategory: 'electricity_network',
    isUser: true,
  },
  {
    name: 'Fenland Power Networks Ltd',
    kind: 'party',
    partyCategory: 'electricity_network',
    isUser: true,
  },
  {
    name: 'Highland Gas Pipelines Ltd',
    kind: 'party',
    partyCategory: 'gas_network',
    isUser: true,
  },
  {
    name: 'Wessex Gas Distribution Ltd',
    kind: 'party',
    partyCategory: 'gas_network',
    isUser: true,
  },
  // A Registered Supplier Agent (a User) and a Party that has not become a User.
  { name: 'Meterlink Services Ltd', kind: 'party', partyCategory: 'other_sec_party', isUser: true },
  {
    name: 'Greenfield Energy Insights Ltd',
    kind: 'party',
    partyCategory: 'other_sec_party',
    isUser: false,
  },
];

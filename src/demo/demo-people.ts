import type { PanelSeatTable } from '../db/schema.ts';
import type { Role } from '../modules/identity/identity.ts';

/** An invented person of the demo, at an example.org address. */
export interface DemoPerson {
  name: string;
  email: string;
  /** The organisation's name, or null for someone independent (the Chair). */
  organisation: string | null;
  role: Role;
  scope?: string;
  /** True for the one person per role who gets the demo password and is listed at start. */
  signIn: boolean;
}

/** One sign-in per role, all with the demo password. */
export const DEMO_SIGN_IN_PEOPLE: readonly DemoPerson[] = [
  {
    name: 'Dr Eleanor Hartley',
    email: 'eleanor.hartley@example.org',
    organisation: null,
    role: 'panel_chair',
    signIn: true,
  },
  {
    name: 'Priya Raman',
    email: 'priya.raman@example.org',
    organisation: 'Northwind Energy plc',
    role: 'panel_member',
    signIn: true,
  },
  {
    name: 'Tom Okafor',
    email: 'tom.okafor@example.org',
    organisation: 'SECAS (Gemserv)',
    role: 'code_administrator',
    signIn: true,
  },
  {
    name: 'Fiona MacLeod',
    email: 'fiona.macleod@example.org',
    organisation: 'Smart DCC Ltd',
    role: 'dcc',
    signIn: true,
  },
  {
    name: 'James Whitfield',
    email: 'james.whitfield@example.org',
    organisation: 'Albion Power Ltd',
    role: 'party',
    signIn: true,
  },
  {
    name: 'Sarah Lindqvist',
    email: 'sarah.lindqvist@example.org',
    organisation: 'Ofgem (the Authority)',
    role: 'authority',
    signIn: true,
  },
  {
    name: 'Daniel Osei',
    email: 'daniel.osei@example.org',
    organisation: 'Harbour & Finch LLP',
    role: 'external_auditor',
    signIn: true,
  },
  {
    name: 'Grace Pemberton',
    email: 'grace.pemberton@example.org',
    organisation: 'Wessex Gas Distribution Ltd',
    role: 'sub_committee_member',
    scope: 'security_sub_committee',
    signIn: true,
  },
];

/** Panel members without a sign-in of their own (no password: they exist to hold seats). */
export const DEMO_SEAT_HOLDERS: readonly DemoPerson[] = (
  [
    ['Mark Ellison', 'mark.ellison', 'Pennine Energy Supply Ltd'],
    ['Hannah Cole', 'hannah.cole', 'Brightwater Energy Ltd'],
    ['Owen Price', 'owen.price', 'Kestrel Community Power Ltd'],
    ['Rachel Adeyemi', 'rachel.adeyemi', 'Severn Valley Distribution plc'],
    ['Iain Murray', 'iain.murray', 'Highland Gas Pipelines Ltd'],
    ['Sophie Turner', 'sophie.turner', 'Meterlink Services Ltd'],
    ['Ben Achebe', 'ben.achebe', 'Greenfield Energy Insights Ltd'],
    ['Alan Brooks', 'alan.brooks', 'Smart DCC Ltd'],
    ['Lucy Davies', 'lucy.davies', 'Citizens Advice'],
    ['Callum Fraser', 'callum.fraser', 'Citizens Advice Scotland'],
  ] as const
).map(([name, local, organisation]) => ({
  name,
  email: `${local}@example.org`,
  organisation,
  role: 'panel_member' as const,
  signIn: false,
}));

/** A Panel seat of the demo and the e-mail of the person who holds it. */
export interface DemoSeat {
  seat: PanelSeatTable['seat'];
  label: string;
  holderEmail: string;
  /** Elected terms are one or two years; elections are annual, so terms are staggered. */
  termYears: 1 | 2;
}

/**
 * The Panel's composition (Section C; domain.md §3): 2 Large Supplier, 2 Small Supplier,
 * 1 Electricity Network, 1 Gas Network and 2 Other SEC Party members, 1 DCC nominee,
 * 2 consumer members (Citizens Advice / Citizens Advice Scotland) and an independent Chair.
 */
const SEATS: readonly DemoSeat[] = [
  { seat: 'chair', label: 'Independent Chair', holderEmail: 'eleanor.hartley', termYears: 2 },
  {
    seat: 'large_supplier',
    label: 'Large Supplier Party member 1',
    holderEmail: 'priya.raman',
    termYears: 2,
  },
  {
    seat: 'large_supplier',
    label: 'Large Supplier Party member 2',
    holderEmail: 'mark.ellison',
    termYears: 1,
  },
  {
    seat: 'small_supplier',
    label: 'Small Supplier Party member 1',
    holderEmail: 'hannah.cole',
    termYears: 2,
  },
  {
    seat: 'small_supplier',
    label: 'Small Supplier Party member 2',
    holderEmail: 'owen.price',
    termYears: 1,
  },
  {
    seat: 'electricity_network',
    label: 'Electricity Network Party member',
    holderEmail: 'rachel.adeyemi',
    termYears: 2,
  },
  {
    seat: 'gas_network',
    label: 'Gas Network Party member',
    holderEmail: 'iain.murray',
    termYears: 1,
  },
  {
    seat: 'other_sec_party',
    label: 'Other SEC Party member 1',
    holderEmail: 'sophie.turner',
    termYears: 2,
  },
  {
    seat: 'other_sec_party',
    label: 'Other SEC Party member 2',
    holderEmail: 'ben.achebe',
    termYears: 1,
  },
  { seat: 'dcc_nominee', label: 'DCC nominee', holderEmail: 'alan.brooks', termYears: 2 },
  {
    seat: 'consumer',
    label: 'Consumer member (Citizens Advice)',
    holderEmail: 'lucy.davies',
    termYears: 2,
  },
  {
    seat: 'consumer',
    label: 'Consumer member (Citizens Advice Scotland)',
    holderEmail: 'callum.fraser',
    termYears: 2,
  },
];

export const DEMO_PANEL_SEATS: readonly DemoSeat[] = SEATS.map((seat) => ({
  ...seat,
  holderEmail: `${seat.holderEmail}@example.org`,
}));

/**
 * A seat's term around `today` (`YYYY-MM-DD`): terms run 1 October to 30 September, the
 * current one began on the most recent 1 October, and two-year terms began a year earlier on
 * alternate seats so that not every seat is up for election at once.
 */
export function termOf(today: string, termYears: 1 | 2): { start: string; end: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const currentStart = month >= 10 ? year : year - 1;
  const start = termYears === 2 ? currentStart - 1 : currentStart;
  return { start: `${start}-10-01`, end: `${start + termYears}-09-30` };
}

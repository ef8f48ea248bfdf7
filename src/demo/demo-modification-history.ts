import type { Path, Status } from '../modules/modification/modification.ts';

/** A modification of the SEC's history, as domain.md §8 records it. */
export interface HistoricModification {
  reference: string;
  title: string;
  status: Status;
  /** Only where verified (MP109, SECMP0030, MP200) or chosen and said so (SECMP0061). */
  path?: Path;
  /** The day it was raised, where known; otherwise the loader estimates it and says so. */
  raisedOn?: string;
  /** True when `raisedOn` is an estimate (the sources do not give it). */
  raisedOnEstimated?: boolean;
  approved?: { on: string; by: 'change_board' | 'authority' };
  documents?: readonly string[];
  dependsOn?: readonly string[];
  /** For a withdrawn one: when, and the status it was withdrawn from. */
  withdrawn?: { at: string; from: Status };
  summary?: string;
}

/** A SEC Release (or an off-cycle implementation) and what it implemented. */
export interface HistoricRelease {
  name: string;
  goLive: string;
  secVersion?: string;
  modifications: readonly HistoricModification[];
}

function implemented(
  reference: string,
  title: string,
  documents: readonly string[] = [],
  extra: Partial<HistoricModification> = {},
): HistoricModification {
  return { reference, title, status: 'implemented', documents, ...extra };
}

/** The releases of 2019–2022 (domain.md §8); titles of the June 2021 items are paraphrased there. */
export const HISTORIC_RELEASES: readonly HistoricRelease[] = [
  {
    name: 'June 2019 SEC Release',
    goLive: '2019-06-27',
    modifications: [
      implemented('SECMP0058', 'Changes to the governance of the Self-Service Interface', [
        'appendix-ah',
      ]),
    ],
  },
  {
    name: 'November 2019 SEC Release',
    goLive: '2019-11-29',
    modifications: [
      implemented('SECMP0018', 'Standard Electricity Distributor Configuration Settings'),
      implemented('SECMP0023', 'Correct Units of Measure for Uncontrolled Gas Flow Rate'),
      implemented('SECMP0025', 'Electricity Network Party Access to Load Switching Information'),
      implemented(
        'SECMP0039',
        'Communication Hub returns notification mechanism for Other SEC Parties',
      ),
      implemented('SECMP0055', 'Incorporation of multiple Issue Resolution Proposals into the SEC'),
      implemented('SECMP0060', 'Amend Requirements to remove ‘Pending’ devices from SMI'),
      implemented('MP071', 'Second-Comer Charging', ['section-k']),
      implemented('MP073', 'Alteration of SMKI Repository information and documentation', [
        'section-l',
      ]),
      implemented('MP074', 'Clarity on Obtaining SMKI Device Certificates', ['section-l']),
      implemented('MP076', 'Pursuing Non-Payment in Events of Default', ['section-m']),
    ],
  },
  {
    name: 'November 2020 SEC Release',
    goLive: '2020-11-29',
    secVersion: '27.0',
    modifications: [
      implemented(
        'SECMP0062',
        'Northbound Application Traffic Management – Alert Storm Protection',
        ['section-h', 'traffic-management-mechanism-document'],
        {
          summary:
            'Part 1 (the Traffic Management Mechanism Document) was implemented off-cycle in May 2020; part 2 in the November 2020 SEC Release.',
        },
      ),
      implemented('MP080', 'Managing DUIS uplifts', ['appendix-ad']),
      implemented('MP081', 'Alignment of DUIS and CHISM to reflect current DCC Processing', [
        'appendix-ad',
      ]),
      implemented('MP093', 'Implementing IRP511 and CRP535 to support GBCS v3.2 devices', [
        'schedule-8',
      ]),
      implemented(
        'MP098',
        'Incorporation of multiple Issue Resolution Proposals into the SEC – Batch 3',
      ),
      implemented('MP101', 'Large Gas Meter Displays'),
      implemented('MP102A', 'Power Outage Alerts triggered by an OTA firmware upgrade'),
      implemented('MP103', 'DCC SOC2 Assessments'),
      implemented('MP110', 'Aligning SEC Appendix D with DCC Processes', ['appendix-d']),
      implemented('MP112', 'Setting the Privacy Assessment Assurance Status', ['section-i']),
      implemented('MP115', 'Changes to the NCSC Good Practice Guides', ['section-g']),
      implemented('MP118', 'Communications Hub Finance Charges', ['section-j']),
      implemented('MP120', 'Correcting DUIS Matrix for SRV7.7 Eligible Users', ['appendix-ad']),
      implemented('MP124', 'Consequential changes to DUIS and MMC', ['appendix-ad', 'appendix-af']),
      implemented('MP127', 'SMKI RAPP Security Screening clarification', ['appendix-d']),
      implemented('MP131', 'Default maximum demand configuration conflict'),
      implemented('MP133', 'Consequential changes to SEC Section G', ['section-g']),
      implemented('MP142', 'Clarification to the MMC', ['appendix-af']),
    ],
  },
  {
    name: 'June 2021 SEC Release',
    goLive: '2021-06-24',
    secVersion: '40.0',
    modifications: [
      implemented(
        'MP106',
        'SR12.1 ‘space’ response to mean “Unknown”, with guidance in Appendix I',
      ),
      implemented('MP144', 'Random Sample Privacy Assessment charging to the Other User', [
        'section-i',
      ]),
      implemented('MP146', 'Removing the “1 January 2021” date from H8.16', ['section-h']),
      implemented('MP147', 'SMKI full extract from daily to weekly', ['section-l']),
      implemented('MP153', 'J1.2(b) Communications Hub Finance Charges invoicing', ['section-j']),
    ],
  },
  {
    name: 'November 2021 SEC Release',
    goLive: '2021-11-04',
    modifications: [
      implemented('SECMP0007', 'Firmware updates to IHDs and PPMIDs', [], {
        summary:
          'Its CTSD legal text was brought forward to the June 2021 SEC Release with the Authority’s approval; its CSP elements moved to June 2022.',
      }),
      implemented('MP077', 'DCC Service Flagging'),
      implemented('MP090', 'Incorporation of Non GBCS Non-Mandated Alerts into the SEC', [], {
        raisedOn: '2019-11-15',
        summary:
          'Draft Proposal DP090 raised 16 October 2019; the Change Board voted on 21 October 2020.',
      }),
      implemented('MP105', 'Sending SR11.2 to Devices in Suspended State'),
      implemented('MP138', 'DCC Service Testing in ETAD'),
      implemented('MP150', 'Removing Table 28c from the GBCS', ['schedule-8']),
      implemented('MP157', 'Removal of DUIS v1.1 and v2.0', ['appendix-ad']),
      implemented(
        'MP158',
        'Incorporation of multiple Issue Resolution Proposals into the SEC – Batch 5',
      ),
      implemented('MP164', 'November 2021 SEC Release supporting changes'),
      implemented('MP180', 'Market-wide Half-Hourly Settlement Implementation'),
    ],
  },
  {
    name: 'February 2022 SEC Release',
    goLive: '2022-02-24',
    secVersion: '57.0',
    modifications: [
      implemented('MP116', 'Service Request Forecasting'),
      implemented('MP121', 'Commissioning non-commissioned Devices after CoS'),
      implemented('MP173', 'SMKI & DCCKI Document Set reviews', [
        'section-l',
        'appendix-a',
        'appendix-b',
        'appendix-c',
        'appendix-d',
      ]),
      implemented('MP179', 'DCC Boxed'),
      implemented('MP196', 'Further IVP Extension for pre-SMETS2 v4.2 Devices'),
    ],
  },
  {
    name: 'June 2022 SEC Release',
    goLive: '2022-06-30',
    secVersion: '61.0',
    modifications: [
      implemented('SECMP0024', 'Enduring Approach to Communication Hub Firmware Management'),
      implemented('MP104', 'Security Improvements', ['section-g']),
      implemented('MP159', 'Credit Cover Review', ['section-j']),
      implemented('MP195', 'Security Sub-Committee guidance on Device Assurance', ['section-g']),
    ],
  },
  {
    name: 'Off-cycle Authority-Led Variation',
    goLive: '2022-07-18',
    secVersion: '62.0',
    modifications: [
      implemented('MP200', 'Faster Switching consequential changes to the SEC', [], {
        path: 'alv',
      }),
    ],
  },
  {
    name: 'November 2022 SEC Release',
    goLive: '2022-11-03',
    modifications: [
      implemented('MP109', 'ADT and Exit Quarantine file delivery mechanism', [], {
        path: 'path3',
        raisedOn: '2020-03-13',
        approved: { on: '2022-06-22', by: 'change_board' },
        summary:
          'Draft Proposal raised 20 January 2020; the Change Board approved it under Self-Governance on 22 June 2022.',
      }),
      implemented(
        'SECMP0015',
        'GPF timestamp for reading instantaneous Gas values',
        ['appendix-ad', 'appendix-af'],
        {
          summary:
            'Its DUIS and MMC changes went live in the June 2022 SEC Release; the functionality in November 2022.',
        },
      ),
    ],
  },
];

/** Modifications outside the releases above (domain.md §8 "Other modifications"). */
export const OTHER_HISTORIC_MODIFICATIONS: readonly HistoricModification[] = [
  {
    reference: 'SECMP0008',
    title:
      'Provision of a DCC Alert (formerly Service Request Error Response) for Quarantined Service Requests',
    raisedOn: '2016-06-01',
    raisedOnEstimated: true,
    status: 'implemented',
    documents: ['section-d', 'appendix-ad'],
    summary:
      'The baseline of the SECMP0061 legal text: its changes to D10 were folded into SEC v5.21.',
  },
  {
    reference: 'SECMP0030',
    title: 'Demand Management of DCC Systems',
    status: 'withdrawn',
    path: 'path2',
    raisedOn: '2017-01-04',
    documents: ['section-h'],
    // The Panel considered its Initial Modification Report on 13 January 2017; the status it was
    // withdrawn from is not recorded, so the demo takes the Refinement Process.
    withdrawn: { at: '2017-12-19T12:00:00Z', from: 'refinement' },
  },
  {
    reference: 'SECMP0049',
    title: 'Section D Review: Amendments to the Modification Process',
    raisedOn: '2018-02-01',
    raisedOnEstimated: true,
    status: 'implemented',
    documents: ['section-d'],
    summary:
      'The Change Board recommended approval in August 2018; the new process applied from November 2018.',
  },
  {
    reference: 'MP117',
    title: 'Bulk CH returns',
    raisedOn: '2020-07-01',
    raisedOnEstimated: true,
    status: 'withdrawn',
    // Withdrawn on 9 June 2021; its 10 Working Day adoption window closed on 23 June 2021.
    withdrawn: { at: '2021-06-09T12:00:00Z', from: 'refinement' },
  },
  {
    reference: 'MP129',
    title: 'Allowing the use of CNSA variant for ECDSA',
    raisedOn: '2020-09-01',
    raisedOnEstimated: true,
    status: 'approved',
    summary: 'Targeted for the November 2021 SEC Release, then taken out of its scope.',
  },
  {
    reference: 'MP143',
    title: 'Incorporating IRPs into GBCS v3 series',
    raisedOn: '2020-12-01',
    raisedOnEstimated: true,
    status: 'approved',
    documents: ['schedule-8'],
    summary: 'Targeted for the November 2021 SEC Release, then taken out of its scope.',
  },
  {
    reference: 'SECMP0061',
    title: 'Enduring SEC Release Provisions',
    raisedOn: '2018-09-01',
    raisedOnEstimated: true,
    status: 'refinement',
    // The seed does not say which path SECMP0061 follows: the demo chooses Path 2 (Authority
    // Determined), as for a change to the Panel's powers over SEC Releases.
    path: 'path2',
    documents: ['section-a', 'section-d', 'sec-release-management-policy'],
    dependsOn: ['SECMP0008'],
    summary:
      'Makes the SEC clearer on the Panel’s powers and obligations for overseeing SEC Releases on an enduring basis: the SEC Release Management Policy, a SEC Release Implementation Document for each release with a right of appeal, the SEC Release Testing Approach Document, an external auditor and a review of costs. It changes the SEC Release Management Policy, a Technical Code Specification, so TABASC’s views must be sought.',
  },
];

import { sql, type Kysely } from 'kysely';

/**
 * The SEC Panel and its Sub-Committees and fora (domain.md §3) are fixed by the Code, not data
 * anyone edits: every installation has them, so they are reference data set by migration.
 */
const BODIES = [
  {
    id: 'panel',
    name: 'SEC Panel',
    kind: 'panel',
    description:
      'The SEC Panel (Section C): elected Party Category members, a DCC nominee, two consumer members and an independent Chair. Meets monthly.',
  },
  {
    id: 'change_board',
    name: 'Change Board',
    kind: 'sub_committee',
    description:
      'A Panel Sub-Committee (C6.10) that decides Self-Governance modifications and recommends on Authority-determined ones (Section D8).',
  },
  {
    id: 'change_sub_committee',
    name: 'Change Sub-Committee',
    kind: 'sub_committee',
    description:
      'Oversees Draft Proposals in the Development Stage until the problem statement is agreed.',
  },
  {
    id: 'tabasc',
    name: 'Technical Architecture and Business Architecture Sub-Committee',
    kind: 'sub_committee',
    description:
      'TABASC maintains the Technical Architecture Document and the Business Architecture Document and runs effectiveness reviews (F1.4).',
  },
  {
    id: 'security_sub_committee',
    name: 'Security Sub-Committee',
    kind: 'sub_committee',
    description:
      'The SSC, set up under Section G7: security obligations, assurance and Device Assurance guidance.',
  },
  {
    id: 'smki_pma',
    name: 'SMKI Policy Management Authority',
    kind: 'sub_committee',
    description:
      'The SMKI PMA, the Sub-Committee responsible for the SMKI SEC Documents (Section L).',
  },
  {
    id: 'alt_han_forum',
    name: 'Alt HAN Forum',
    kind: 'sub_committee',
    description:
      'The body under Section Z (Alt HAN Arrangements); may act through Forum Sub-Groups.',
  },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const body of BODIES) {
    await sql`insert into body (id, name, kind, description)
      values (${body.id}, ${body.name}, ${body.kind}, ${body.description})
      on conflict (id) do nothing`.execute(db);
  }
}

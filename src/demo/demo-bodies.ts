import { inTransaction, type AppContext } from '../app-context.ts';
import type { BodyTable } from '../db/schema.ts';
import { SYSTEM_ACTOR } from '../modules/audit/audit.ts';

/** The SEC Panel and its Sub-Committees and fora (domain.md §3). */
export const DEMO_BODIES: readonly BodyTable[] = [
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

/** Registers the bodies in one transaction, each with a `body.created` audit event. */
export async function createDemoBodies(ctx: AppContext): Promise<void> {
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    for (const body of DEMO_BODIES) {
      await unit.trx.insertInto('body').values(body).execute();
      await unit.audit({
        action: 'body.created',
        subjectType: 'body',
        subjectId: body.id,
        after: { name: body.name, kind: body.kind, description: body.description },
      });
    }
  });
}

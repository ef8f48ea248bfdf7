import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, withErrors } from '../../schemas.ts';
import { allocateModification, decideAndDescope } from './allocation.actions.ts';
import { canSeeUnallocated } from './allocation.access.ts';
import { presentAllocation } from '../release/release.present.ts';
import { unallocatedModifications } from './allocation.queries.ts';
import { AllocationBody, DescopeBody, UnallocatedSchema } from './allocation.schema.ts';
import { AllocationSchema } from '../release/release.schema.ts';
import { requireActor } from '../identity/identity.access.ts';

/** Allocation of approved modifications to SEC Releases by parts, and de-scoping (D10.7, D10.8(a)). */
export function registerAllocationRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['releases'];

  app.post(
    '/api/v1/releases/:id/allocations',
    {
      schema: {
        summary: 'Allocate a part of an approved modification to the release (SECAS)',
        tags,
        params: IdParams,
        body: AllocationBody,
        response: withErrors({ 201: AllocationSchema }),
      },
    },
    async (request, reply) => {
      const allocation = await allocateModification(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentAllocation(allocation));
    },
  );

  app.post(
    '/api/v1/allocations/:id/descope',
    {
      schema: {
        summary: 'Record the Panel’s decision to de-scope a part and return it to unallocated',
        tags,
        params: IdParams,
        body: DescopeBody,
        response: withErrors({ 200: AllocationSchema }),
      },
    },
    async (request) =>
      presentAllocation(
        await decideAndDescope(app.ctx, request.principal, request.params.id, request.body),
      ),
  );

  app.get(
    '/api/v1/modifications/unallocated',
    {
      schema: {
        summary: 'Approved modifications not allocated to any release (Panel and SECAS)',
        tags,
        response: withErrors({ 200: UnallocatedSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canSeeUnallocated);
      const rows = await unallocatedModifications(app.ctx.db);
      return rows.map((row) => ({
        id: row.id,
        reference: row.reference,
        title: row.title,
        approvedOn: row.approvedOn,
      }));
    },
  );
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, withErrors } from '../../schemas.ts';
import { allocateModification, decideAndDescope } from './allocation.actions.ts';
import { canSeeUnallocated } from './allocation.access.ts';
import { presentAllocation } from '../release/release.present.ts';
import { findRelease } from '../release/release.queries.ts';
import { AppError } from '../../errors.ts';
import {
  scopeAgainstRid,
  unallocatedModifications,
  type Allocation,
} from './allocation.queries.ts';
import {
  AllocationBody,
  AllocationChangeSchema,
  DescopeBody,
  ScopeDifferenceSchema,
  UnallocatedSchema,
  withAllocationErrors,
} from './allocation.schema.ts';
import { requireActor } from '../identity/identity.access.ts';

/** An allocation with its pending change (ruling 15), as the allocation API answers. */
function presentChange(allocation: Allocation) {
  return {
    ...presentAllocation(allocation),
    pendingChange: allocation.pendingChange,
    appliedByRidVersionId: allocation.appliedByRidVersionId,
  };
}

/** Allocation of approved modifications to SEC Releases by parts, and de-scoping (D10.7, D10.8(a)). */
export function registerAllocationRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['releases'];

  app.post(
    '/api/v1/releases/:id/allocations',
    {
      schema: {
        summary: 'Allocate a part of an approved modification to the release (SECAS)',
        description:
          'Ruling 17: a release going live after the modification’s implementation date needs a recorded D10.5 request to the Authority first; one going live before a date the Authority directed is refused. Ruling 15: after a RID version is approved the part is a pending addition (pendingChange) until an approved amendment carries it; from the RID freeze it is refused unless the Panel recorded an override. D6.8(e): refused with legal_text_documents_missing while the modification’s legal text changes a Section not among the documents it changes.',
        tags,
        params: IdParams,
        body: AllocationBody,
        response: withAllocationErrors({ 201: AllocationChangeSchema }, [
          'not_approved',
          'already_exists',
          'invalid_transition',
          'panel_exception_required',
          'rid_frozen',
          'timetable_request_required',
          'before_directed_date',
          'legal_text_documents_missing',
        ]),
      },
    },
    async (request, reply) => {
      const allocation = await allocateModification(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentChange(allocation));
    },
  );

  app.post(
    '/api/v1/allocations/:id/descope',
    {
      schema: {
        summary: 'Record the Panel’s decision to de-scope a part and return it to unallocated',
        description:
          'Ruling 15: after a RID version is approved, the removal of a part it lists is pending (pendingChange) until an approved amendment drops it; from the RID freeze it is refused unless the Panel recorded an override. Ruling 13: the decision names the Panel meeting that took it (meetingId) and is dated that meeting’s day; it is recorded once the meeting is held (meeting_not_held) and within its record window (panel_record_late); a meeting held before the cut-over is history and is not gated.',
        tags,
        params: IdParams,
        body: DescopeBody,
        response: withAllocationErrors({ 200: AllocationChangeSchema }, [
          'invalid_transition',
          'rid_frozen',
          'meeting_not_held',
          'panel_record_late',
        ]),
      },
    },
    async (request) =>
      presentChange(
        await decideAndDescope(app.ctx, request.principal, request.params.id, request.body),
      ),
  );

  app.get(
    '/api/v1/releases/:id/scope',
    {
      schema: {
        summary: 'How the release’s scope differs from its approved RID (public, ruling 15)',
        description:
          'D10.13(a), D10.15: the approved RID fixes the content; additions are parts the release holds that it does not list, removals parts it lists that are leaving. Pending ones wait for an approved RID amendment.',
        tags,
        params: IdParams,
        response: withErrors({ 200: ScopeDifferenceSchema }),
      },
    },
    async (request) => {
      if (!(await findRelease(app.ctx.db, request.params.id)))
        throw new AppError('not_found', `There is no release ${request.params.id}`);
      const difference = await scopeAgainstRid(app.ctx.db, request.params.id);
      return {
        ...difference,
        inStep: difference.additions.length === 0 && difference.removals.length === 0,
      };
    },
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

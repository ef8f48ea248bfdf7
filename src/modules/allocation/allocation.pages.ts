import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseId } from '../../http/params.ts';
import { formNumber, formText } from '../../web/forms.ts';
import { allocateModification, decideAndDescope } from './allocation.actions.ts';
import { canAllocate } from './allocation.access.ts';
import { canRecordReleaseDecisions } from '../release/release.access.ts';
import { submitReleaseForm } from '../release/release.pages.ts';
import { requireActor } from '../identity/identity.access.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** The allocation forms of the release page: allocate a part, de-scope one (D10.7, D10.8(a)). */
export function registerAllocationPages(app: FastifyInstance): void {
  app.post('/releases/:id/allocations', { schema: { hide: true } }, (request: IdRequest, reply) => {
    const principal = requireActor(request.principal, canAllocate);
    const id = parseId(request.params.id, 'release');
    return submitReleaseForm(app, request, reply, id, 'allocate', async () => {
      const exception = formText(request, 'exceptionDecisionId');
      const allocation = await allocateModification(app.ctx, principal, id, {
        modificationId: formNumber(request, 'modificationId') || 0,
        part: formText(request, 'part'),
        description: formText(request, 'description'),
        dccImpacting: formText(request, 'dccImpacting') === 'yes',
        exceptionDecisionId:
          exception === '' ? undefined : formNumber(request, 'exceptionDecisionId'),
      });
      return `The ${allocation.part} part has been allocated to the release.`;
    });
  });

  app.post<{ Params: { id: string; allocation: string } }>(
    '/releases/:id/allocations/:allocation/descope',
    { schema: { hide: true } },
    (request, reply) => {
      const principal = requireActor(request.principal, canRecordReleaseDecisions);
      const id = parseId(request.params.id, 'release');
      const allocationId = parseId(request.params.allocation, 'allocation');
      return submitReleaseForm(app, request, reply, id, `descope-${allocationId}`, async () => {
        const allocation = await decideAndDescope(app.ctx, principal, allocationId, {
          meetingId: formNumber(request, 'meetingId') || undefined,
          reasons: formText(request, 'reasons'),
        });
        return `The ${allocation.part} part has been de-scoped and is unallocated again.`;
      });
    },
  );
}

import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { activeUsersWithRole } from '../meeting/meeting.queries.ts';
import type { Modification } from '../modification/modification.queries.ts';
import {
  applyDirection,
  type Direction,
  type Directed,
} from '../timetable/authority-request.actions.ts';
import { canAnswerTimetableRequests } from '../timetable/timetable.access.ts';
import { outOfStepMail } from './allocation-step.mail.ts';
import { outOfStepParts, type OutOfStepPart } from './allocation.queries.ts';

/** Who is told when allocations fall out of step (ruling 17): SECAS and the Panel. */
export const OUT_OF_STEP_ROLES = ['code_administrator', 'panel_chair', 'panel_member'] as const;

/**
 * Ruling 17: after a direction replaced a modification's implementation date, the allocations it
 * left out of step are flagged: one audit event naming them, and an e-mail to each person of
 * SECAS and the Panel (once per direction). The home page shows them until they are in step.
 */
async function flagOutOfStep(
  unit: UnitOfWork,
  modification: Modification,
  requestId: number,
  implementationDate: string,
): Promise<OutOfStepPart[]> {
  const parts = await outOfStepParts(unit.trx, modification.id);
  if (parts.length === 0) return parts;
  await unit.audit({
    action: 'allocation.out_of_step',
    subjectType: 'modification',
    subjectId: String(modification.id),
    after: {
      requestId,
      implementationDate,
      allocations: parts.map((p) => ({
        allocationId: p.allocationId,
        release: p.releaseName,
        goLive: p.goLive,
        part: p.part,
        code: p.problem.code,
      })),
    },
    reason: 'The Authority’s direction replaced the implementation date (D10.5, ruling 17)',
  });
  const told = new Set<number>();
  for (const role of OUT_OF_STEP_ROLES) {
    for (const user of await activeUsersWithRole(unit.trx, role)) {
      if (told.has(user.id)) continue;
      told.add(user.id);
      await unit.notify({
        to: user.email,
        toName: user.name,
        ...outOfStepMail(
          modification,
          implementationDate,
          parts.map((p) => ({ ...p, message: p.problem.message })),
          user.name,
        ),
        dedupeKey: `out-of-step:${requestId}:${user.id}`,
      });
    }
  }
  return parts;
}

/**
 * D10.5, ruling 17: the Authority directs a new implementation timetable on a pending request
 * (see `applyDirection`: the timetable is replaced, open actions move), and in the same unit of
 * work the allocations the new date leaves out of step are flagged to SECAS and the Panel.
 */
export async function recordDirection(
  ctx: AppContext,
  principal: Principal | null,
  requestId: number,
  input: Direction,
  actor: Actor = actorOf(requireActor(principal, canAnswerTimetableRequests)),
): Promise<Omit<Directed, 'modification' | 'previousDate'> & { outOfStep: OutOfStepPart[] }> {
  return inTransaction(ctx, actor, async (unit) => {
    const { request, timetable, moved, modification } = await applyDirection(
      unit,
      requestId,
      input,
    );
    const outOfStep = await flagOutOfStep(
      unit,
      modification,
      requestId,
      timetable.implementationDate,
    );
    return { request, timetable, moved, outOfStep };
  });
}

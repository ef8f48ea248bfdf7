import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid, requiredText } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { MAX_TEXT } from '../meeting/meeting.ts';
import { findOrganisation } from '../meeting/meeting.queries.ts';
import { STATUS_NAMES } from '../modification/modification.ts';
import { lockModification, touchModification } from '../modification/modification.queries.ts';
import {
  implementationDateProblem,
  isImplementing,
  timetableAmendmentRefusal,
} from './timetable.ts';
import { canAmendTimetables, canMakeRepresentations, canRepresentFor } from './timetable.access.ts';
import { insertRepresentation, replaceTimetable, type TimetableEntry } from './timetable.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface TimetableAmendment {
  implementationDate: string;
  description?: string | undefined;
  /** The modification's version the amender saw. */
  version?: number | undefined;
}

/**
 * D6.8(c): during refinement SECAS amends the implementation timetable (for example to fit
 * the Release Management Policy). Refused with `path1_timetable_fixed` for Path 1 and ALVs
 * (D10.1), and outside refinement. The old version is kept as history. Audited.
 */
export async function amendTimetable(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: TimetableAmendment,
  actor: Actor = actorOf(requireActor(principal, canAmendTimetables)),
): Promise<TimetableEntry> {
  const implementationDate = input.implementationDate.trim();
  const description = (input.description ?? '').trim();
  if (description.length > MAX_TEXT) {
    throw invalid('description', `The description must be ${MAX_TEXT} characters or fewer`);
  }
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId, input.version);
    const refusal = timetableAmendmentRefusal(modification);
    if (refusal) throw new AppError(refusal.code, refusal.message);
    const problem = implementationDateProblem(implementationDate, todayOf(unit.now));
    if (problem) throw invalid('implementationDate', problem);
    const { previous, current } = await replaceTimetable(unit, modificationId, {
      implementationDate,
      description,
      source: 'refinement',
    });
    await touchModification(unit, modificationId);
    await unit.audit({
      action: 'timetable.amended',
      subjectType: 'modification',
      subjectId: String(modificationId),
      before: previous
        ? { implementationDate: previous.implementationDate, source: previous.source }
        : null,
      after: { implementationDate, description, source: 'refinement' },
      reason: description === '' ? null : description,
    });
    return current;
  });
}

export interface NewRepresentation {
  text: string;
  /** The organisation making it; a Party's own by default. SECAS may record any Party's. */
  fromOrganisationId?: number | undefined;
}

/**
 * D10.5: the Code Administrator or any Party represents that the approved timetable is not
 * reasonably practicable. A Party speaks for itself; SECAS may also record a representation
 * a Party sent it. Only while the modification is being implemented. Audited.
 */
export async function recordRepresentation(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: NewRepresentation,
  actor: Actor = actorOf(requireActor(principal, canMakeRepresentations)),
): Promise<{ id: number; fromOrganisationId: number }> {
  const text = requiredText('text', input.text, 'why the timetable is not practicable', MAX_TEXT);
  const fromOrganisationId = input.fromOrganisationId ?? principal?.organisationId ?? null;
  if (fromOrganisationId === null) {
    throw invalid('fromOrganisationId', 'Choose the organisation making the representation');
  }
  if (principal && !canRepresentFor(principal, fromOrganisationId)) {
    throw new AppError(
      'forbidden',
      'A Party may make representations for its own organisation only',
    );
  }
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId);
    if (!isImplementing(modification.status)) {
      throw new AppError(
        'invalid_transition',
        `${modification.reference} is ${STATUS_NAMES[modification.status]}: representations concern an approved timetable (D10.5)`,
      );
    }
    const organisation = await findOrganisation(unit.trx, fromOrganisationId);
    if (!organisation || !['party', 'dcc', 'code_administrator'].includes(organisation.kind)) {
      throw invalid(
        'fromOrganisationId',
        'Representations come from the Code Administrator or a Party',
      );
    }
    const id = await insertRepresentation(
      unit.trx,
      { modificationId, fromOrganisationId: organisation.id, text, recordedBy: actor.id },
      unit.now,
    );
    await unit.audit({
      action: 'timetable.representation_recorded',
      subjectType: 'timetable_representation',
      subjectId: String(id),
      after: { modificationId, from: organisation.name, fromOrganisationId: organisation.id, text },
    });
    return { id, fromOrganisationId: organisation.id };
  });
}

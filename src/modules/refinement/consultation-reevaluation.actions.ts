import type { UnitOfWork } from '../../app-context.ts';
import type { ClassChangeRules } from '../catalogue/catalogue.actions.ts';
import { documentLabel } from '../catalogue/catalogue.ts';
import type { CatalogueEntry } from '../catalogue/catalogue.queries.ts';
import type {
  DocumentChangeRules,
  ReturnedToRefinement,
} from '../modification/modification-documents.actions.ts';
import { AFTER_REFINEMENT, STATUS_NAMES, canTransition } from '../modification/modification.ts';
import {
  lockModification,
  moveStatus,
  type Modification,
} from '../modification/modification.queries.ts';
import {
  changedDocumentOfClasses,
  consultationChanges,
  newlyMandatory,
  requiredConsultations,
  returnReason,
  type Consultation,
  type ConsultationChange,
} from './consultation-rules.ts';
import { isRefinementOpen } from './refinement.ts';
import { assertLegalTextCovered } from '../code-text/code-authoring.actions.ts';
import { legalTextChangeGated } from '../code-text/code-coverage.ts';
import { loadConsultationState, loadDocumentsById } from './refinement.store.ts';
import {
  insertRefinementReturn,
  openRefinementsChanging,
  returnRecipients,
} from './refinement-return.store.ts';

/** What the audit trail records of the rules' outcome: the mandatory bodies and why. */
function mandatoryView(consultations: readonly Consultation[]) {
  return consultations
    .filter((consultation) => consultation.mandatory)
    .map(({ body, purpose, reasons }) => ({ body, purpose, reasons }));
}

/** Audits a re-run of the rules that changed a refinement's outcome. */
async function auditReevaluation(
  unit: UnitOfWork,
  modificationId: number,
  before: readonly Consultation[],
  after: readonly Consultation[],
  changes: readonly ConsultationChange[],
  reason: string,
): Promise<void> {
  await unit.audit({
    action: 'refinement.consultations_reevaluated',
    subjectType: 'modification',
    subjectId: String(modificationId),
    before: { mandatory: mandatoryView(before) },
    after: { mandatory: mandatoryView(after), changed: changes.map((change) => change.body) },
    reason,
  });
}

/**
 * D6.8(f)–(i): when SECAS changes the classes of a catalogue entry, every open refinement (a
 * Modification Proposal or in refinement) that changes it has its consultation rules run again
 * in the same transaction; where whose views are mandatory (or why) changed, audited
 * `refinement.consultations_reevaluated` with before and after. The refinement page works the
 * rules out as it shows them, so it shows the new result.
 */
export const classChangeRules: ClassChangeRules = {
  async classesChanged(unit, before: CatalogueEntry, after: CatalogueEntry): Promise<void> {
    const reason = `The classes of ${documentLabel(after)} changed from ${before.classes.join(', ') || 'none'} to ${after.classes.join(', ') || 'none'}`;
    for (const modificationId of await openRefinementsChanging(unit.trx, after.id)) {
      // Queue behind any refinement step on the modification in flight.
      await lockModification(unit.trx, modificationId);
      const state = await loadConsultationState(unit.trx, modificationId);
      const previous = requiredConsultations(
        state.documents.map((document) =>
          document.id === after.id ? changedDocumentOfClasses(before) : document,
        ),
        state.notifications,
      );
      const changes = consultationChanges(previous, state.consultations);
      if (changes.length === 0) continue;
      await auditReevaluation(unit, modificationId, previous, state.consultations, changes, reason);
    }
  },
};

/** E-mails SECAS and the proposer that the modification went back to refinement, and why. */
async function tellReturn(
  unit: UnitOfWork,
  modification: Modification,
  returnId: number,
  reason: string,
): Promise<void> {
  for (const person of await returnRecipients(unit.trx, modification.proposer_org_id)) {
    await unit.notify({
      to: person.email,
      toName: person.name,
      subject: `Back to refinement: ${modification.reference} ${modification.title}`,
      text: `${modification.reference} "${modification.title}" has gone back to the Refinement Process (D6.8).\n\n${reason}.\n\nSECAS now seeks those views; refinement completes again once they have been sought. See the refinement page of ${modification.reference} in SEC Release Management.`,
      dedupeKey: `refinement-return:${returnId}:${person.id}`,
    });
  }
}

/**
 * What a change of a modification's documents asks, once they were replaced: the consultation
 * rules (`reevaluateConsultations`), then D6.8(e), rule 1: past the refinement gate, and not sent
 * back to refinement by this change, the documents must still list every Section the legal text
 * changes (refused with `legal_text_documents_missing`, and nothing changes).
 */
export const documentChangeRules: DocumentChangeRules = {
  async documentsChanged(unit, modification, beforeIds): Promise<ReturnedToRefinement | null> {
    const returned = await reevaluateConsultations(unit, modification, beforeIds);
    if (!returned && legalTextChangeGated(modification.status))
      await assertLegalTextCovered(unit.trx, modification.id, 'documents');
    return returned;
  },
};

/**
 * D6.8(f)–(i): after the documents a modification changes were replaced, the consultation rules
 * run again. In open refinement, a changed outcome is audited (the page shows it). After
 * refinement and before a decision, on a path with a Refinement Process, a body whose views
 * became mandatory and were not sought returns the modification to refinement: the status
 * change goes through the lifecycle table (cause `documents`) with the reason, the return is
 * recorded and audited `refinement.returned`, and SECAS and the proposer are e-mailed.
 */
async function reevaluateConsultations(
  unit: UnitOfWork,
  modification: Modification,
  beforeIds: readonly string[],
): Promise<ReturnedToRefinement | null> {
  const { status, path } = modification;
  const open = isRefinementOpen(status);
  if (!open && !AFTER_REFINEMENT.includes(status)) return null;
  const state = await loadConsultationState(unit.trx, modification.id);
  const previous = requiredConsultations(
    await loadDocumentsById(unit.trx, beforeIds),
    state.notifications,
  );
  const changes = consultationChanges(previous, state.consultations);
  if (changes.length === 0) return null;
  const requested = state.requests.map((request) => request.body);
  const bodies = newlyMandatory(previous, state.consultations, requested);
  if (open || bodies.length === 0 || !canTransition(status, 'refinement', 'documents', path)) {
    await auditReevaluation(
      unit,
      modification.id,
      previous,
      state.consultations,
      changes,
      'The documents it changes changed',
    );
    return null;
  }
  const reason = returnReason(STATUS_NAMES[status], bodies);
  await moveStatus(unit, modification, 'refinement', 'documents', reason);
  const returnId = await insertRefinementReturn(unit, {
    modificationId: modification.id,
    fromStatus: status,
    bodies: bodies.map((consultation) => consultation.body),
    reason,
  });
  await unit.audit({
    action: 'refinement.returned',
    subjectType: 'modification',
    subjectId: String(modification.id),
    before: { status, mandatory: mandatoryView(previous) },
    after: {
      status: 'refinement',
      returnId,
      mandatory: mandatoryView(state.consultations),
      newlyMandatory: mandatoryView(bodies),
    },
    reason,
  });
  await tellReturn(unit, modification, returnId, reason);
  return { reason, bodies: bodies.map((consultation) => consultation.body) };
}

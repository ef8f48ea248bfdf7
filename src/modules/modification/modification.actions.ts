import { inTransaction, type AppContext, type Tx, type UnitOfWork } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { AppError, checkAll, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { isPath, type Path, type Status, type StepOutcome } from './modification.ts';
import { canRaiseModification, raisablePaths, raiseCapacityOf } from './modification.access.ts';
import {
  REFERENCE_HINT,
  canonicalReference,
  checkDependencies,
  checkRaisedPath,
  checkSummary,
  checkTitle,
  initialStatusOf,
  searchTextOf,
  type Problem,
} from './modification-register.ts';
import { checkDocuments } from './modification-documents.actions.ts';
import {
  addDependencies,
  addDocuments,
  findByReferences,
  findOrganisationKind,
  insertModification,
  recordProposedDate,
  referenceTaken,
} from './modification.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

export interface NewModification {
  reference: string;
  title: string;
  summary?: string | undefined;
  /** The proposing Party: SECAS names it; others raise in their own name (or the Panel's). */
  proposerOrgId?: number | null | undefined;
  path?: string | null | undefined;
  urgent?: boolean | undefined;
  documentIds?: readonly string[] | undefined;
  /** References of the modifications this one depends on. */
  dependsOn?: readonly string[] | undefined;
  proposedImplementationDate?: string | undefined;
}

function refuse(problem: Problem | null): void {
  if (problem) throw invalid(problem.field, problem.message);
}

function pathOf(value: string | null | undefined): Path | null {
  if (value === undefined || value === null || value === '') return null;
  if (!isPath(value)) throw invalid('path', 'Choose a path from the list');
  return value;
}

/** Fast-Track is the Panel's alone; an Authority-Led Variation the Authority's. */
function checkPathAllowed(principal: Principal, path: Path | null): void {
  if (path === null || raisablePaths(principal).includes(path)) return;
  if (path === 'fast_track')
    throw new AppError('fast_track_panel_only', undefined, { field: 'path' });
  if (path === 'alv') {
    throw new AppError('forbidden', 'Only the Authority raises an Authority-Led Variation', {
      field: 'path',
    });
  }
  throw new AppError('forbidden', 'You cannot raise a modification on that path', {
    field: 'path',
  });
}

/** The proposing organisation: SECAS chooses a Party, the Panel has none, others their own. */
function proposerOf(
  principal: Principal,
  requested: number | null | undefined,
): number | null | 'choose' {
  const capacity = raiseCapacityOf(principal);
  if (!capacity)
    throw new AppError(
      'forbidden',
      'Your account is not linked to an organisation that can propose',
    );
  if (capacity.kind === 'choose') {
    if (requested === undefined || requested === null)
      throw invalid('proposerOrgId', 'Choose the Party that proposes it');
    return 'choose';
  }
  if (capacity.kind === 'panel') {
    if (requested !== undefined && requested !== null) {
      throw new AppError('forbidden', 'The Panel raises modifications in its own name', {
        field: 'proposerOrgId',
      });
    }
    return null;
  }
  if (requested !== undefined && requested !== null && requested !== capacity.organisationId) {
    throw new AppError(
      'forbidden',
      'You can raise modifications only in the name of your own organisation',
      {
        field: 'proposerOrgId',
      },
    );
  }
  return capacity.organisationId;
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
  );
}

/** A raise checked against every rule that needs no database: what the transaction saves. */
interface RaiseRequest {
  reference: string;
  title: string;
  summary: string;
  path: Path | null;
  urgent: boolean;
  status: Status;
  /** The proposer, or the Party SECAS chose (still to be checked against the register). */
  proposerOrgId: number | null;
  proposerChosen: boolean;
  /** Canonical references of the modifications it depends on. */
  dependsOn: string[];
  documentIds: readonly string[];
  proposedDate: string | null;
}

/**
 * Decides what may be raised, before the transaction: each field's rules in the form's order,
 * every refused field reported together (issue 13: a form shows all its errors at once).
 */
function readRaise(raiser: Principal, input: NewModification): RaiseRequest {
  const canonical = canonicalReference(input.reference);
  // What the checks read, kept for the request they make.
  const read: { path: Path | null; proposer: number | null | 'choose' } = {
    path: null,
    proposer: null,
  };
  const title = input.title.trim();
  const summary = (input.summary ?? '').trim();
  const dependsOn = (input.dependsOn ?? [])
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const proposedDate = input.proposedImplementationDate?.trim() ?? '';
  checkAll([
    () => {
      if (!canonical) throw invalid('reference', REFERENCE_HINT);
    },
    () => {
      read.path = pathOf(input.path);
      if (canonical) refuse(checkRaisedPath(canonical.parsed, read.path));
      checkPathAllowed(raiser, read.path);
    },
    () => {
      refuse(checkTitle(title));
    },
    () => {
      refuse(checkSummary(summary));
    },
    () => {
      read.proposer = proposerOf(raiser, input.proposerOrgId);
    },
    () => {
      refuse(checkDependencies(canonical?.reference ?? '', dependsOn));
    },
    () => {
      if (proposedDate !== '' && !isIsoDate(proposedDate)) {
        throw invalid(
          'proposedImplementationDate',
          'The proposed implementation date must be a real date',
        );
      }
    },
  ]);
  if (!canonical) throw invalid('reference', REFERENCE_HINT);
  const { reference, parsed } = canonical;
  const chosen = read.proposer;
  return {
    reference,
    title,
    summary,
    path: read.path,
    urgent: input.urgent ?? false,
    status: initialStatusOf(parsed),
    proposerOrgId: chosen === 'choose' ? (input.proposerOrgId ?? 0) : chosen,
    proposerChosen: chosen === 'choose',
    dependsOn: dependsOn.map((item) => item.toUpperCase()),
    documentIds: input.documentIds ?? [],
    proposedDate: proposedDate === '' ? null : proposedDate,
  };
}

function alreadyInRegister(reference: string): AppError {
  return new AppError('already_exists', `${reference} is already in the register`, {
    field: 'reference',
  });
}

/**
 * Loads and checks what the raise names in the register: a new reference, a Party (or the DCC)
 * as the chosen proposer, current catalogue entries, and dependencies that exist.
 */
async function loadRaise(trx: Tx, request: RaiseRequest) {
  if (await referenceTaken(trx, request.reference)) throw alreadyInRegister(request.reference);
  let proposerOrgId = request.proposerOrgId;
  if (request.proposerChosen) {
    const organisation = await findOrganisationKind(trx, request.proposerOrgId ?? 0);
    if (!organisation || (organisation.kind !== 'party' && organisation.kind !== 'dcc')) {
      throw invalid('proposerOrgId', 'Choose a Party (or the DCC) as the proposer');
    }
    proposerOrgId = organisation.id;
  }
  const documentIds = await checkDocuments(trx, request.documentIds);
  const dependencies = await findByReferences(trx, request.dependsOn);
  const missing = request.dependsOn.find(
    (ref) => !dependencies.some((row) => row.reference === ref),
  );
  if (missing !== undefined)
    throw invalid('dependsOn', `There is no modification ${missing} in the register`);
  return { proposerOrgId, documentIds, dependsOnIds: dependencies.map((row) => row.id) };
}

type LoadedRaise = Awaited<ReturnType<typeof loadRaise>>;

/** Saves the modification with its documents, dependencies and proposed implementation date. */
async function saveRaise(
  unit: UnitOfWork,
  request: RaiseRequest,
  loaded: LoadedRaise,
  raiser: Principal,
): Promise<{ id: number; version: number }> {
  const { reference, title, summary } = request;
  const row = await insertModification(unit.trx, {
    reference,
    title,
    summary,
    proposer_org_id: loaded.proposerOrgId,
    path: request.path,
    urgent: request.urgent,
    status: request.status,
    raised_on: todayOf(unit.now),
    search_text: searchTextOf({ reference, title, summary }),
    created_at: unit.now,
    updated_at: unit.now,
  });
  await addDocuments(unit.trx, row.id, loaded.documentIds);
  await addDependencies(unit.trx, row.id, loaded.dependsOnIds);
  if (request.proposedDate !== null) {
    await recordProposedDate(unit, row.id, request.proposedDate, raiser.userId);
  }
  return row;
}

/**
 * Raises a modification (domain.md §4): a Draft Proposal (DP…) in the Development Stage, or a
 * Modification Proposal (MP…, SECMP…) on its path. Audited `modification.raised`.
 */
export async function raiseModification(
  ctx: AppContext,
  principal: Principal | null,
  input: NewModification,
): Promise<StepOutcome> {
  const raiser = requireActor(principal, canRaiseModification);
  const request = readRaise(raiser, input);
  const { reference, status } = request;
  try {
    return await inTransaction(ctx, actorOf(raiser), async (unit) => {
      const loaded = await loadRaise(unit.trx, request);
      const row = await saveRaise(unit, request, loaded, raiser);
      await unit.audit({
        action: 'modification.raised',
        subjectType: 'modification',
        subjectId: String(row.id),
        after: {
          reference,
          title: request.title,
          status,
          path: request.path,
          urgent: request.urgent,
          proposerOrgId: loaded.proposerOrgId,
          documentIds: loaded.documentIds,
          dependsOn: request.dependsOn,
          proposedImplementationDate: request.proposedDate,
        },
      });
      return { id: row.id, reference, status, version: row.version };
    });
  } catch (error) {
    // Two raises of one reference at the same instant: the unique index refuses the second.
    if (isUniqueViolation(error)) throw alreadyInRegister(reference);
    throw error;
  }
}

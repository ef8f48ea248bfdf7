import { inTransaction, type AppContext } from '../../app-context.ts';
import { isIsoDate, londonDateOf } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { isPath, type Path, type Status } from './modification.ts';
import { canRaiseModification, raisablePaths, raiseCapacityOf } from './modification.access.ts';
import {
  REFERENCE_HINT,
  canonicalReference,
  checkDependencies,
  checkRaisedPath,
  checkWording,
  initialStatusOf,
  searchTextOf,
  type Problem,
} from './modification-register.ts';
import { checkDocuments } from './modification-documents.actions.ts';
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

export interface StepOutcome {
  id: number;
  reference: string;
  status: Status;
  version: number;
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
  const canonical = canonicalReference(input.reference);
  if (!canonical) throw invalid('reference', REFERENCE_HINT);
  const { reference, parsed } = canonical;
  const path = pathOf(input.path);
  refuse(checkRaisedPath(parsed, path));
  checkPathAllowed(raiser, path);
  const title = input.title.trim();
  const summary = (input.summary ?? '').trim();
  refuse(checkWording(title, summary));
  const proposer = proposerOf(raiser, input.proposerOrgId);
  const dependsOn = (input.dependsOn ?? [])
    .map((item) => item.trim())
    .filter((item) => item !== '');
  refuse(checkDependencies(reference, dependsOn));
  const proposedDate = input.proposedImplementationDate?.trim() ?? '';
  if (proposedDate !== '' && !isIsoDate(proposedDate)) {
    throw invalid(
      'proposedImplementationDate',
      'Enter the proposed implementation date as a real date, YYYY-MM-DD',
    );
  }
  const status = initialStatusOf(parsed);
  try {
    return await inTransaction(ctx, actorOf(raiser), async (unit) => {
      const clash = await unit.trx
        .selectFrom('modification')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirst();
      if (clash)
        throw new AppError('already_exists', `${reference} is already in the register`, {
          field: 'reference',
        });
      let proposerOrgId: number | null = proposer === 'choose' ? null : proposer;
      if (proposer === 'choose') {
        const organisation = await unit.trx
          .selectFrom('organisation')
          .select(['id', 'kind'])
          .where('id', '=', input.proposerOrgId ?? 0)
          .executeTakeFirst();
        if (!organisation || (organisation.kind !== 'party' && organisation.kind !== 'dcc')) {
          throw invalid('proposerOrgId', 'Choose a Party (or the DCC) as the proposer');
        }
        proposerOrgId = organisation.id;
      }
      const documentIds = await checkDocuments(unit.trx, input.documentIds ?? []);
      const canonicalDependencies = dependsOn.map((item) => item.toUpperCase());
      const dependencies =
        canonicalDependencies.length === 0
          ? []
          : await unit.trx
              .selectFrom('modification')
              .select(['id', 'reference'])
              .where('reference', 'in', canonicalDependencies)
              .execute();
      const missing = canonicalDependencies.find(
        (ref) => !dependencies.some((row) => row.reference === ref),
      );
      if (missing !== undefined)
        throw invalid('dependsOn', `There is no modification ${missing} in the register`);
      const row = await unit.trx
        .insertInto('modification')
        .values({
          reference,
          title,
          summary,
          proposer_org_id: proposerOrgId,
          path,
          urgent: input.urgent ?? false,
          status,
          raised_on: londonDateOf(unit.now.toISOString()),
          search_text: searchTextOf({ reference, title, summary }),
          created_at: unit.now,
          updated_at: unit.now,
        })
        .returning(['id', 'version'])
        .executeTakeFirstOrThrow();
      if (documentIds.length > 0) {
        await unit.trx
          .insertInto('modification_document')
          .values(documentIds.map((document_id) => ({ modification_id: row.id, document_id })))
          .execute();
      }
      if (dependencies.length > 0) {
        await unit.trx
          .insertInto('modification_dependency')
          .values(
            dependencies.map((dependency) => ({
              modification_id: row.id,
              depends_on_id: dependency.id,
            })),
          )
          .execute();
      }
      if (proposedDate !== '') {
        await unit.trx
          .insertInto('implementation_timetable')
          .values({
            modification_id: row.id,
            implementation_date: proposedDate,
            description: 'Implementation date proposed when the modification was raised',
            source: 'proposal',
            recorded_by: raiser.userId,
            created_at: unit.now,
          })
          .execute();
      }
      await unit.audit({
        action: 'modification.raised',
        subjectType: 'modification',
        subjectId: String(row.id),
        after: {
          reference,
          title,
          status,
          path,
          urgent: input.urgent ?? false,
          proposerOrgId,
          documentIds,
          dependsOn: canonicalDependencies,
          proposedImplementationDate: proposedDate === '' ? null : proposedDate,
        },
      });
      return { id: row.id, reference, status, version: row.version };
    });
  } catch (error) {
    // Two raises of one reference at the same instant: the unique index refuses the second.
    if (isUniqueViolation(error)) {
      throw new AppError('already_exists', `${reference} is already in the register`, {
        field: 'reference',
      });
    }
    throw error;
  }
}

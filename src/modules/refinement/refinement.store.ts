import type { Selectable } from 'kysely';
import type { Db, Tx, UnitOfWork } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import type { SecDocumentTable } from '../../db/schema.ts';
import { isSubCommittee, type SubCommittee } from '../identity/identity.ts';
import {
  requiredConsultations,
  type ChangedDocument,
  type Consultation,
  type ViewNotice,
} from './consultation-rules.ts';
import { PURPOSES, PURPOSE_LETTERS, type Purpose } from './refinement.ts';
import { listViewRequests, type ViewRequestView } from './view-requests.store.ts';

/** One purpose of the checklist as the API and pages show it. */
export interface ChecklistEntry {
  purpose: Purpose;
  name: string;
  description: string;
  conclusion: string | null;
  concludedBy: string | null;
  concludedAt: Date | null;
  /** The item's version: 1 until its first conclusion (items are created when first needed). */
  version: number;
}

/** D6.8(a)–(l): the twelve items, created lazily, so a missing row reads as an open item. */
export async function loadChecklist(db: Db, modificationId: number): Promise<ChecklistEntry[]> {
  const rows = await db
    .selectFrom('refinement_item as item')
    .leftJoin('app_user as author', 'author.id', 'item.concluded_by')
    .select([
      'item.purpose',
      'item.conclusion',
      'item.concluded_at',
      'item.version',
      'author.name as author',
    ])
    .where('item.modification_id', '=', modificationId)
    .execute();
  return PURPOSES.map((info) => {
    const row = rows.find((candidate) => candidate.purpose === info.letter);
    return {
      purpose: info.letter,
      name: info.name,
      description: info.description,
      conclusion: row?.conclusion ?? null,
      concludedBy: row?.author ?? null,
      concludedAt: row?.concluded_at ?? null,
      version: row?.version ?? 1,
    };
  });
}

/** Creates the twelve checklist rows of a modification that has none yet (idempotent). */
export async function ensureChecklist(trx: Tx, modificationId: number): Promise<void> {
  await trx
    .insertInto('refinement_item')
    .values(PURPOSE_LETTERS.map((purpose) => ({ modification_id: modificationId, purpose })))
    .onConflict((conflict) => conflict.columns(['modification_id', 'purpose']).doNothing())
    .execute();
}

/** Locks one checklist item for update; the caller has made sure the rows exist. */
export async function lockChecklistItem(
  trx: Tx,
  modificationId: number,
  purpose: Purpose,
): Promise<{ conclusion: string | null; version: number }> {
  return trx
    .selectFrom('refinement_item')
    .select(['conclusion', 'version'])
    .where('modification_id', '=', modificationId)
    .where('purpose', '=', purpose)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Saves the Working Group's conclusion on one purpose; returns the item's new version. */
export async function saveConclusion(
  unit: UnitOfWork,
  modificationId: number,
  purpose: Purpose,
  conclusion: string,
): Promise<{ version: number; concludedAt: Date | null }> {
  return unit.trx
    .updateTable('refinement_item')
    .set((eb) => ({
      conclusion,
      concluded_by: unit.actor.id,
      concluded_at: unit.now,
      version: eb('version', '+', 1),
    }))
    .where('modification_id', '=', modificationId)
    .where('purpose', '=', purpose)
    .returning(['version', 'concluded_at as concludedAt'])
    .executeTakeFirstOrThrow();
}

/** D6.8(e): whether DCC testing is required and the testing solution, kept on the modification. */
export async function saveDccTesting(
  trx: Tx,
  modificationId: number,
  dccTesting: { required: boolean; testingSolution: string | null },
): Promise<void> {
  await trx
    .updateTable('modification')
    .set({
      dcc_testing_required: dccTesting.required,
      testing_solution: dccTesting.testingSolution,
    })
    .where('id', '=', modificationId)
    .execute();
}

/** The SEC documents the modification changes, with their D6.8(f)–(i) classes. */
export async function loadChangedDocuments(
  db: Db,
  modificationId: number,
): Promise<(ChangedDocument & { id: string })[]> {
  const rows = await db
    .selectFrom('modification_document as link')
    .innerJoin('sec_document as document', 'document.id', 'link.document_id')
    .selectAll('document')
    .where('link.modification_id', '=', modificationId)
    .orderBy('document.kind')
    .orderBy('document.code')
    .execute();
  return rows.map((row) => ({ id: row.id, ...changedDocumentOf(row) }));
}

/** Catalogue entries by id, as the consultation rules read them (to run the rules on a past set). */
export async function loadDocumentsById(
  db: Db,
  ids: readonly string[],
): Promise<(ChangedDocument & { id: string })[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('sec_document')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('kind')
    .orderBy('code')
    .execute();
  return rows.map((row) => ({ id: row.id, ...changedDocumentOf(row) }));
}

/** A sec_document row as the consultation rules read it. */
export function changedDocumentOf(
  row: Pick<
    Selectable<SecDocumentTable>,
    | 'kind'
    | 'code'
    | 'title'
    | 'is_technical_code_specification'
    | 'is_security_obligation'
    | 'is_smki_document'
    | 'relates_to_section_z'
    | 'affects_alt_han_charges'
  >,
): ChangedDocument {
  return {
    kind: row.kind,
    code: row.code,
    title: row.title,
    isTechnicalCodeSpecification: row.is_technical_code_specification,
    isSecurityObligation: row.is_security_obligation,
    isSmkiDocument: row.is_smki_document,
    relatesToSectionZ: row.relates_to_section_z,
    affectsAltHanCharges: row.affects_alt_han_charges,
  };
}

/** A recorded "the body wishes to express a view", as the page lists it. */
export interface NotificationView extends ViewNotice {
  id: number;
  note: string;
  recordedBy: string | null;
  recordedAt: Date;
}

export async function loadNotifications(
  db: Db,
  modificationId: number,
): Promise<NotificationView[]> {
  const rows = await db
    .selectFrom('view_notification as notice')
    .leftJoin('app_user as author', 'author.id', 'notice.recorded_by')
    .select([
      'notice.id',
      'notice.body_id',
      'notice.via_subgroup',
      'notice.note',
      'notice.recorded_at',
      'author.name as author',
    ])
    .where('notice.modification_id', '=', modificationId)
    .orderBy('notice.id')
    .execute();
  return rows.flatMap((row) =>
    isSubCommittee(row.body_id)
      ? [
          {
            id: row.id,
            body: row.body_id,
            viaSubgroup: row.via_subgroup,
            recordedOn: londonDateOf(row.recorded_at.toISOString()),
            note: row.note,
            recordedBy: row.author,
            recordedAt: row.recorded_at,
          },
        ]
      : [],
  );
}

/** Records that a body wishes to express a view; returns what the database set. */
export async function insertNotification(
  unit: UnitOfWork,
  notice: { modificationId: number; body: SubCommittee; viaSubgroup: string | null; note: string },
): Promise<{ id: number; viaSubgroup: string | null; recordedAt: Date }> {
  return unit.trx
    .insertInto('view_notification')
    .values({
      modification_id: notice.modificationId,
      body_id: notice.body,
      via_subgroup: notice.viaSubgroup,
      note: notice.note,
      recorded_by: unit.actor.id,
      recorded_at: unit.now,
    })
    .returning(['id', 'via_subgroup as viaSubgroup', 'recorded_at as recordedAt'])
    .executeTakeFirstOrThrow();
}

/** Everything D6.8(f)–(i) needs about one modification, and what the rules make of it. */
export interface ConsultationState {
  documents: (ChangedDocument & { id: string })[];
  notifications: NotificationView[];
  requests: ViewRequestView[];
  consultations: Consultation[];
}

export async function loadConsultationState(
  db: Db,
  modificationId: number,
): Promise<ConsultationState> {
  // One after another: inside a transaction the queries share one connection.
  const documents = await loadChangedDocuments(db, modificationId);
  const notifications = await loadNotifications(db, modificationId);
  const requests = await listViewRequests(db, { modificationId });
  return {
    documents,
    notifications,
    requests,
    consultations: requiredConsultations(documents, notifications),
  };
}

/** True when `body` is a registered body (the view tables reference the body table). */
export async function bodyExists(db: Db, body: SubCommittee): Promise<boolean> {
  const row = await db.selectFrom('body').select('id').where('id', '=', body).executeTakeFirst();
  return row !== undefined;
}

/** The members of a sub-committee who can be e-mailed (enabled accounts). */
export async function membersOf(
  db: Db,
  body: SubCommittee,
): Promise<{ id: number; email: string; name: string }[]> {
  return db
    .selectFrom('app_user as person')
    .innerJoin('user_role as grant', 'grant.user_id', 'person.id')
    .select(['person.id', 'person.email', 'person.name'])
    .where('grant.role', '=', 'sub_committee_member')
    .where('grant.scope', '=', body)
    .where('person.disabled_at', 'is', null)
    .orderBy('person.id')
    .execute();
}

/** A user's address if their account is enabled (to tell a requester a view arrived). */
export async function activeContact(
  db: Db,
  userId: number,
): Promise<{ email: string; name: string } | undefined> {
  return db
    .selectFrom('app_user')
    .select(['email', 'name'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

import { sql } from 'kysely';
import type { Db, UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import { tellFollowers } from '../notification/notification.actions.ts';
import { listAuditEvents } from '../../audit/audit.store.ts';
import type { AuditEvent } from '../../audit/audit.ts';
import { classesOf, compareDocuments, type DocumentClass } from '../catalogue/catalogue.ts';
import {
  STATUSES,
  STATUS_NAMES,
  canTransition,
  isStatus,
  type Path,
  type Status,
  type TransitionCause,
} from './modification.ts';
import { containsPattern } from './modification-register.ts';
import {
  listAdoptable,
  listDraftProposals,
  saveStatus,
  toModification,
  type Modification,
  type StatusExtra,
} from './modification.store.ts';

/*
 * The reads of the modification register, and what other modules use of it (the store stays
 * private): a modification by id, locked for a use case, marked changed, or moved along its
 * lifecycle.
 */
export {
  findModification,
  lockModification,
  touchModification,
  type Modification,
} from './modification.store.ts';
export { listAdoptable, listDraftProposals };

/**
 * Moves a modification to `to` if the lifecycle table allows it for this cause and path
 * (`invalid_transition` otherwise), and records the step in the audit trail with its reason.
 */
export async function moveStatus(
  unit: UnitOfWork,
  modification: Modification,
  to: Status,
  cause: TransitionCause,
  reason: string | null,
  extra: StatusExtra = {},
): Promise<void> {
  if (!canTransition(modification.status, to, cause, modification.path)) {
    throw new AppError(
      'invalid_transition',
      `${modification.reference} cannot move from ${STATUS_NAMES[modification.status]} to ${STATUS_NAMES[to]}`,
      { field: 'status' },
    );
  }
  await saveStatus(unit, modification.id, to, extra);
  await unit.audit({
    action: 'modification.status_changed',
    subjectType: 'modification',
    subjectId: String(modification.id),
    before: { status: modification.status },
    after: { status: to, cause, ...extra },
    reason,
  });
  // Issue 13: the people who follow the modification are told (decisions move it too).
  await tellFollowers(
    unit,
    { type: 'modification', id: modification.id },
    {
      subject: `${modification.reference} is now ${STATUS_NAMES[to]}`,
      body: `${modification.reference} (${modification.title}) moved from ${STATUS_NAMES[modification.status]} to ${STATUS_NAMES[to]}${reason ? `: ${reason}` : ''}.`,
      key: `modification:${modification.id}:status:${to}:${unit.now.toISOString()}`,
    },
  );
}

/** The status column as the lifecycle knows it (the table's check constraint guarantees one). */
function statusOf(value: string): Status {
  if (!isStatus(value)) throw new Error(`unknown modification status ${value}`);
  return value;
}

export interface ModificationFilter {
  status?: Status | undefined;
  path?: Path | undefined;
  proposerOrgId?: number | undefined;
  documentId?: string | undefined;
  /** A release id: modifications with a live (not de-scoped) allocation in it (D10.7). */
  releaseId?: number | undefined;
  /** Free text, matched anywhere in the reference, title or summary. */
  search?: string | undefined;
}

export interface ModificationListItem {
  id: number;
  reference: string;
  title: string;
  proposer: { id: number; name: string } | null;
  path: Path | null;
  urgent: boolean;
  status: Status;
  statusName: string;
  raisedOn: string;
  version: number;
}

export const DEFAULT_PAGE_SIZE = 50;

/** Issue 13: the columns the register's page sorts by, and the directions. */
export const LIST_SORTS = ['raised', 'reference', 'title', 'status'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export type ListOrder = 'asc' | 'desc';

/**
 * The register filtered, as the web page and its exports read it (issue 13): where-clauses only,
 * shared by the page, its count and its export.
 */
function filteredRegister(db: Db, filter: ModificationFilter) {
  let query = db
    .selectFrom('modification as m')
    .leftJoin('organisation as o', 'o.id', 'm.proposer_org_id');
  if (filter.status) query = query.where('m.status', '=', filter.status);
  if (filter.path) query = query.where('m.path', '=', filter.path);
  if (filter.proposerOrgId !== undefined)
    query = query.where('m.proposer_org_id', '=', filter.proposerOrgId);
  if (filter.documentId) {
    const documentId = filter.documentId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('modification_document as md')
          .select('md.modification_id')
          .whereRef('md.modification_id', '=', 'm.id')
          .where('md.document_id', '=', documentId),
      ),
    );
  }
  if (filter.releaseId !== undefined) {
    const releaseId = filter.releaseId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('allocation as al')
          .select('al.id')
          .whereRef('al.modification_id', '=', 'm.id')
          .where('al.release_id', '=', releaseId)
          .where('al.descoped_at', 'is', null),
      ),
    );
  }
  const search = filter.search?.trim() ?? '';
  if (search !== '') query = query.where('m.search_text', 'like', containsPattern(search));
  return query;
}

/** The number in a reference (MP260 → 260, SECMP0061 → 61), so MP99 sorts before MP100. */
const referenceNumber = sql<number>`cast(substring(m.reference from '[0-9]+') as integer)`;

/** A status's place in the lifecycle (Draft Proposal first), for sorting by status. */
const statusRank = sql<number>`case m.status ${sql.join(
  STATUSES.map((status, index) => sql`when ${sql.lit(status)} then ${sql.lit(index)}`),
  sql` `,
)} end`;

/**
 * Issue 13: one numbered page of the register, sorted by a column (newest raised first by
 * default: raised date, then reference number, then reference), with the number of
 * modifications that match. Two queries whatever the page: the count and the page (OFFSET over
 * at most a few thousand rows, each sorted on columns of the one table).
 */
export async function pageModifications(
  db: Db,
  filter: ModificationFilter,
  page: { sort?: ListSort; order?: ListOrder; page?: number; pageSize?: number } = {},
): Promise<{ items: ModificationListItem[]; total: number }> {
  const pageSize = page.pageSize ?? DEFAULT_PAGE_SIZE;
  const pageNumber = Math.max(1, page.page ?? 1);
  const sort = page.sort ?? 'raised';
  const order = page.order ?? (sort === 'raised' ? 'desc' : 'asc');
  const [countRow, rows] = await Promise.all([
    filteredRegister(db, filter)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    sortedRegister(db, filter, sort, order)
      .limit(pageSize)
      .offset((pageNumber - 1) * pageSize)
      .execute(),
  ]);
  return { items: rows.map(toListItem), total: Number(countRow.n) };
}

/**
 * Issue 13: every modification that matches, in the page's order, a chunk at a time (the CSV
 * and JSON exports stream them).
 */
export async function* eachModification(
  db: Db,
  filter: ModificationFilter,
  sort: ListSort = 'raised',
  order: ListOrder = sort === 'raised' ? 'desc' : 'asc',
  chunk = 500,
): AsyncGenerator<ModificationListItem> {
  for (let offset = 0; ; offset += chunk) {
    const rows = await sortedRegister(db, filter, sort, order)
      .limit(chunk)
      .offset(offset)
      .execute();
    for (const row of rows) yield toListItem(row);
    if (rows.length < chunk) return;
  }
}

const LIST_COLUMNS = [
  'm.id',
  'm.reference',
  'm.title',
  'm.proposer_org_id',
  'o.name as proposer_name',
  'm.path',
  'm.urgent',
  'm.status',
  'm.raised_on',
  'm.version',
] as const;

/** The matching modifications' list columns, in the order asked for, ties broken by reference. */
function sortedRegister(db: Db, filter: ModificationFilter, sort: ListSort, order: ListOrder) {
  const query = filteredRegister(db, filter).select(LIST_COLUMNS);
  const first =
    sort === 'raised'
      ? query.orderBy('m.raised_on', order)
      : sort === 'title'
        ? query.orderBy(sql`lower(m.title)`, order)
        : sort === 'status'
          ? query.orderBy(statusRank, order)
          : query;
  return first.orderBy(referenceNumber, order).orderBy('m.reference', order).orderBy('m.id', order);
}

function toListItem(row: {
  id: number;
  reference: string;
  title: string;
  proposer_org_id: number | null;
  proposer_name: string | null;
  path: Path | null;
  urgent: boolean;
  status: string;
  raised_on: string;
  version: number;
}): ModificationListItem {
  const status = statusOf(row.status);
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    proposer:
      row.proposer_org_id === null
        ? null
        : { id: row.proposer_org_id, name: row.proposer_name ?? '' },
    path: row.path,
    urgent: row.urgent,
    status,
    statusName: STATUS_NAMES[status],
    raisedOn: row.raised_on,
    version: row.version,
  };
}

/** The API list's order and keyset, all descending: raised date, reference number, reference, id. */
const listKey = (alias: 'm' | 'c') => {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql`${column('raised_on')}, coalesce(cast(substring(${column('reference')} from '[0-9]+') as integer), 0), ${column('reference')}, ${column('id')}`;
};

/**
 * The register, newest first as on its page (issue 13: by the day each was raised, then by
 * reference, never by the order rows were written), filtered and searched, keyset-paginated: a
 * page after `before` (the id of the last one seen) continues from that modification's place in
 * the order, so every page costs the same. An unknown `before` is refused. Search uses the
 * lower-cased `search_text` column with `%`/`_` escaped.
 */
export async function listModifications(
  db: Db,
  filter: ModificationFilter,
  page: { before?: number | undefined; limit?: number | undefined } = {},
): Promise<{ items: ModificationListItem[]; nextBefore: number | null }> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  let query = filteredRegister(db, filter).select(LIST_COLUMNS);
  if (page.before !== undefined) {
    const cursor = await db
      .selectFrom('modification')
      .select('id')
      .where('id', '=', page.before)
      .executeTakeFirst();
    if (cursor === undefined)
      throw invalid('before', `There is no modification ${page.before} to list from`);
    query = query.where(
      sql<boolean>`(${listKey('m')}) < (select ${listKey('c')} from modification c where c.id = ${page.before})`,
    );
  }
  const rows = await query
    .orderBy('m.raised_on', 'desc')
    .orderBy(sql`coalesce(${referenceNumber}, 0)`, 'desc')
    .orderBy('m.reference', 'desc')
    .orderBy('m.id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toListItem);
  const last = items.at(-1);
  return { items, nextBefore: rows.length > limit && last ? last.id : null };
}

export interface LinkedModification {
  id: number;
  reference: string;
  title: string;
  status: Status;
}

export interface ModificationView {
  modification: Modification;
  proposer: { id: number; name: string } | null;
  documents: {
    id: string;
    code: string;
    title: string;
    retired: boolean;
    classes: DocumentClass[];
  }[];
  dependsOn: LinkedModification[];
  dependents: LinkedModification[];
  timetable: {
    implementationDate: string;
    description: string;
    source: 'proposal' | 'refinement' | 'authority_direction' | 'decision';
    recordedAt: Date;
  } | null;
}

function toLinked(row: {
  id: number;
  reference: string;
  title: string;
  status: string;
}): LinkedModification {
  return { id: row.id, reference: row.reference, title: row.title, status: statusOf(row.status) };
}

/** One modification with its proposer, documents, dependencies and current implementation timetable. */
export async function loadModificationView(
  db: Db,
  id: number,
): Promise<ModificationView | undefined> {
  const row = await db
    .selectFrom('modification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [proposer, documents, dependsOn, dependents, timetable] = await Promise.all([
    row.proposer_org_id === null
      ? undefined
      : db
          .selectFrom('organisation')
          .select(['id', 'name'])
          .where('id', '=', row.proposer_org_id)
          .executeTakeFirst(),
    db
      .selectFrom('modification_document as md')
      .innerJoin('sec_document as d', 'd.id', 'md.document_id')
      .selectAll('d')
      .where('md.modification_id', '=', id)
      .execute(),
    db
      .selectFrom('modification_dependency as dep')
      .innerJoin('modification as m', 'm.id', 'dep.depends_on_id')
      .select(['m.id', 'm.reference', 'm.title', 'm.status'])
      .where('dep.modification_id', '=', id)
      .orderBy('m.reference')
      .execute(),
    db
      .selectFrom('modification_dependency as dep')
      .innerJoin('modification as m', 'm.id', 'dep.modification_id')
      .select(['m.id', 'm.reference', 'm.title', 'm.status'])
      .where('dep.depends_on_id', '=', id)
      .orderBy('m.reference')
      .execute(),
    db
      .selectFrom('implementation_timetable')
      .select(['implementation_date', 'description', 'source', 'created_at'])
      .where('modification_id', '=', id)
      .where('superseded_at', 'is', null)
      .executeTakeFirst(),
  ]);
  return {
    modification: toModification(row),
    proposer: proposer ?? null,
    documents: [...documents].sort(compareDocuments).map((document) => ({
      id: document.id,
      code: document.code,
      title: document.title,
      retired: document.retired,
      classes: classesOf(document),
    })),
    dependsOn: dependsOn.map(toLinked),
    dependents: dependents.map(toLinked),
    timetable: timetable
      ? {
          implementationDate: timetable.implementation_date,
          description: timetable.description,
          source: timetable.source,
          recordedAt: timetable.created_at,
        }
      : null,
  };
}

/**
 * The timeline of a modification: every audit event whose subject is it, newest first,
 * keyset-paginated on the audit sequence (the audit index on subject serves it).
 */
export async function modificationTimeline(
  db: Db,
  id: number,
  page: { before?: number | undefined; limit?: number | undefined } = {},
): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
  return listAuditEvents(
    db,
    { subjectType: 'modification', subjectId: String(id) },
    { before: page.before, limit: page.limit ?? 100 },
  );
}

/** The organisations that can propose (Parties and the DCC) or have proposed, for filters and forms. */
export async function listProposers(db: Db): Promise<{ id: number; name: string; kind: string }[]> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where((eb) =>
      eb.or([
        eb('kind', 'in', ['party', 'dcc']),
        eb.exists(
          eb
            .selectFrom('modification')
            .select('id')
            .whereRef('modification.proposer_org_id', '=', 'organisation.id'),
        ),
      ]),
    )
    .orderBy('name')
    .execute();
}

/** Issue 13: the register's references, for the next reference a raise is offered. */
export async function listReferences(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('modification').select('reference').execute();
  return rows.map((row) => row.reference);
}

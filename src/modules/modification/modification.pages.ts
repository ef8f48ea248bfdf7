import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { documentLabel } from '../catalogue/catalogue.ts';
import { formList } from '../catalogue/catalogue.pages.ts';
import { listDocuments } from '../catalogue/catalogue.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { raiseModification } from './modification.actions.ts';
import { PATHS, PATH_NAMES, STATUSES, STATUS_NAMES, isPath, isStatus } from './modification.ts';
import {
  canRaiseModification,
  canReadRegister,
  raisablePaths,
  raiseCapacityOf,
} from './modification.access.ts';
import { listReleases } from '../release/release.queries.ts';
import {
  DEFAULT_PAGE_SIZE,
  LIST_SORTS,
  pageModifications,
  listProposers,
  listReferences,
  type ListOrder,
  type ListSort,
  type ModificationFilter,
} from './modification.queries.ts';
import {
  MAX_SEARCH_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_TITLE_LENGTH,
  nextReferences,
} from './modification-register.ts';
import { consultationsAfterRaise, documentGroups } from './modification-raise.present.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { requireActor, requireReader } from '../identity/identity.access.ts';
import { historySourcesOf } from '../history/history.queries.ts';
import { heldOutsideView } from '../history/history.present.ts';

type ErrorItem = { text: string; href: string };
type Query = Record<string, string | undefined>;

const LIST_FIELDS = ['status', 'path', 'proposer', 'document', 'release', 'q'] as const;

/** The list page's filters from its query string; a bad value throws naming its field. */
export function toListFilter(query: Query): ModificationFilter & { before: number | undefined } {
  const text = (name: string): string => (query[name] ?? '').trim();
  const status = text('status');
  if (status !== '' && !isStatus(status)) throw invalid('status', 'Choose a status from the list');
  const path = text('path');
  if (path !== '' && !isPath(path)) throw invalid('path', 'Choose a path from the list');
  const proposer = text('proposer');
  if (proposer !== '' && !/^\d{1,15}$/.test(proposer))
    throw invalid('proposer', 'Choose a proposer from the list');
  const document = text('document');
  if (document.length > 64) throw invalid('document', 'Choose a document from the list');
  const release = text('release');
  if (release !== '' && !/^\d{1,15}$/.test(release))
    throw invalid('release', 'Choose a release from the list');
  const search = text('q');
  if (search.length > MAX_SEARCH_LENGTH)
    throw invalid('q', `Search for at most ${MAX_SEARCH_LENGTH} characters`);
  const before = text('before');
  return {
    status: status === '' ? undefined : status,
    path: path === '' ? undefined : path,
    proposerOrgId: proposer === '' ? undefined : Number(proposer),
    documentId: document === '' ? undefined : document,
    releaseId: release === '' ? undefined : Number(release),
    search: search === '' ? undefined : search,
    before: /^\d{1,15}$/.test(before) ? Number(before) : undefined,
  };
}

/** The column headers the list sorts by, in the table's order. */
const SORT_HEADERS: { sort: ListSort; text: string }[] = [
  { sort: 'reference', text: 'Reference' },
  { sort: 'title', text: 'Title' },
  { sort: 'status', text: 'Status' },
  { sort: 'raised', text: 'Raised' },
];

interface ListView {
  sort: ListSort;
  order: ListOrder;
  page: number;
}

/** The list page's sort, order and page number (issue 13); a bad value throws naming its field. */
export function toListView(query: Query): ListView {
  const sortText = (query.sort ?? '').trim();
  const sort = LIST_SORTS.find((s) => s === sortText);
  if (sortText !== '' && !sort) throw invalid('sort', 'Sort by a column of the table');
  const orderText = (query.order ?? '').trim();
  if (orderText !== '' && orderText !== 'asc' && orderText !== 'desc')
    throw invalid('order', 'Sort in ascending or descending order');
  const pageText = (query.page ?? '').trim();
  if (pageText !== '' && !/^[1-9]\d{0,5}$/.test(pageText))
    throw invalid('page', 'Choose a page number from the list of pages');
  const chosen = sort ?? 'raised';
  return {
    sort: chosen,
    order: orderText === 'asc' || orderText === 'desc' ? orderText : defaultOrder(chosen),
    page: pageText === '' ? 1 : Number(pageText),
  };
}

/** Newest first for the raised date; A to Z (and the lifecycle's order) for the others. */
function defaultOrder(sort: ListSort): ListOrder {
  return sort === 'raised' ? 'desc' : 'asc';
}

/**
 * The page's sortable headers (a link each, aria-sort on the sorted one), its GOV.UK
 * pagination (previous, next, the first and last pages and those around this one) and the
 * result count's words; every link keeps the filters.
 */
export function presentListing(filters: URLSearchParams, view: ListView, total: number) {
  const href = (sort: ListSort, order: ListOrder, page: number): string => {
    const params = new URLSearchParams(filters);
    if (sort !== 'raised' || order !== 'desc') {
      params.set('sort', sort);
      params.set('order', order);
    }
    if (page > 1) params.set('page', String(page));
    const text = params.toString();
    return text === '' ? '/modifications' : `/modifications?${text}`;
  };
  const headers = SORT_HEADERS.map((header) => {
    const current = header.sort === view.sort;
    const order: ListOrder = current
      ? view.order === 'asc'
        ? 'desc'
        : 'asc'
      : defaultOrder(header.sort);
    return {
      text: header.text,
      href: href(header.sort, order, 1),
      ariaSort: current ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none',
      hint: `sort by ${header.text.toLowerCase()}, ${
        header.sort === 'raised'
          ? order === 'desc'
            ? 'newest first'
            : 'oldest first'
          : order === 'asc'
            ? header.sort === 'status'
              ? 'earliest stage first'
              : 'A to Z'
            : header.sort === 'status'
              ? 'latest stage first'
              : 'Z to A'
      }`,
    };
  });
  const pages = Math.max(1, Math.ceil(total / DEFAULT_PAGE_SIZE));
  const current = Math.min(view.page, pages);
  const numbers: (number | null)[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - current) <= 1) numbers.push(n);
    else if (numbers.at(-1) !== null) numbers.push(null);
  }
  return {
    headers,
    pagination:
      pages > 1
        ? {
            previous: current > 1 ? { href: href(view.sort, view.order, current - 1) } : null,
            next: current < pages ? { href: href(view.sort, view.order, current + 1) } : null,
            items: numbers.map((n) =>
              n === null
                ? { ellipsis: true }
                : { number: n, href: href(view.sort, view.order, n), current: n === current },
            ),
            landmarkLabel: 'Pages of modifications',
          }
        : null,
    pageWords:
      pages > 1
        ? `Showing ${(current - 1) * DEFAULT_PAGE_SIZE + 1} to ${Math.min(current * DEFAULT_PAGE_SIZE, total)}, page ${current} of ${pages}.`
        : '',
  };
}

/** Values of the new-modification form, as posted (or empty). */
interface RaiseFormValues {
  reference: string;
  title: string;
  summary: string;
  proposerOrgId: string;
  path: string;
  urgent: boolean;
  documentIds: string[];
  dependsOn: string;
  proposedImplementationDate: string;
  /** The person saw the warning that the proposed date is in the past and went on. */
  pastDateConfirmed: boolean;
}

const EMPTY_RAISE: RaiseFormValues = {
  reference: '',
  title: '',
  summary: '',
  proposerOrgId: '',
  path: '',
  urgent: false,
  documentIds: [],
  dependsOn: '',
  proposedImplementationDate: '',
  pastDateConfirmed: false,
};

/** The register's list and search page, and the form to raise a modification. */
export function registerModificationPages(app: FastifyInstance): void {
  app.get('/modifications', { schema: { hide: true } }, async (request, reply) => {
    requireReader(request.principal, canReadRegister);
    const query = (request.query ?? {}) as Query;
    const [proposers, documents, releases] = await Promise.all([
      listProposers(app.ctx.db),
      listDocuments(app.ctx.db, { includeRetired: true }),
      listReleases(app.ctx.db),
    ]);
    const common = {
      title: 'Modifications',
      query,
      statusItems: [
        { value: '', text: 'Any status' },
        ...STATUSES.map((s) => ({ value: s, text: STATUS_NAMES[s], selected: query.status === s })),
      ],
      pathItems: [
        { value: '', text: 'Any path' },
        ...PATHS.map((p) => ({ value: p, text: PATH_NAMES[p], selected: query.path === p })),
      ],
      proposerItems: [
        { value: '', text: 'Any proposer' },
        ...proposers.map((o) => ({
          value: String(o.id),
          text: o.name,
          selected: query.proposer === String(o.id),
        })),
      ],
      documentItems: [
        { value: '', text: 'Any document' },
        ...documents.map((d) => ({
          value: d.id,
          text: documentLabel(d),
          selected: query.document === d.id,
        })),
      ],
      releaseItems: [
        { value: '', text: 'Any release' },
        ...releases.map((r) => ({
          value: String(r.id),
          text: r.name,
          selected: query.release === String(r.id),
        })),
      ],
      pathNames: PATH_NAMES,
      canRaise: canRaiseModification(request.principal),
      fieldErrors: {},
    };
    let filter;
    let view;
    try {
      filter = toListFilter(query);
      view = toListView(query);
    } catch (error) {
      const errors = formErrors(error);
      const fieldErrors = Object.fromEntries(
        errors.map((e) => [e.href.slice(1), { text: e.text }]),
      );
      return reply.page('modifications.njk', { ...common, errors, fieldErrors, items: [] }, 400);
    }
    const result = await pageModifications(app.ctx.db, filter, {
      sort: view.sort,
      order: view.order,
      page: view.page,
    });
    const params = new URLSearchParams();
    for (const key of LIST_FIELDS) {
      const value = (query[key] ?? '').trim();
      if (value !== '') params.set(key, value);
    }
    const filtered = params.size > 0;
    const listing = presentListing(params, view, result.total);
    const sources = await historySourcesOf(
      app.ctx.db,
      'modification',
      result.items.map((item) => item.id),
    );
    return reply.page('modifications.njk', {
      ...common,
      items: result.items.map((item) => ({ ...item, held: heldOutsideView(sources.get(item.id)) })),
      filtered,
      total: result.total,
      ...listing,
      exportQuery: filtered ? `?${params.toString()}` : '',
    });
  });

  async function renderRaiseForm(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    values: RaiseFormValues,
    errors: ErrorItem[] = [],
    status = 200,
    pastDateWarning = false,
  ) {
    const capacity = raiseCapacityOf(principal);
    const [proposers, documents, references] = await Promise.all([
      listProposers(app.ctx.db),
      listDocuments(app.ctx.db),
      listReferences(app.ctx.db),
    ]);
    const parties = proposers.filter((o) => o.kind === 'party' || o.kind === 'dcc');
    return reply.page(
      'modification-new.njk',
      {
        title: 'Raise a modification',
        values,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
        capacity,
        next: nextReferences(references),
        maxTitle: MAX_TITLE_LENGTH,
        maxSummary: MAX_SUMMARY_LENGTH,
        pastDateWarning,
        proposerItems: [
          { value: '', text: 'Choose the proposing Party' },
          ...parties.map((o) => ({
            value: String(o.id),
            text: o.name,
            selected: values.proposerOrgId === String(o.id),
          })),
        ],
        pathItems: [
          {
            value: '',
            text: 'None yet: this is a Draft Proposal (DP…)',
            checked: values.path === '',
          },
          ...raisablePaths(principal).map((p) => ({
            value: p,
            text: PATH_NAMES[p],
            checked: values.path === p,
          })),
        ],
        documentGroups: documentGroups(documents, values.documentIds),
      },
      status,
    );
  }

  app.get('/modifications/new', { schema: { hide: true } }, (request, reply) => {
    const principal = requireActor(request.principal, canRaiseModification);
    return renderRaiseForm(request, reply, principal, EMPTY_RAISE);
  });

  app.post('/modifications', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canRaiseModification);
    const values: RaiseFormValues = {
      reference: formText(request, 'reference'),
      title: formText(request, 'title'),
      summary: formText(request, 'summary'),
      proposerOrgId: formText(request, 'proposerOrgId'),
      path: formText(request, 'path'),
      urgent: formText(request, 'urgent') === 'yes',
      documentIds: formList(request, 'documentIds'),
      dependsOn: formText(request, 'dependsOn'),
      proposedImplementationDate: formText(request, 'proposedImplementationDate'),
      pastDateConfirmed: formText(request, 'pastDateConfirmed') === 'yes',
    };
    // Issue 13: a proposed implementation date in the past is a warning, not a refusal: the
    // form comes back once with it, and raising again with the same date goes on.
    const today = todayOf(app.ctx.now());
    const proposed = values.proposedImplementationDate;
    if (isIsoDate(proposed) && proposed < today && !values.pastDateConfirmed) {
      return renderRaiseForm(request, reply, principal, values, [], 200, true);
    }
    try {
      if (values.proposerOrgId !== '' && !/^\d{1,15}$/.test(values.proposerOrgId)) {
        throw invalid('proposerOrgId', 'Choose the proposing Party from the list');
      }
      const created = await raiseModification(app.ctx, principal, {
        ...values,
        proposerOrgId: values.proposerOrgId === '' ? undefined : Number(values.proposerOrgId),
        dependsOn: values.dependsOn.split(/[\s,;]+/).filter((item) => item !== ''),
      });
      const changed = (await listDocuments(app.ctx.db)).filter((d) =>
        values.documentIds.includes(d.id),
      );
      setNotice(
        reply,
        `${created.reference} has been raised as a ${STATUS_NAMES[created.status]}. ${consultationsAfterRaise(changed)}`,
      );
      return await reply.redirect(`/modifications/${created.id}`, 303);
    } catch (error) {
      const errors = formErrors(
        error,
        {
          documentIds: 'documentIds',
          proposedImplementationDate: 'proposedImplementationDate',
        },
        request,
      );
      const status = error instanceof AppError ? error.status : 400;
      return renderRaiseForm(request, reply, principal, values, errors, status);
    }
  });
}

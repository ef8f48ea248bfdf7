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
  listModifications,
  listProposers,
  listReferences,
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
    try {
      filter = toListFilter(query);
    } catch (error) {
      const errors = formErrors(error);
      const fieldErrors = Object.fromEntries(
        errors.map((e) => [e.href.slice(1), { text: e.text }]),
      );
      return reply.page('modifications.njk', { ...common, errors, fieldErrors, items: [] }, 400);
    }
    const page = await listModifications(app.ctx.db, filter, { before: filter.before });
    const params = new URLSearchParams();
    for (const key of LIST_FIELDS) {
      const value = (query[key] ?? '').trim();
      if (value !== '') params.set(key, value);
    }
    const nextHref =
      page.nextBefore === null
        ? null
        : `/modifications?${new URLSearchParams([...params, ['before', String(page.nextBefore)]]).toString()}`;
    const firstHref = filter.before === undefined ? null : `/modifications?${params.toString()}`;
    const filtered = params.size > 0;
    const sources = await historySourcesOf(
      app.ctx.db,
      'modification',
      page.items.map((item) => item.id),
    );
    return reply.page('modifications.njk', {
      ...common,
      items: page.items.map((item) => ({ ...item, held: heldOutsideView(sources.get(item.id)) })),
      nextHref,
      firstHref,
      filtered,
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

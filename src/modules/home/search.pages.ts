import type { FastifyInstance } from 'fastify';
import { formErrors } from '../../web/forms.ts';
import { invalid } from '../../errors.ts';
import { canReadCatalogue } from '../catalogue/catalogue.access.ts';
import { canReadDecisions } from '../decision/decision.access.ts';
import { MAX_SEARCH_LENGTH } from '../modification/modification-register.ts';
import {
  SEARCH_PAGE_SIZE,
  searchEverything,
  type SearchHit,
  type SearchKind,
} from './search.queries.ts';

/** What each kind of result is, in words. */
const KIND_NAMES: Record<SearchKind, string> = {
  modification: 'Modification',
  release: 'SEC Release',
  document: 'SEC document',
  decision: 'Decision',
  consultation: 'Consultation',
};

/** Where a result leads: its own page (a decision is on its modification's page). */
function hrefOf(hit: SearchHit): string {
  switch (hit.kind) {
    case 'modification':
    case 'decision':
      return `/modifications/${hit.id}`;
    case 'release':
      return `/releases/${hit.id}`;
    case 'document':
      return `/modifications?document=${encodeURIComponent(hit.id)}`;
    case 'consultation':
      return `/consultations/${hit.id}`;
  }
}

/** A result's words under its link. */
function detailOf(hit: SearchHit): string {
  switch (hit.kind) {
    case 'modification':
      return hit.title;
    case 'decision':
      return `On ${hit.label}: ${hit.title}`;
    case 'document':
      return `${hit.title}: the modifications that change it`;
    case 'release':
    case 'consultation':
      return '';
  }
}

/**
 * Issue 13: /search, one search across modifications, releases, documents, decisions and
 * consultations, each result saying what it is; a reader finds only what they may open (the
 * catalogue and decisions are for those signed in, as their own pages are).
 */
export function registerSearchPage(app: FastifyInstance): void {
  app.get('/search', { schema: { hide: true } }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const q = (query.q ?? '').trim();
    const pageText = (query.page ?? '').trim();
    try {
      if (q.length > MAX_SEARCH_LENGTH)
        throw invalid('q', `Search for at most ${MAX_SEARCH_LENGTH} characters`);
      if (pageText !== '' && !/^[1-9]\d{0,5}$/.test(pageText))
        throw invalid('page', 'Choose a page number from the list of pages');
    } catch (error) {
      const errors = formErrors(error);
      return reply.page(
        'search.njk',
        { title: 'Search', q, errors, fieldErrors: { q: { text: errors[0]?.text ?? '' } } },
        400,
      );
    }
    if (q === '') return reply.page('search.njk', { title: 'Search', q, searched: false });
    const page = pageText === '' ? 1 : Number(pageText);
    const { hits, total } = await searchEverything(
      app.ctx.db,
      q,
      {
        documents: canReadCatalogue(request.principal),
        decisions: canReadDecisions(request.principal),
      },
      app.ctx.now(),
      page,
    );
    const pages = Math.ceil(total / SEARCH_PAGE_SIZE);
    const href = (n: number) =>
      `/search?${new URLSearchParams(n > 1 ? { q, page: String(n) } : { q }).toString()}`;
    return reply.page('search.njk', {
      title: `Search results for ${q}`,
      q,
      searched: true,
      total,
      results: hits.map((hit) => ({
        kind: KIND_NAMES[hit.kind],
        label: hit.label,
        href: hrefOf(hit),
        detail: detailOf(hit),
        date: hit.kind === 'document' ? null : hit.date,
      })),
      pagination:
        pages > 1
          ? {
              previous: page > 1 ? { href: href(page - 1) } : null,
              next: page < pages ? { href: href(page + 1) } : null,
              items: Array.from({ length: pages }, (_, i) => ({
                number: i + 1,
                href: href(i + 1),
                current: i + 1 === page,
              })),
              landmarkLabel: 'Pages of search results',
            }
          : null,
    });
  });
}

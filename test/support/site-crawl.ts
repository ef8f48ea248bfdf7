/**
 * A breadth-first crawl of the site over real HTTP, as one reader (signed in or not): every link
 * from the reader's home page is followed within the site, up to a bound, and each page's
 * response and visible prose are checked. Used by test/integration/site-crawl.test.ts.
 */

/** One problem found on a page: what it is and the text or link that shows it. */
export interface CrawlProblem {
  url: string;
  /** `link`: a link its reader cannot open (sign-in, 4xx, 5xx); `words`: raw text in prose. */
  kind: 'link' | 'words';
  problem: string;
}

export interface CrawlResult {
  /** Pages fetched, in the order they were visited. */
  visited: string[];
  problems: CrawlProblem[];
}

/**
 * Visible prose that reads as code rather than words (issue 13, "GOV.UK patterns and words"):
 * a pattern and how it is named in a failure.
 */
export const RAW_TEXT_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a snake_case code', pattern: /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/ },
  {
    name: 'an audit action code',
    pattern:
      /\b(?:modification|release|rid|tad|meeting|appeal|consultation|policy|decision|allocation|cost|notice|testing|auditor|identity|session|calendar|catalogue|refinement|timetable|history|installation|user|organisation|outbox)\.[a-z]+\b/,
  },
  { name: 'an ISO date', pattern: /\b\d{4}-\d{2}-\d{2}\b/ },
  { name: 'a "(s)" plural', pattern: /\w\(s\)/ },
  { name: 'a reference to a specification file', pattern: /\b[a-z-]+\.md\b/ },
  { name: '"user number"', pattern: /\buser number\b/i },
  { name: 'raw JSON', pattern: /[{[]\s*"[^"\n]{1,60}"\s*:/ },
  // Issue 13, GOV.UK style: no brackets inside brackets, as in "(Code Administrator (SECAS))".
  // A clause label's own brackets are not a second pair: "(D10.8(d))", "(Section D10.8 (d))",
  // "(D6.8(f)–(i))" and "(D10.13(d) and (e))"; nor is a redline's "[deleted: …]" marker.
  {
    name: 'nested brackets',
    pattern:
      /\([^()[\]]*(?:\([^()[\]]*\)[^()[\]]*)*?(?<![A-Za-z0-9]|\b[A-Z]\d+(?:\.\d+)*\s|\)(?:–|-|\s(?:and|or|to)\s))\([^()[\]]*\)[^()[\]]*(?:\([^()[\]]*\)[^()[\]]*)*\)/,
  },
];

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole);
}

/**
 * The text a reader sees on a page, in secrel's own words: the body without scripts, styles, form
 * controls' own values (an <input> shows what a person types, a <textarea> its draft), the skip
 * link's target, or quotations (<blockquote>: the Code's own text, "Document(s)" and all).
 */
export function visibleText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return decodeEntities(
    body
      .replace(/<script[\s\S]*?<\/script>/gi, ' ')
      .replace(/<style[\s\S]*?<\/style>/gi, ' ')
      .replace(/<textarea[\s\S]*?<\/textarea>/gi, ' ')
      .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/** The problems of one page's visible prose and title. */
export function proseProblems(html: string): string[] {
  const problems: string[] = [];
  const text = visibleText(html);
  for (const { name, pattern } of RAW_TEXT_PATTERNS) {
    const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(text);
    if (match) {
      const around = text.slice(Math.max(0, match.index - 40), match.index + match[0].length + 40);
      problems.push(`${name}: “${match[0]}” in “…${around}…”`);
    }
  }
  const title = decodeEntities(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '').trim();
  for (const { name, pattern } of RAW_TEXT_PATTERNS) {
    if (pattern.test(title)) problems.push(`${name} in the title “${title}”`);
  }
  // GOV.UK: a page shows where it lies with breadcrumbs or a back link, never both.
  if (html.includes('class="govuk-breadcrumbs') && html.includes('class="govuk-back-link'))
    problems.push('breadcrumbs and a back link on one page');
  const parts = title.split(' – ');
  if (parts.length > 1 && new Set(parts).size < parts.length)
    problems.push(`a title that repeats itself: “${title}”`);
  return problems;
}

/** Same-site links of a page (href="/…"), without fragments, resolved against the page. */
export function linksOf(html: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/<a\s[^>]*href="([^"]+)"/gi)) {
    const href = decodeEntities(match[1] ?? '');
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    links.add(href.split('#')[0] ?? href);
  }
  return [...links].filter((link) => link !== '');
}

/** Links a crawl does not follow: machine formats, assets and the ways out of a session. */
function followable(link: string): boolean {
  return !/^\/(api|assets|public|sign-out|health|ready|metrics)(\/|$|\?)/.test(link);
}

/** A reader over HTTP with its cookies: anonymous until signIn. */
export class CrawlReader {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      if (index < 0) continue;
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** GET without following redirects: the reader sees where a link really leads. */
  async get(path: string): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ') },
    });
    this.keep(response);
    return response;
  }

  async signIn(email: string, password: string): Promise<void> {
    const form = await (await this.get('/sign-in')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const response = await fetch(`${this.baseUrl}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: csrf, email, password, next: '/home' }).toString(),
    });
    this.keep(response);
    await response.text();
    if (response.status !== 303) throw new Error(`sign-in as ${email}: ${response.status}`);
  }
}

/**
 * Visits pages breadth-first from `start`, at most `limit` of them. A redirect is followed as a
 * link of the page (a redirect to sign-in is a problem: the reader was sent somewhere they
 * cannot open); a 4xx or 5xx is a problem; so is raw text in an HTML page's prose.
 */
export async function crawlSite(
  reader: CrawlReader,
  start: string,
  limit: number,
  onPage: (url: string, html: string) => void = () => undefined,
): Promise<CrawlResult> {
  const queue: { url: string; from: string }[] = [{ url: start, from: '(start)' }];
  const seen = new Set([start]);
  const visited: string[] = [];
  const problems: CrawlProblem[] = [];
  while (queue.length > 0 && visited.length < limit) {
    const { url, from } = queue.shift() ?? { url: start, from: '' };
    visited.push(url);
    const response = await reader.get(url);
    const next: string[] = [];
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location') ?? '';
      await response.text();
      if (location.startsWith('/sign-in'))
        problems.push({ url, kind: 'link', problem: `leads to sign-in (linked from ${from})` });
      else next.push(location);
    } else if (response.status >= 400) {
      await response.text();
      problems.push({ url, kind: 'link', problem: `${response.status} (linked from ${from})` });
    } else if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      const html = await response.text();
      onPage(url, html);
      for (const problem of proseProblems(html)) problems.push({ url, kind: 'words', problem });
      next.push(...linksOf(html));
    } else {
      await response.arrayBuffer();
    }
    for (const link of next) {
      if (!followable(link) || seen.has(link)) continue;
      seen.add(link);
      queue.push({ url: link, from: url });
    }
  }
  return { visited, problems };
}

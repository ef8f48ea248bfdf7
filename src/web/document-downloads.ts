import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PrintDocument } from './print-document.ts';
import { printPdf } from './pdf-print.ts';
import { wordDocument } from './word-document.ts';
import { STYLESHEET_NAME } from './stylesheet.ts';

const WORD_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export type DocumentFormat = 'html' | 'docx' | 'pdf';

/** `document`, `document.docx`, `document.pdf`: the format a download's last path part asks for. */
export function formatOf(part: string): DocumentFormat | undefined {
  if (part === 'document') return 'html';
  if (part === 'document.docx') return 'docx';
  if (part === 'document.pdf') return 'pdf';
  return undefined;
}

/**
 * The page itself as its reader sees it, self-contained for printing: fetched again inside the
 * server with the reader's own session or token (so it holds exactly what they may read), its
 * stylesheet inlined.
 */
async function selfContainedPage(app: FastifyInstance, request: FastifyRequest, url: string) {
  const headers: Record<string, string> = {};
  if (request.headers.cookie) headers.cookie = request.headers.cookie;
  if (request.headers.authorization) headers.authorization = request.headers.authorization;
  const [page, css] = await Promise.all([
    app.inject({ method: 'GET', url, headers }),
    app.inject({ method: 'GET', url: `/static/${STYLESHEET_NAME}` }),
  ]);
  const style = `<style>${css.body.replace(/<\/style/gi, '<\\/style')}</style>`;
  return page.body.replace(/<link rel="stylesheet" href="\/static\/secrel\.css">/, () => style);
}

/** Where the document's page is and what goes around it on screen. */
export interface DocumentPage {
  /** The HTML page's path; its Word and PDF files are at `<path>.docx` and `<path>.pdf`. */
  path: string;
  /** The query string the three share (a redline's two versions), with its `?`; or ''. */
  query?: string;
  /** HTML above the title (a link back), left out of print. */
  caption: string;
  /** Further downloads listed with the Word and PDF ones. */
  links?: { href: string; text: string }[];
  /** The release the document belongs to, named in the page's breadcrumbs. */
  releaseName?: string;
}

/** A document's query string from the parameters of the page it is taken from. */
export function documentQuery(params: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(params).filter(
    (pair): pair is [string, string | number] => pair[1] !== undefined,
  );
  return pairs.length === 0
    ? ''
    : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
}

/**
 * Issue 13: answers a document in the format asked for — the page (print-document.njk), Word,
 * or a PDF Chromium prints from that page.
 */
export async function sendDocument(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  format: DocumentFormat,
  document: PrintDocument,
  page: DocumentPage,
): Promise<unknown> {
  const query = page.query ?? '';
  if (format === 'html') {
    return reply.page('print-document.njk', {
      title: document.title,
      document,
      caption: page.caption,
      base: page.path,
      query,
      links: page.links ?? [],
      releaseName: page.releaseName,
    });
  }
  const attachment = `attachment; filename="${document.fileName}.${format}"`;
  if (format === 'docx') {
    const file = await wordDocument(document);
    return reply
      .type(WORD_TYPE)
      .header('content-disposition', attachment)
      .header('cache-control', 'no-store')
      .send(file);
  }
  const html = await selfContainedPage(app, request, `${page.path}${query}`);
  const pdf = await printPdf(html, app.ctx.config.chromiumPath);
  return reply
    .type('application/pdf')
    .header('content-disposition', attachment)
    .header('cache-control', 'no-store')
    .send(pdf);
}

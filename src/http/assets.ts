import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { NODE_MODULES, RUNNING_FROM_SOURCES, SOURCE_DIR } from '../web/paths.ts';
import { COMPILED_STATIC_DIR, STYLESHEET_NAME, compileStylesheet } from '../web/stylesheet.ts';

const GOVUK_DIST = path.join(NODE_MODULES, 'govuk-frontend', 'dist', 'govuk');

/**
 * GOV.UK Frontend's assets and script, our stylesheet and our public files. Nothing here writes
 * a file: the compiled server serves the stylesheet `npm run build` put in `dist/static/`; from
 * the TypeScript sources (tests, development) it is compiled in memory on its first request.
 */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(GOVUK_DIST, 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
  });
  const publicDir = path.join(SOURCE_DIR, 'web', 'public');
  if (RUNNING_FROM_SOURCES) {
    let css: string | undefined;
    app.get(`/static/${STYLESHEET_NAME}`, { schema: { hide: true } }, (_request, reply) => {
      css ??= compileStylesheet();
      return reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(css);
    });
  } else if (!fs.existsSync(path.join(COMPILED_STATIC_DIR, STYLESHEET_NAME))) {
    throw new Error(`${COMPILED_STATIC_DIR}/${STYLESHEET_NAME} is missing: run "npm run build"`);
  }
  await app.register(fastifyStatic, {
    root: RUNNING_FROM_SOURCES ? publicDir : [publicDir, COMPILED_STATIC_DIR],
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  const govukScript = fs.readFileSync(path.join(GOVUK_DIST, 'govuk-frontend.min.js'));
  app.get('/static/govuk-frontend.min.js', { schema: { hide: true } }, (_request, reply) =>
    reply
      .type('text/javascript')
      .header('cache-control', 'public, max-age=86400')
      .send(govukScript),
  );
}

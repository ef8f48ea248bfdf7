import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ensureStylesheet } from '../web/stylesheet.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.resolve(here, '..', '..', 'node_modules');

/** GOV.UK Frontend's assets and script, our stylesheet and our public files. */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk', 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: [path.resolve(here, '..', 'web', 'public'), ensureStylesheet()],
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  const govukScript = fs.readFileSync(
    path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk', 'govuk-frontend.min.js'),
  );
  app.get('/static/govuk-frontend.min.js', { schema: { hide: true } }, (_request, reply) =>
    reply
      .type('text/javascript')
      .header('cache-control', 'public, max-age=86400')
      .send(govukScript),
  );
}

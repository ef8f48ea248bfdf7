import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { withErrors } from '../../schemas.ts';
import { requireReader } from '../identity/identity.access.ts';
import { findRelease } from '../release/release.queries.ts';
import { canReadCodeDrafts } from './code-text.access.ts';
import type { AmendOp } from './code-amendments.ts';
import { acceptEditorialAmendment, versionFindings } from './code-editorial.actions.ts';
import {
  consolidateRelease,
  importCodeVersion,
  readVersion,
  setModificationAmendments,
} from './code-text.actions.ts';
import {
  AmendmentsBody,
  ConsolidationSchema,
  EditorialAcceptedSchema,
  FindingKeyParams,
  ImportVersionBody,
  ProvisionHistorySchema,
  ProvisionIdParams,
  ProvisionSchema,
  SearchQuery,
  VersionDetailSchema,
  VersionIdParams,
  VersionFindingSchema,
  VersionSchema,
} from './code-text.schema.ts';
import { registerCodeWordRoutes } from './code-word.routes.ts';
import { presentConsolidation, presentProvisions, presentVersion } from './code-text.present.ts';
import {
  latestConsolidation,
  listVersions,
  modificationReference,
  provisionHistory,
  searchProvisions,
  versionMeta,
} from './code-text.store.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** The Code as data (issue 14): versions are public; SECAS imports, records legal text and consolidates. */
export function registerCodeTextRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['code'];
  registerCodeWordRoutes(root);
  const notFound = () => new AppError('not_found', 'There is no such version of the Code');

  app.get(
    '/api/v1/code/versions',
    {
      schema: {
        summary: 'Versions of the Code, newest first; one is live',
        tags,
        response: withErrors({ 200: Type.Array(VersionSchema) }),
      },
    },
    async () => (await listVersions(app.ctx.db)).map(presentVersion),
  );

  app.get(
    '/api/v1/code/versions/:id',
    {
      schema: {
        summary: 'A version of the Code with its provisions in order',
        tags,
        params: VersionIdParams,
        response: withErrors({ 200: VersionDetailSchema }),
      },
    },
    async (request) => {
      const found = await readVersion(app.ctx, request.params.id);
      if (!found) throw notFound();
      return { version: presentVersion(found.meta), provisions: presentProvisions(found.version) };
    },
  );

  app.get(
    '/api/v1/code/versions/:id/search',
    {
      schema: {
        summary: 'Provisions of a version whose label, heading, term or words match',
        tags,
        params: VersionIdParams,
        querystring: SearchQuery,
        response: withErrors({ 200: Type.Array(ProvisionSchema) }),
      },
    },
    async (request) => {
      if (!(await versionMeta(app.ctx.db, request.params.id))) throw notFound();
      const rows = await searchProvisions(app.ctx.db, request.params.id, request.query.q);
      return rows.map((r) => ({
        id: r.provisionId,
        kind: r.kind,
        label: r.fullLabel,
        heading: r.heading,
        term: r.term,
        text: r.text,
      }));
    },
  );

  app.get(
    '/api/v1/code/versions/:id/findings',
    {
      schema: {
        summary:
          'The checks on a version (references, labels, terms), against the version it came from',
        tags,
        params: VersionIdParams,
        response: withErrors({ 200: Type.Array(VersionFindingSchema) }),
      },
    },
    async (request) => {
      const found = await readVersion(app.ctx, request.params.id);
      if (!found) throw notFound();
      return versionFindings(app.ctx.db, found.meta, found.version);
    },
  );

  app.post(
    '/api/v1/code/versions/:id/findings/:key/editorial-amendment',
    {
      schema: {
        summary:
          'Accept a finding’s suggestion as an editorial amendment: the next version, live (SECAS)',
        tags,
        params: FindingKeyParams,
        response: withErrors({ 201: EditorialAcceptedSchema }),
      },
    },
    async (request, reply) => {
      const done = await acceptEditorialAmendment(
        app.ctx,
        request.principal,
        request.params.id,
        request.params.key,
      );
      return reply.code(201).send({ version: presentVersion(done.version), finding: done.finding });
    },
  );

  app.get(
    '/api/v1/code/provisions/:provisionId/history',
    {
      schema: {
        summary: 'One provision across the versions of the Code: its label and words in each',
        tags,
        params: ProvisionIdParams,
        response: withErrors({ 200: ProvisionHistorySchema }),
      },
    },
    async (request) => {
      const rows = await provisionHistory(app.ctx.db, request.params.provisionId);
      if (rows.length === 0) throw new AppError('not_found', 'There is no such provision');
      return rows.map((r) => ({
        versionId: r.versionId,
        versionName: r.versionName,
        releaseId: r.releaseId,
        label: r.fullLabel,
        heading: r.heading,
        term: r.term,
        text: r.text,
      }));
    },
  );

  app.post(
    '/api/v1/code/versions',
    {
      schema: {
        summary:
          'Import a version of the Code from plain text (SECAS); unclassifiable lines refuse it',
        tags,
        body: ImportVersionBody,
        response: withErrors({ 201: VersionSchema }),
      },
    },
    async (request, reply) => {
      const meta = await importCodeVersion(app.ctx, request.principal, request.body);
      return reply.code(201).send(presentVersion(meta));
    },
  );

  app.put(
    '/api/v1/modifications/:id/legal-text',
    {
      schema: {
        summary: 'Record a modification’s legal text as amendments against a base version (SECAS)',
        description:
          'Every operation must apply to the base version as drafted. D6.8(e): once the modification has passed refinement (the Report Phase or any later status), legal text changing a Section not among the documents it changes is refused with legal_text_documents_missing and nothing is stored.',
        tags,
        params: IdParams,
        body: AmendmentsBody,
        response: withErrors({ 204: Type.Null() }, ['legal_text_documents_missing']),
      },
    },
    async (request, reply) => {
      const reference = await modificationReference(app.ctx.db, request.params.id);
      if (!reference) throw new AppError('not_found', 'There is no such modification');
      await setModificationAmendments(
        app.ctx,
        request.principal,
        { id: request.params.id, reference },
        {
          baseVersion: request.body.baseVersion,
          ops: request.body.ops as unknown as AmendOp[],
          source: 'json',
        },
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/releases/:id/code-consolidation',
    {
      schema: {
        summary:
          'Consolidate a release’s legal text against the live version: a preview with its findings (SECAS)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ConsolidationSchema }),
      },
    },
    async (request) => {
      const done = await consolidateRelease(app.ctx, request.principal, request.params.id);
      return presentConsolidation(
        done.base.name,
        { ...done.result, refused: !done.result.version },
        done.findings,
      );
    },
  );

  app.get(
    '/api/v1/releases/:id/code-consolidation',
    {
      schema: {
        summary:
          'The release’s latest consolidation and its findings (public once the release is live; before that SECAS and the Panel)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ConsolidationSchema }),
      },
    },
    async (request) => {
      // As the release's Code page: public once the release is live, a draft before that.
      const release = await findRelease(app.ctx.db, request.params.id);
      if (release?.status !== 'live') requireReader(request.principal, canReadCodeDrafts);
      const stored = await latestConsolidation(app.ctx.db, request.params.id);
      if (!stored)
        throw new AppError('not_found', 'This release’s legal text has not been consolidated');
      const base = await versionMeta(app.ctx.db, stored.baseVersionId);
      return presentConsolidation(
        base?.name ?? '',
        { ...stored.result, refused: stored.refused },
        stored.findings,
      );
    },
  );
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { withErrors } from '../../schemas.ts';
import { createDocument, updateDocument } from './catalogue.actions.ts';
import { canManageCatalogue, canReadCatalogue } from './catalogue.access.ts';
import {
  DocumentIdParams,
  DocumentListQuery,
  DocumentSchema,
  NewDocumentBody,
  UpdateDocumentBody,
} from './catalogue.schema.ts';
import { findDocument, listDocuments, type CatalogueEntry } from './catalogue.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { classChangeRules } from '../refinement/consultation-reevaluation.actions.ts';

export function presentDocument(entry: CatalogueEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    code: entry.code,
    title: entry.title,
    classes: entry.classes,
    retired: entry.retired,
    version: entry.version,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

/** The catalogue of SEC Sections and Subsidiary Documents, maintained by the Code Administrator. */
export function registerCatalogueRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalogue'];
  // Refuse before the body is validated, so a caller without the role learns nothing from it.
  const managerOnly = (request: FastifyRequest, _reply: unknown, done: () => void): void => {
    requireActor(request.principal, canManageCatalogue);
    done();
  };

  app.get(
    '/api/v1/documents',
    {
      schema: {
        summary: 'The catalogue of SEC Sections and Subsidiary Documents with their classes',
        tags,
        querystring: DocumentListQuery,
        response: withErrors({ 200: Type.Array(DocumentSchema) }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadCatalogue);
      const entries = await listDocuments(app.ctx.db, {
        includeRetired: request.query.includeRetired,
      });
      return entries.map(presentDocument);
    },
  );

  app.get(
    '/api/v1/documents/:id',
    {
      schema: {
        summary: 'One catalogue entry',
        tags,
        params: DocumentIdParams,
        response: withErrors({ 200: DocumentSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadCatalogue);
      const entry = await findDocument(app.ctx.db, request.params.id);
      if (!entry)
        throw new AppError('not_found', `The catalogue has no entry ${request.params.id}`);
      return presentDocument(entry);
    },
  );

  app.post(
    '/api/v1/documents',
    {
      preValidation: managerOnly,
      schema: {
        summary: 'Add an entry to the catalogue (Code Administrator)',
        tags,
        body: NewDocumentBody,
        response: withErrors({ 201: DocumentSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageCatalogue);
      const entry = await createDocument(app.ctx, principal, request.body);
      return reply.code(201).send(presentDocument(entry));
    },
  );

  app.put(
    '/api/v1/documents/:id',
    {
      preValidation: managerOnly,
      schema: {
        summary:
          'Correct, reclassify or retire an entry (Code Administrator); send the version you read',
        tags,
        params: DocumentIdParams,
        body: UpdateDocumentBody,
        response: withErrors({ 200: DocumentSchema }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canManageCatalogue);
      const entry = await updateDocument(
        app.ctx,
        principal,
        request.params.id,
        request.body,
        classChangeRules,
      );
      return presentDocument(entry);
    },
  );
}

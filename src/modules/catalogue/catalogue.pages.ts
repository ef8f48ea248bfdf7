import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { createDocument, updateDocument } from './catalogue.actions.ts';
import {
  CLASS_CONSULTEES,
  DOCUMENT_CLASSES,
  DOCUMENT_CLASS_NAMES,
  DOCUMENT_KINDS,
  DOCUMENT_KIND_NAMES,
  documentLabel,
} from './catalogue.ts';
import { canManageCatalogue, canReadCatalogue } from './catalogue.access.ts';
import { findDocument, listDocuments } from './catalogue.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { classChangeRules } from '../refinement/consultation-reevaluation.actions.ts';

type ErrorItem = { text: string; href: string };

/** Every value of a posted form field that may repeat (checkboxes), trimmed. */
export function formList(request: FastifyRequest, name: string): string[] {
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.trim());
}

/** The values a catalogue form shows: what was posted, or the entry being edited. */
interface DocumentFormValues {
  id: string;
  kind: string;
  code: string;
  title: string;
  classes: string[];
  retired: boolean;
  version: string;
}

const EMPTY_FORM: DocumentFormValues = {
  id: '',
  kind: 'section',
  code: '',
  title: '',
  classes: [],
  retired: false,
  version: '',
};

function formValuesOf(request: FastifyRequest): DocumentFormValues {
  return {
    id: formText(request, 'id'),
    kind: formText(request, 'kind'),
    code: formText(request, 'code'),
    title: formText(request, 'title'),
    classes: formList(request, 'classes'),
    retired: formText(request, 'retired') === 'yes',
    version: formText(request, 'version'),
  };
}

/** The catalogue pages: everyone signed in reads it; SECAS adds and edits entries. */
export function registerCataloguePages(app: FastifyInstance): void {
  function renderForm(
    reply: FastifyReply,
    mode: 'new' | 'edit',
    values: DocumentFormValues,
    errors: ErrorItem[] = [],
    status = 200,
  ) {
    const title =
      mode === 'new' ? 'Add a document to the catalogue' : `Edit ${documentLabel(values)}`;
    return reply.page(
      'catalogue-form.njk',
      {
        title,
        mode,
        values,
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
        kindItems: DOCUMENT_KINDS.map((kind) => ({
          value: kind,
          text: DOCUMENT_KIND_NAMES[kind],
          checked: values.kind === kind,
        })),
        classItems: DOCUMENT_CLASSES.map((documentClass) => ({
          value: documentClass,
          text: DOCUMENT_CLASS_NAMES[documentClass],
          hint: {
            text: `${CLASS_CONSULTEES[documentClass].clause}: the views of ${consulteeName(documentClass)} must be sought`,
          },
          checked: values.classes.includes(documentClass),
        })),
      },
      status,
    );
  }

  app.get('/catalogue', { schema: { hide: true } }, async (request, reply) => {
    requireActor(request.principal, canReadCatalogue);
    const query = request.query as Record<string, string | undefined>;
    const includeRetired = query.retired === 'yes';
    const entries = await listDocuments(app.ctx.db, { includeRetired });
    return reply.page('catalogue.njk', {
      title: 'SEC documents',
      entries,
      includeRetired,
      kindNames: DOCUMENT_KIND_NAMES,
      classNames: DOCUMENT_CLASS_NAMES,
      canManage: canManageCatalogue(request.principal),
    });
  });

  app.get('/catalogue/new', { schema: { hide: true } }, (request, reply) => {
    requireActor(request.principal, canManageCatalogue);
    return renderForm(reply, 'new', EMPTY_FORM);
  });

  app.post('/catalogue', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageCatalogue);
    const values = formValuesOf(request);
    try {
      const entry = await createDocument(app.ctx, principal, values);
      setNotice(reply, `${documentLabel(entry)} has been added to the catalogue.`);
    } catch (error) {
      const status = error instanceof AppError ? error.status : 400;
      return renderForm(reply, 'new', values, formErrors(error), status);
    }
    return reply.redirect('/catalogue', 303);
  });

  app.get<{ Params: { id: string } }>(
    '/catalogue/:id/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      requireActor(request.principal, canManageCatalogue);
      const entry = await findDocument(app.ctx.db, request.params.id);
      if (!entry)
        throw new AppError('not_found', `The catalogue has no entry ${request.params.id}`);
      return renderForm(reply, 'edit', {
        ...entry,
        classes: entry.classes,
        version: String(entry.version),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/catalogue/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageCatalogue);
      const values = { ...formValuesOf(request), id: request.params.id };
      try {
        const version = Number(values.version);
        if (!Number.isSafeInteger(version) || version < 1)
          throw invalid('version', 'Reload the page and try again');
        const entry = await updateDocument(
          app.ctx,
          principal,
          request.params.id,
          { ...values, version },
          classChangeRules,
        );
        setNotice(reply, `${documentLabel(entry)} has been updated.`);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') throw error;
        return renderForm(
          reply,
          'edit',
          values,
          formErrors(error, { version: 'main-content' }),
          error instanceof AppError ? error.status : 400,
        );
      }
      return reply.redirect('/catalogue', 303);
    },
  );
}

const CONSULTEE_NAMES = {
  tabasc: 'TABASC',
  security_sub_committee: 'the Security Sub-Committee',
  smki_pma: 'the SMKI PMA',
  alt_han_forum: 'the Alt HAN Forum',
} as const;

function consulteeName(documentClass: (typeof DOCUMENT_CLASSES)[number]): string {
  return CONSULTEE_NAMES[CLASS_CONSULTEES[documentClass].body];
}

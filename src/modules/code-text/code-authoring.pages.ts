/**
 * Issue 14: authoring a modification's legal text in the UI (SECAS, as the API's access rule
 * allows). From the modification's "Legal text" page: choose the base version, find a provision,
 * edit it (or add one after it, delete it, add/amend/rename/delete a definition); the operation
 * is derived from the edit and shown back as a redline to confirm, then saved through
 * setModificationAmendments. Also a JSON file of operations (the API's body, the same rules), the
 * modifications it depends on, each operation with its redline and a Remove action, and the
 * D6.8(e) findings of code-coverage.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Value } from 'typebox/value';
import { AppError, invalid } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText, formValues, statusOf, type FormState } from '../../web/forms.ts';
import { acceptUploads, uploadsOf } from '../../web/uploads.ts';
import { requireActor } from '../identity/identity.access.ts';
import { canReadRefinement } from '../refinement/refinement.access.ts';
import { canReadImplementation } from '../timetable/timetable.access.ts';
import type { AmendOp } from './code-amendments.ts';
import {
  appendOperations,
  chooseBaseVersion,
  legalTextState,
  parseReferences,
  previewEdit,
  removeOperation,
  setDependencies,
  type LegalTextState,
} from './code-authoring.actions.ts';
import {
  AUTHORING_ACTIONS,
  describeDrafting,
  isAuthoringAction,
  provisionName,
  searchWorking,
  type AuthoringAction,
  type AuthoringEdit,
} from './code-derive.ts';
import { entryHtml, redline, type RedlineEntry } from './code-redline.ts';
import { setModificationAmendments } from './code-text.actions.ts';
import { canManageCodeText } from './code-text.access.ts';
import { AmendmentsBody } from './code-text.schema.ts';
import { listVersions } from './code-text.store.ts';
import { indexVersion, type Located } from './code-tree.ts';

type IdRequest = FastifyRequest<{ Params: { id: string }; Querystring: { q?: string } }>;
type ProvisionRequest = FastifyRequest<{ Params: { id: string; pid: string } }>;
type OperationRequest = FastifyRequest<{ Params: { id: string; n: string } }>;

const MANAGE = 'Only the Code Administrator keeps the text of the Code';
const base = (id: number) => `/modifications/${id}/legal-text`;

const redlineHtml = (entries: RedlineEntry[], author: string) =>
  entries.map((e) => entryHtml(e, author)).join('\n');

const KIND_WORDS: Record<string, string> = {
  document: 'Document',
  part: 'Section part',
  crossheading: 'Crossheading',
  clause: 'Clause',
  para: 'Paragraph',
  subpara: 'Sub-paragraph',
  definition: 'Definition',
};

function provisionRow(located: Located) {
  const p = located.provision;
  return {
    id: p.id,
    name: provisionName(located),
    kind: KIND_WORDS[p.kind] ?? p.kind,
    text: p.text.length > 200 ? `${p.text.slice(0, 200)}…` : p.text,
  };
}

/** The legal-text page: base version, dependencies, D6.8(e) findings, search, operations. */
async function showOverview(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  query: string,
  state: Partial<FormState> = {},
  status = 200,
) {
  const legal = await legalTextState(app.ctx.db, id);
  const m = legal.modification;
  const versions = await listVersions(app.ctx.db);
  const operations = legal.drafting
    ? describeDrafting(legal.drafting).map((d) => ({
        index: d.index,
        number: d.index + 1,
        description: d.description,
        html: redlineHtml(d.redline, m.reference),
      }))
    : [];
  const results =
    legal.working && query ? searchWorking(legal.working, query).map(provisionRow) : [];
  return reply.page(
    'code-authoring.njk',
    {
      title: `Legal text of ${m.reference}`,
      m,
      // The modification's sections this reader may open (as modification-sections.present.ts).
      sections: [
        'summary',
        ...(canReadRefinement(request.principal) ? ['refinement'] : []),
        ...(canReadImplementation(request.principal) ? ['implementation'] : []),
        'legal-text',
      ],
      baseVersion: legal.base?.name ?? null,
      versions: versions.map((v) => ({
        value: v.name,
        text: v.live ? `${v.name} (the live version)` : v.name,
      })),
      mayChooseBase: operations.length === 0,
      dependsOn: legal.dependsOn,
      coverage: legal.coverage,
      operations,
      query,
      searched: query !== '',
      results,
      errors: [],
      fieldErrors: {},
      values: {},
      ...state,
    },
    status,
  );
}

function editOf(
  request: FastifyRequest,
  action: AuthoringAction,
  provision: string,
): AuthoringEdit {
  const text = formText(request, 'text');
  const heading = formText(request, 'heading');
  const term = formText(request, 'term');
  return {
    action,
    provision,
    ...(text ? { text } : {}),
    ...(heading ? { heading } : {}),
    ...(term ? { term } : {}),
  };
}

/** One provision of the working text with its forms; with `preview`, the derived change to confirm. */
async function showProvision(
  app: FastifyInstance,
  reply: FastifyReply,
  legal: LegalTextState,
  provisionId: string,
  extra: {
    state?: Partial<FormState>;
    preview?: { action: AuthoringAction; html: string; values: Record<string, string> };
  } = {},
  status = 200,
) {
  const m = legal.modification;
  if (!legal.working) throw new AppError('not_found', 'Choose the base version first');
  const index = indexVersion(legal.working.root);
  const located = index.get(provisionId);
  if (!located || !located.parent) throw new AppError('not_found', 'There is no such provision');
  const p = located.provision;
  const state = extra.state ?? {};
  return reply.page(
    'code-authoring-edit.njk',
    {
      title: `Change ${provisionName(located)}: ${m.reference}`,
      m,
      baseVersion: legal.base?.name,
      provision: {
        id: p.id,
        name: provisionName(located),
        kind: p.kind,
        kindName: (KIND_WORDS[p.kind] ?? p.kind).toLowerCase(),
        heading: p.heading ?? '',
        term: p.term ?? '',
        text: p.text,
        hasHeading: p.kind === 'part' || p.kind === 'crossheading',
        isDefinition: p.kind === 'definition',
      },
      preview: extra.preview,
      forms: Object.fromEntries(
        AUTHORING_ACTIONS.map((action) => {
          const failed = state.form === action;
          const previewed = extra.preview?.action === action;
          const defaults: Record<string, string> =
            action === 'edit'
              ? { text: p.text, heading: p.heading ?? '' }
              : action === 'amendTerm'
                ? { text: p.text }
                : action === 'renameTerm'
                  ? { term: p.term ?? '' }
                  : {};
          return [
            action,
            {
              values: failed
                ? (state.values ?? {})
                : previewed
                  ? (extra.preview?.values ?? {})
                  : defaults,
              errors: failed ? (state.fieldErrors ?? {}) : {},
            },
          ];
        }),
      ),
      errors: state.errors ?? [],
    },
    status,
  );
}

/** The state of a refused edit form: the field ids start with the action's name. */
function editState(error: unknown, request: FastifyRequest, action: string): FormState {
  const fields = ['text', 'heading', 'term'];
  const errors = formErrors(error).map((e) => ({
    text: e.text,
    href: fields.includes(e.href.slice(1)) ? `#${action}-${e.href.slice(1)}` : `#${action}-form`,
  }));
  const field = error instanceof AppError ? error.field : undefined;
  return {
    errors,
    fieldErrors: field && errors[0] ? { [field]: { text: errors[0].text } } : {},
    values: formValues(request),
    form: action,
  };
}

/** A JSON file of operations, checked exactly as the API's body is. */
export function parseOperationsFile(data: Uint8Array): { baseVersion: string; ops: AmendOp[] } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    throw invalid(
      'file',
      'The file is not JSON: send the body the API takes, with baseVersion and ops',
    );
  }
  if (!Value.Check(AmendmentsBody, json)) {
    const [first] = Value.Errors(AmendmentsBody, json);
    const where = first?.instancePath ? ` at ${first.instancePath}` : '';
    throw invalid(
      'file',
      `The file does not hold the legal text as the API takes it (baseVersion and a list of ops)${where}: ${first?.message ?? 'not valid'}`,
    );
  }
  return { baseVersion: json.baseVersion, ops: json.ops as unknown as AmendOp[] };
}

export function registerCodeAuthoringPages(app: FastifyInstance): void {
  const guard = (request: FastifyRequest) =>
    requireActor(request.principal, canManageCodeText, MANAGE);

  app.get(
    '/modifications/:id/legal-text',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      guard(request);
      const q = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) : '';
      return showOverview(app, request, reply, parseId(request.params.id, 'modification'), q);
    },
  );

  app.post(
    '/modifications/:id/legal-text/base',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = guard(request);
      const id = parseId(request.params.id, 'modification');
      const legal = await legalTextState(app.ctx.db, id);
      const chosen = formText(request, 'baseVersion');
      try {
        await chooseBaseVersion(app.ctx, principal, legal, chosen);
      } catch (error) {
        const errors = formErrors(error, { baseVersion: 'base-version' });
        return showOverview(
          app,
          request,
          reply,
          id,
          '',
          { errors, fieldErrors: { baseVersion: { text: errors[0]?.text ?? '' } } },
          statusOf(error),
        );
      }
      setNotice(
        reply,
        `The legal text of ${legal.modification.reference} is drafted against ${chosen}.`,
      );
      return reply.redirect(base(id), 303);
    },
  );

  app.get(
    '/modifications/:id/legal-text/provisions/:pid',
    { schema: { hide: true } },
    async (request: ProvisionRequest, reply) => {
      guard(request);
      const id = parseId(request.params.id, 'modification');
      const legal = await legalTextState(app.ctx.db, id);
      return showProvision(app, reply, legal, request.params.pid);
    },
  );

  app.post(
    '/modifications/:id/legal-text/provisions/:pid',
    { schema: { hide: true } },
    async (request: ProvisionRequest, reply) => {
      const principal = guard(request);
      const id = parseId(request.params.id, 'modification');
      const legal = await legalTextState(app.ctx.db, id);
      const action = formText(request, 'action');
      if (!isAuthoringAction(action)) throw invalid('action', 'Choose what to change');
      const edit = editOf(request, action, request.params.pid);
      const newId = () => crypto.randomUUID();
      let derived: ReturnType<typeof previewEdit>;
      try {
        derived = previewEdit(legal, edit, newId);
        if (formText(request, 'step') === 'save') {
          await appendOperations(app.ctx, principal, legal, derived.ops);
          setNotice(
            reply,
            `The change has been added to the legal text of ${legal.modification.reference}.`,
          );
          return await reply.redirect(`${base(id)}#operations`, 303);
        }
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
        return showProvision(
          app,
          reply,
          legal,
          request.params.pid,
          { state: editState(error, request, action) },
          statusOf(error),
        );
      }
      return showProvision(app, reply, legal, request.params.pid, {
        preview: {
          action,
          html: redlineHtml(redline(derived.before, derived.after), legal.modification.reference),
          values: formValues(request),
        },
      });
    },
  );

  app.post(
    '/modifications/:id/legal-text/operations/:n/remove',
    { schema: { hide: true } },
    async (request: OperationRequest, reply) => {
      const principal = guard(request);
      const id = parseId(request.params.id, 'modification');
      const n = parseId(request.params.n, 'operation');
      const legal = await legalTextState(app.ctx.db, id);
      try {
        await removeOperation(app.ctx, principal, legal, n - 1);
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
        const errors = formErrors(error).map((e) => ({ text: e.text, href: `#operation-${n}` }));
        return showOverview(app, request, reply, id, '', { errors }, statusOf(error));
      }
      setNotice(
        reply,
        `Operation ${n} has been removed from the legal text of ${legal.modification.reference}.`,
      );
      return reply.redirect(`${base(id)}#operations`, 303);
    },
  );

  const showUpload = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: Partial<FormState> = {},
    status = 200,
  ) => {
    const legal = await legalTextState(app.ctx.db, id);
    return reply.page(
      'code-authoring-upload.njk',
      {
        title: `Upload the legal text of ${legal.modification.reference}`,
        m: legal.modification,
        operationCount: legal.drafting?.ops.length ?? 0,
        errors: [],
        fieldErrors: {},
        ...state,
      },
      status,
    );
  };

  app.get(
    '/modifications/:id/legal-text/upload',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      guard(request);
      return showUpload(request, reply, parseId(request.params.id, 'modification'));
    },
  );

  app.register(async (scoped) => {
    await acceptUploads(scoped);
    scoped.post(
      '/modifications/:id/legal-text/upload',
      { schema: { hide: true } },
      async (request: IdRequest, reply) => {
        const principal = guard(request);
        const id = parseId(request.params.id, 'modification');
        const legal = await legalTextState(app.ctx.db, id);
        try {
          const [file] = uploadsOf(request);
          if (!file) throw invalid('file', 'Choose a JSON file of operations');
          const body = parseOperationsFile(file.data);
          await setModificationAmendments(app.ctx, principal, legal.modification, {
            ...body,
            source: 'json',
          });
          setNotice(
            reply,
            `The legal text of ${legal.modification.reference} has been replaced by the ${body.ops.length} operations of ${file.filename}.`,
          );
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
          const errors = formErrors(error).map((e) => ({ text: e.text, href: '#upload-file' }));
          return showUpload(
            request,
            reply,
            id,
            { errors, fieldErrors: { file: { text: errors.map((e) => e.text).join(' ') } } },
            statusOf(error),
          );
        }
        return reply.redirect(`${base(id)}#operations`, 303);
      },
    );
  });

  const showDependencies = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: Partial<FormState> = {},
    status = 200,
  ) => {
    const legal = await legalTextState(app.ctx.db, id);
    return reply.page(
      'code-authoring-dependencies.njk',
      {
        title: `Modifications ${legal.modification.reference} depends on`,
        m: legal.modification,
        dependsOn: legal.dependsOn,
        errors: [],
        fieldErrors: {},
        values: { dependsOn: legal.dependsOn.map((d) => d.reference).join(', ') },
        ...state,
      },
      status,
    );
  };

  app.get(
    '/modifications/:id/legal-text/dependencies',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      guard(request);
      return showDependencies(request, reply, parseId(request.params.id, 'modification'));
    },
  );

  app.post(
    '/modifications/:id/legal-text/dependencies',
    { schema: { hide: true } },
    async (request: IdRequest, reply) => {
      const principal = guard(request);
      const id = parseId(request.params.id, 'modification');
      try {
        const found = await setDependencies(
          app.ctx,
          principal,
          id,
          parseReferences(formText(request, 'dependsOn')),
        );
        setNotice(
          reply,
          found.length === 0
            ? 'The modification depends on no other modification.'
            : `The modification depends on ${found
                .map((d) => d.reference)
                .sort()
                .join(', ')}.`,
        );
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found' && !error.field) throw error;
        const errors = formErrors(error, { dependsOn: 'depends-on' });
        return showDependencies(
          request,
          reply,
          id,
          {
            errors,
            fieldErrors: { dependsOn: { text: errors[0]?.text ?? '' } },
            values: formValues(request),
          },
          statusOf(error),
        );
      }
      return reply.redirect(base(id), 303);
    },
  );
}

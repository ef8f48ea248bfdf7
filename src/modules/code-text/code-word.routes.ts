/**
 * The Code's redlines as Word and its Word import through the API (issue 14): a redline between
 * two versions, for a release (its latest consolidation) or for one modification, with real
 * tracked changes whose author is the modification; a Word document imported as a version with
 * its changes accepted; a Word redline recorded as a modification's amendments.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError, invalid } from '../../errors.ts';
import { withErrors } from '../../schemas.ts';
import { consolidate } from './code-consolidate.ts';
import { importCodeVersion, setModificationAmendments } from './code-text.actions.ts';
import { presentVersion } from './code-text.present.ts';
import { VersionSchema } from './code-text.schema.ts';
import {
  amendmentOf,
  amendmentsOfRelease,
  latestConsolidation,
  loadVersion,
  modificationReference,
  versionByName,
  versionMeta,
} from './code-text.store.ts';
import type { CodeVersion } from './code-tree.ts';
import {
  amendmentsFromWordRedline,
  readingOf,
  readWordParagraphs,
  WordReadError,
  type WordParagraph,
} from './code-word-import.ts';
import { authorsOf, WORD_CONTENT_TYPE, wordRedline } from './code-word-redline.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const WordFile = Type.String({
  minLength: 1,
  maxLength: 40_000_000,
  contentEncoding: 'base64',
  description: 'The .docx file, base64-encoded',
});
const DocxResponse = Type.String({
  description: 'A Word document (.docx) with tracked changes',
  contentMediaType: WORD_CONTENT_TYPE,
});

async function paragraphsOf(base64: string): Promise<WordParagraph[]> {
  try {
    return await readWordParagraphs(Buffer.from(base64, 'base64'));
  } catch (error) {
    if (error instanceof WordReadError) throw invalid('docx', error.message);
    throw error;
  }
}

function sendWord(reply: FastifyReply, file: Buffer, name: string): FastifyReply {
  return reply
    .type(WORD_CONTENT_TYPE)
    .header(
      'content-disposition',
      `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.docx"`,
    )
    .header('cache-control', 'no-store')
    .send(file);
}

export function registerCodeWordRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['code'];

  app.get(
    '/api/v1/code/versions/:id/redline.docx',
    {
      schema: {
        summary:
          'The redline of a version against another (by default the one it came from), as Word with tracked changes',
        tags,
        params: Type.Object({ id: Id }),
        querystring: Type.Object({
          from: Type.Optional({ ...Id, description: 'The version to compare against' }),
        }),
        produces: [WORD_CONTENT_TYPE],
        response: withErrors({ 200: DocxResponse }),
      },
    },
    async (request, reply) => {
      const to = await versionMeta(app.ctx.db, request.params.id);
      const fromId = request.query.from ?? to?.parentId ?? undefined;
      const from = fromId ? await versionMeta(app.ctx.db, fromId) : undefined;
      if (!to) throw new AppError('not_found', 'There is no such version of the Code');
      if (!from) throw new AppError('not_found', 'There is no version to compare this one against');
      const release = to.releaseId
        ? await latestConsolidation(app.ctx.db, to.releaseId)
        : undefined;
      const produced = release?.resultVersionId === to.id ? release : undefined;
      const mods =
        to.releaseId && produced ? await amendmentsOfRelease(app.ctx.db, to.releaseId) : [];
      const file = await wordRedline(
        await loadVersion(app.ctx.db, from),
        await loadVersion(app.ctx.db, to),
        {
          title: `Redline of ${to.name} against ${from.name}`,
          authors: authorsOf(mods),
          defaultAuthor: to.name,
          date: produced?.createdAt ?? to.createdAt,
        },
      );
      return sendWord(reply, file, `${to.name} redline against ${from.name}`);
    },
  );

  app.get(
    '/api/v1/releases/:id/redline.docx',
    {
      schema: {
        summary:
          'The release’s consolidated redline (its latest consolidation), as Word with a tracked change for each modification',
        tags,
        params: Type.Object({ id: Id }),
        produces: [WORD_CONTENT_TYPE],
        response: withErrors({ 200: DocxResponse }),
      },
    },
    async (request, reply) => {
      const stored = await latestConsolidation(app.ctx.db, request.params.id);
      if (!stored)
        throw new AppError('not_found', 'This release’s legal text has not been consolidated');
      const baseMeta = await versionMeta(app.ctx.db, stored.baseVersionId);
      if (!baseMeta) throw new AppError('not_found', 'There is no such version of the Code');
      const base = await loadVersion(app.ctx.db, baseMeta);
      const mods = await amendmentsOfRelease(app.ctx.db, request.params.id);
      let result: CodeVersion | undefined;
      if (stored.resultVersionId !== null) {
        const meta = await versionMeta(app.ctx.db, stored.resultVersionId);
        result = meta ? await loadVersion(app.ctx.db, meta) : undefined;
      } else {
        result = consolidate(
          base,
          baseMeta.lineage,
          mods.map((m) => ({
            reference: m.reference,
            baseVersion: String(m.baseVersionId),
            dependsOn: m.dependsOn,
            ops: m.ops,
          })),
          'the release consolidated',
        ).version;
      }
      if (!result) throw new AppError('code_consolidation_refused');
      const file = await wordRedline(base, result, {
        title: `Redline of the release against ${base.name}`,
        authors: authorsOf(mods),
        defaultAuthor: 'SECAS',
        date: stored.createdAt,
      });
      return sendWord(reply, file, `release ${request.params.id} redline`);
    },
  );

  app.get(
    '/api/v1/modifications/:id/redline.docx',
    {
      schema: {
        summary:
          'A modification’s legal text as a redline against its base version, as Word with its tracked changes',
        tags,
        params: Type.Object({ id: Id }),
        produces: [WORD_CONTENT_TYPE],
        response: withErrors({ 200: DocxResponse }),
      },
    },
    async (request, reply) => {
      const amendment = await amendmentOf(app.ctx.db, request.params.id);
      if (!amendment)
        throw new AppError('not_found', 'This modification has no legal text recorded');
      const baseMeta = await versionMeta(app.ctx.db, amendment.baseVersionId);
      if (!baseMeta) throw new AppError('not_found', 'There is no such version of the Code');
      const base = await loadVersion(app.ctx.db, baseMeta);
      const done = consolidate(
        base,
        [...baseMeta.lineage, ...amendment.dependsOn],
        [
          {
            reference: amendment.reference,
            baseVersion: baseMeta.name,
            dependsOn: amendment.dependsOn,
            ops: amendment.ops,
          },
        ],
        `${baseMeta.name} with ${amendment.reference}`,
      );
      if (!done.version) throw new AppError('code_consolidation_refused');
      const file = await wordRedline(base, done.version, {
        title: `${amendment.reference}: legal text against ${baseMeta.name}`,
        authors: authorsOf([amendment]),
        defaultAuthor: amendment.reference,
        date: app.ctx.now(),
      });
      return sendWord(reply, file, `${amendment.reference} redline`);
    },
  );

  app.post(
    '/api/v1/code/versions/word',
    {
      schema: {
        summary:
          'Import a version of the Code from Word (SECAS): the text with its tracked changes accepted; unclassifiable paragraphs refuse it',
        tags,
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          docx: WordFile,
          scope: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 200 })),
          live: Type.Optional(Type.Boolean()),
        }),
        response: withErrors({ 201: VersionSchema }),
      },
    },
    async (request, reply) => {
      const paragraphs = await paragraphsOf(request.body.docx);
      const text = readingOf(paragraphs, 'new')
        .map((l) => l.text)
        .join('\n');
      if (!text.trim()) throw invalid('docx', 'The Word document has no text');
      const meta = await importCodeVersion(app.ctx, request.principal, {
        name: request.body.name,
        text,
        scope: request.body.scope,
        live: request.body.live,
      });
      return reply.code(201).send(presentVersion(meta));
    },
  );

  app.put(
    '/api/v1/modifications/:id/legal-text/word',
    {
      schema: {
        summary:
          'Record a modification’s legal text from a Word redline against a base version (SECAS): its insertions and deletions become amendments; what cannot be placed refuses it',
        description:
          'D6.8(e): once the modification has passed refinement (the Report Phase or any later status), legal text changing a Section not among the documents it changes is refused with legal_text_documents_missing and nothing is stored.',
        tags,
        params: Type.Object({ id: Id }),
        body: Type.Object({
          baseVersion: Type.String({ minLength: 1, maxLength: 100 }),
          docx: WordFile,
        }),
        response: withErrors(
          {
            200: Type.Object({
              operations: Type.Integer({ description: 'Amendment operations recorded' }),
              trackedChanges: Type.Integer(),
            }),
          },
          ['legal_text_documents_missing'],
        ),
      },
    },
    async (request) => {
      const reference = await modificationReference(app.ctx.db, request.params.id);
      if (!reference) throw new AppError('not_found', 'There is no such modification');
      const baseMeta = await versionByName(app.ctx.db, request.body.baseVersion);
      if (!baseMeta)
        throw invalid(
          'baseVersion',
          `There is no version of the Code called ${request.body.baseVersion}`,
        );
      const read = amendmentsFromWordRedline(
        await loadVersion(app.ctx.db, baseMeta),
        await paragraphsOf(request.body.docx),
        () => crypto.randomUUID(),
      );
      if (read.unclassified.length > 0) {
        const first = read.unclassified
          .slice(0, 5)
          .map((u) => `paragraph ${u.line} (“${u.text.slice(0, 60)}”): ${u.reason}`);
        throw invalid(
          'docx',
          `${read.unclassified.length} paragraphs could not be placed: ${first.join('; ')}`,
        );
      }
      if (read.ops.length === 0) throw invalid('docx', 'The redline changes nothing');
      await setModificationAmendments(
        app.ctx,
        request.principal,
        { id: request.params.id, reference },
        { baseVersion: baseMeta.name, ops: read.ops, source: 'docx' },
      );
      return { operations: read.ops.length, trackedChanges: read.trackedChanges };
    },
  );
}

/**
 * The Code as data on pages (issue 14, D10.1): the versions (the live one first), a version by
 * section with a search box and its findings, a provision's history across versions, what a
 * version changed, a release's consolidation (its redline, findings, conflicts, merges and label
 * map) and the published SECMP0061 draft. The Code in force and the redlines of releases that
 * went live are public; a consolidation not yet live is for SECAS and the Panel. SECAS accepts
 * a finding's suggestion as an editorial amendment here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { parseId } from '../../http/params.ts';
import { submitForm, type FormState } from '../../web/forms.ts';
import { requireActor, requireReader } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease } from '../release/release.queries.ts';
import { checkVersion } from './code-checks.ts';
import { consolidate } from './code-consolidate.ts';
import {
  acceptEditorialAmendment,
  editorialOf,
  versionFindings,
} from './code-editorial.actions.ts';
import {
  findingView,
  newFindings,
  redlineView,
  secmp0061Draft,
  versionView,
  type FindingView,
  type RedlineView,
} from './code-text-pages.present.ts';
import { canManageCodeText, canReadCodeDrafts } from './code-text.access.ts';
import {
  amendmentsOfRelease,
  latestConsolidation,
  listVersions,
  liveVersion,
  loadVersion,
  provisionHistory,
  searchProvisions,
  versionMeta,
  type CodeVersionMeta,
} from './code-text.store.ts';
import type { CodeVersion } from './code-tree.ts';
import { nextVersionName, refusalReasons } from './code-versions.ts';
import { A1_TERMS_NOT_LOADED } from './secmp0061-text.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const hide = { schema: { hide: true } };

/** Where a version came from, in words, with a link where the reader may follow it. */
async function originOf(
  app: FastifyInstance,
  meta: CodeVersionMeta,
  parent: CodeVersionMeta | undefined,
): Promise<{ text: string; href?: string; linkText?: string }> {
  if (meta.releaseId !== null) {
    const release = await findRelease(app.ctx.db, meta.releaseId);
    const added = meta.lineage.filter((m) => !parent?.lineage.includes(m));
    return {
      text: `Produced when the ${release?.name ?? 'release'} went live${added.length ? `, consolidating ${added.join(', ')}` : ''}.`,
      href: `/releases/${meta.releaseId}/code`,
      linkText: `The ${release?.name ?? 'release'}’s consolidated redline`,
    };
  }
  if (parent) {
    const editorial = await editorialOf(app.ctx.db, meta.id);
    return {
      text: editorial
        ? `An editorial amendment SECAS accepted to ${parent.name}: ${editorial.where}, “${editorial.suggestion}”.`
        : `Produced from ${parent.name}.`,
    };
  }
  return { text: 'Imported as the text of the Code.' };
}

async function versionsPage(app: FastifyInstance, reply: FastifyReply) {
  const versions = await listVersions(app.ctx.db);
  const byId = new Map(versions.map((v) => [v.id, v]));
  const rows = [];
  for (const meta of [...versions].sort((a, b) => Number(b.live) - Number(a.live) || b.id - a.id)) {
    const parent = meta.parentId ? byId.get(meta.parentId) : undefined;
    rows.push({ ...meta, origin: await originOf(app, meta, parent) });
  }
  return reply.page('code-versions.njk', { title: 'The text of the Code', versions: rows });
}

async function versionPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const meta = await versionMeta(app.ctx.db, id);
  if (!meta) throw new AppError('not_found', 'There is no such version of the Code');
  const version = await loadVersion(app.ctx.db, meta);
  const parent = meta.parentId ? await versionMeta(app.ctx.db, meta.parentId) : undefined;
  const query = request.query as Record<string, unknown>;
  const q = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
  const results = q ? await searchProvisions(app.ctx.db, id, q) : [];
  const findings = (await versionFindings(app.ctx.db, meta, version)).map((f) => ({
    ...findingView(f),
    fixable: f.fixable,
  }));
  return reply.page(
    'code-version.njk',
    {
      title: meta.name,
      meta,
      parent,
      origin: await originOf(app, meta, parent),
      q,
      results: results.map((r) => ({
        ...r,
        name: r.fullLabel || (r.term ? `A1.1 “${r.term}”` : (r.heading ?? '')),
      })),
      ...versionView(version),
      findings,
      mayAccept: canManageCodeText(request.principal) && meta.live,
      errors: state.errors ?? [],
    },
    status,
  );
}

async function redlinePage(app: FastifyInstance, reply: FastifyReply, id: number) {
  const meta = await versionMeta(app.ctx.db, id);
  if (!meta) throw new AppError('not_found', 'There is no such version of the Code');
  const parent = meta.parentId ? await versionMeta(app.ctx.db, meta.parentId) : undefined;
  if (!parent)
    throw new AppError('not_found', `${meta.name} was imported: there is no earlier version`);
  const [from, to] = await Promise.all([
    loadVersion(app.ctx.db, parent),
    loadVersion(app.ctx.db, meta),
  ]);
  return reply.page('code-redline.njk', {
    title: `What ${meta.name} changed`,
    meta,
    parent,
    origin: await originOf(app, meta, parent),
    redline: redlineView(from, to),
  });
}

async function historyPage(app: FastifyInstance, reply: FastifyReply, provisionId: string) {
  const rows = await provisionHistory(app.ctx.db, provisionId);
  if (rows.length === 0) throw new AppError('not_found', 'There is no such provision');
  const metas = new Map((await listVersions(app.ctx.db)).map((v) => [v.id, v] as const));
  const entries = [];
  let previous: (typeof rows)[number] | undefined;
  for (const row of rows) {
    const meta = metas.get(row.versionId);
    const parent = meta?.parentId ? metas.get(meta.parentId) : undefined;
    const changed =
      previous !== undefined &&
      (previous.text !== row.text ||
        previous.fullLabel !== row.fullLabel ||
        previous.heading !== row.heading ||
        previous.term !== row.term);
    entries.push({
      ...row,
      name: row.fullLabel || (row.term ? `A1.1 “${row.term}”` : (row.heading ?? '')),
      first: previous === undefined,
      changed,
      relabelled: previous !== undefined && previous.fullLabel !== row.fullLabel,
      previousLabel: previous?.fullLabel ?? '',
      origin: meta ? await originOf(app, meta, parent) : { text: '' },
      redlineHref:
        changed && parent ? `/code/versions/${row.versionId}/redline#provision-${provisionId}` : '',
    });
    previous = row;
  }
  const latest = rows[rows.length - 1];
  return reply.page('code-provision.njk', {
    title: `History of ${entries[entries.length - 1]?.name || 'a provision'}`,
    entries: entries.reverse(),
    latest,
  });
}

interface ReleaseCodeView {
  state: 'none' | 'preview' | 'live';
  base?: CodeVersionMeta;
  produced?: CodeVersionMeta;
  newName?: string;
  refused: boolean;
  reasons: string[];
  redline: RedlineView[];
  findingsNew: FindingView[];
  findingsKnown: FindingView[];
  labelMap: Array<{ old: string; new: string; provision: string }>;
  merged: Array<{ where: string; message: string }>;
  conflicts: Array<{ where: string; message: string; modifications: string[] }>;
  order: string[];
  consolidatedAt?: Date;
}

/**
 * A release's consolidation: the version its go-live produced (public), or — before that — the
 * consolidation of its modifications' legal text against the live version as it stands now.
 */
export async function releaseCode(
  app: FastifyInstance,
  releaseId: number,
): Promise<ReleaseCodeView> {
  const db = app.ctx.db;
  const empty: ReleaseCodeView = {
    state: 'none',
    refused: false,
    reasons: [],
    redline: [],
    findingsNew: [],
    findingsKnown: [],
    labelMap: [],
    merged: [],
    conflicts: [],
    order: [],
  };
  const stored = await latestConsolidation(db, releaseId);
  const checksOf = async (meta: CodeVersionMeta, version: CodeVersion) =>
    (await versionFindings(db, meta, version)).map(findingView);
  if (stored?.resultVersionId) {
    const [base, produced] = await Promise.all([
      versionMeta(db, stored.baseVersionId),
      versionMeta(db, stored.resultVersionId),
    ]);
    if (!base || !produced) return empty;
    const [from, to] = await Promise.all([loadVersion(db, base), loadVersion(db, produced)]);
    const findings = stored.findings.map(findingView);
    const known = await checksOf(base, from);
    return {
      ...empty,
      state: 'live',
      base,
      produced,
      redline: redlineView(from, to),
      findingsNew: newFindings(findings, known),
      findingsKnown: findings.filter((f) => !newFindings([f], known).length),
      labelMap: stored.result.labelMap,
      merged: stored.result.merged,
      order: stored.result.order,
      consolidatedAt: stored.createdAt,
    };
  }
  const base = await liveVersion(db);
  if (!base) return empty;
  const amendments = await amendmentsOfRelease(db, releaseId);
  if (amendments.length === 0) return empty;
  const from = await loadVersion(db, base);
  const taken = new Set((await listVersions(db)).map((v) => v.name));
  const newName = nextVersionName(base.name, taken);
  const result = consolidate(
    from,
    base.lineage,
    amendments.map((a) => ({
      reference: a.reference,
      baseVersion: String(a.baseVersionId),
      dependsOn: a.dependsOn,
      ops: a.ops,
    })),
    newName,
  );
  const view: ReleaseCodeView = {
    ...empty,
    state: 'preview',
    base,
    newName,
    refused: !result.version,
    reasons: result.version ? [] : refusalReasons({ ...result, conflicts: [] }),
    conflicts: result.conflicts,
    merged: result.merged,
    labelMap: result.labelMap,
    order: result.order,
    ...(stored ? { consolidatedAt: stored.createdAt } : {}),
  };
  if (!result.version) return view;
  const findings = checkVersion({
    version: result.version,
    previous: from,
    externalTerms: A1_TERMS_NOT_LOADED,
  }).map(findingView);
  const known = await checksOf(base, from);
  return {
    ...view,
    redline: redlineView(from, result.version),
    findingsNew: newFindings(findings, known),
    findingsKnown: findings.filter((f) => !newFindings([f], known).length),
  };
}

/** Whether `principal` may open the release's Code page: public once live, else SECAS and the Panel. */
export function mayReadReleaseCode(view: ReleaseCodeView, principal: Principal | null): boolean {
  return view.state === 'live' || (view.state === 'preview' && canReadCodeDrafts(principal));
}

async function releaseCodePage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  releaseId: number,
) {
  const release = await findRelease(app.ctx.db, releaseId);
  if (!release) throw new AppError('not_found', 'There is no such release');
  const view = await releaseCode(app, releaseId);
  if (view.state !== 'live') requireReader(request.principal, canReadCodeDrafts);
  return reply.page('code-release.njk', {
    title: `The Code after the ${release.name}`,
    release,
    ...view,
  });
}

/** The Code's pages. */
export function registerCodeTextPages(app: FastifyInstance): void {
  app.get('/code', hide, (_request, reply) => versionsPage(app, reply));

  app.get('/code/versions/:id', hide, (request: IdRequest, reply) =>
    versionPage(app, request, reply, parseId(request.params.id, 'version')),
  );

  app.get('/code/versions/:id/redline', hide, (request: IdRequest, reply) =>
    redlinePage(app, reply, parseId(request.params.id, 'version')),
  );

  app.get(
    '/code/provisions/:provisionId',
    hide,
    (request: FastifyRequest<{ Params: { provisionId: string } }>, reply) =>
      historyPage(app, reply, request.params.provisionId.slice(0, 100)),
  );

  app.get('/code/drafts/secmp0061', hide, (_request, reply) => {
    const draft = secmp0061Draft();
    return reply.page('code-draft.njk', {
      title: 'SECMP0061’s draft legal text, consolidated',
      redline: draft.redline,
      findings: draft.findings,
      labelMap: draft.result.labelMap,
    });
  });

  app.get('/releases/:id/code', hide, (request: IdRequest, reply) =>
    releaseCodePage(app, request, reply, parseId(request.params.id, 'release')),
  );

  app.post(
    '/code/versions/:id/findings/:key/editorial-amendment',
    hide,
    (request: FastifyRequest<{ Params: { id: string; key: string } }>, reply) => {
      const principal = requireActor(request.principal, canManageCodeText);
      const id = parseId(request.params.id, 'version');
      return submitForm(request, reply, {
        form: 'editorial',
        run: async () => {
          const done = await acceptEditorialAmendment(
            app.ctx,
            principal,
            id,
            request.params.key.slice(0, 100),
          );
          return {
            notice: `The editorial amendment has been accepted: ${done.version.name} is now the live version, with ${done.finding.where} corrected.`,
            to: `/code/versions/${done.version.id}`,
          };
        },
        again: (state, status) => versionPage(app, request, reply, id, state, status),
      });
    },
  );
}

/**
 * For the RID's section (a): the release's consolidated redline in brief — its address and the
 * provisions it changes — when there is one and `principal` may open it; otherwise undefined.
 */
export async function releaseCodeSummary(
  app: FastifyInstance,
  releaseId: number,
  principal: Principal | null,
): Promise<
  { href: string; draft: boolean; refused: boolean; changed: string[]; more: number } | undefined
> {
  const view = await releaseCode(app, releaseId);
  if (view.state === 'none' || !mayReadReleaseCode(view, principal)) return undefined;
  const names = [...new Set(view.redline.map((e) => e.name).filter(Boolean))];
  return {
    href: `/releases/${releaseId}/code`,
    draft: view.state === 'preview',
    refused: view.refused,
    changed: names.slice(0, 12),
    more: Math.max(0, names.length - 12),
  };
}

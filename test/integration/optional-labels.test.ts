import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../src/demo/demo-people.ts';
import type { Role } from '../../src/modules/identity/identity.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';
import { BrowserSession } from '../support/test-app.ts';

/**
 * One field of a POST form: the page showing it, the role that uses it, the form's action, the
 * field's name, and whether the server accepts it empty (from the route and its use case).
 */
interface FieldRow {
  page: string;
  role: Role;
  action: string;
  field: string;
  optional: boolean;
}

/**
 * The fields checked. `{rid}` stands for the demo's draft RID version page and `{mod}` for a
 * Draft Proposal's page, both found in the data.
 * Filter forms on list pages (GET) are filters, optional by nature, and not listed.
 */
const FIELDS: readonly FieldRow[] = [
  // Raise a modification (createModification: reference, title, path and, for SECAS, the proposer).
  ...(
    [
      ['reference', false],
      ['title', false],
      ['summary', true],
      ['proposerOrgId', false],
      ['path', false],
      ['urgent', true],
      ['dependsOn', true],
      ['proposedImplementationDate', true],
    ] as const
  ).map(([field, optional]) => ({
    page: '/modifications/new',
    role: 'code_administrator' as const,
    action: '/modifications',
    field,
    optional,
  })),
  // Add a user (createUser: name, e-mail, organisation and role; password, bodies and release may be empty).
  ...(
    [
      ['name', false],
      ['email', false],
      ['password', true],
      ['organisationId', false],
      ['role', false],
      ['bodies', true],
      ['release', true],
    ] as const
  ).map(([field, optional]) => ({
    page: '/admin/users',
    role: 'code_administrator' as const,
    action: '/admin/users',
    field,
    optional,
  })),
  // Register an organisation: a name and a kind are required.
  ...(
    [
      ['orgName', false],
      ['kind', false],
      ['isUser', false],
    ] as const
  ).map(([field, optional]) => ({
    page: '/admin/users',
    role: 'code_administrator' as const,
    action: '/admin/organisations',
    field,
    optional,
  })),
  // A new API token needs a name (createApiToken).
  { page: '/account', role: 'party', action: '/account/tokens', field: 'name', optional: false },
  // A meeting: its date and kind.
  ...(
    [
      ['heldOn', false],
      ['kind', false],
    ] as const
  ).map(([field, optional]) => ({
    page: '/meetings',
    role: 'code_administrator' as const,
    action: '/meetings',
    field,
    optional,
  })),
  // A release: name, type and go-live date; notes may be empty. The standard releases: a year.
  ...(
    [
      ['name', false],
      ['releaseType', false],
      ['goLive', false],
      ['notes', true],
    ] as const
  ).map(([field, optional]) => ({
    page: '/releases/new',
    role: 'code_administrator' as const,
    action: '/releases',
    field,
    optional,
  })),
  {
    page: '/releases/new',
    role: 'code_administrator',
    action: '/releases/standard',
    field: 'year',
    optional: false,
  },
  // A new consultation: title, audiences, questions and opening date; the description may be empty.
  ...(
    [
      ['title', false],
      ['description', true],
      ['audiences', false],
      ['questions', false],
      ['opensAt', false],
      ['closeBy', false],
    ] as const
  ).map(([field, optional]) => ({
    page: '/consultations/new',
    role: 'code_administrator' as const,
    action: '/consultations',
    field,
    optional,
  })),
  // A catalogue entry: id, kind and title; the code is required for a Section, Schedule or
  // Appendix (checkDocument), so not marked; an entry may have no class.
  ...(
    [
      ['id', false],
      ['kind', false],
      ['code', false],
      ['title', false],
      ['classes', true],
    ] as const
  ).map(([field, optional]) => ({
    page: '/catalogue/new',
    role: 'code_administrator' as const,
    action: '/catalogue',
    field,
    optional,
  })),
  // A modification's page: a step and a withdrawal need a reason (checkReason).
  ...(
    [
      ['/progress', 'to', false],
      ['/progress', 'reason', false],
      ['/withdraw', 'reason', false],
    ] as const
  ).map(([form, field, optional]) => ({
    page: '{mod}',
    role: 'code_administrator' as const,
    action: `{mod}${form}`,
    field,
    optional,
  })),
  // Its legal text's dependencies: empty means it depends on no other modification.
  {
    page: '{mod}/legal-text/dependencies',
    role: 'code_administrator',
    action: '{mod}/legal-text/dependencies',
    field: 'dependsOn',
    optional: true,
  },
  // The RID edit form (SECAS drafts the RID): notes are optional; the reporting and testing content
  // may be saved empty in a draft but D10.13 refuses to send the version to the Panel without it.
  ...(
    [
      ['contentNotes', true],
      ['timescalesNotes', true],
      ['reportingNotes', true],
      ['frequency', false],
      ['firstReportDue', false],
      ['measures', false],
      ['dccTesting', false],
      ['userTestingRequirements', false],
      ['userTestingDccSupport', false],
    ] as const
  ).map(([field, optional]) => ({
    page: '{rid}/edit',
    role: 'code_administrator' as const,
    action: '{rid}/edit',
    field,
    optional,
  })),
];

/** Text of an HTML fragment, tags removed and spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The label of field `name` in the POST form to `action` on the page: the `<label for>` of a
 * text input, textarea or select; the legend of the fieldset of radios, checkboxes or a date.
 * Null when the form or the field is not there.
 */
function labelOf(html: string, action: string, name: string): string | null {
  const forms = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const element = new RegExp(`<(input|textarea|select)\\b[^>]*\\bname="${escaped}(-day)?"[^>]*>`);
  for (const form of forms) {
    const open = /^<form\b[^>]*>/.exec(form)?.[0] ?? '';
    if (!/method="post"/i.test(open) || !open.includes(`action="${action}"`)) continue;
    const match = element.exec(form);
    if (!match) continue;
    const tag = match[0];
    const grouped = match[2] !== undefined || /type="(radio|checkbox)"/.test(tag);
    if (!grouped) {
      const id = /\bid="([^"]+)"/.exec(tag)?.[1];
      const label = id
        ? new RegExp(`<label\\b[^>]*for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(form)
        : null;
      if (label?.[1] !== undefined) return textOf(label[1]);
    }
    const before = form.slice(0, match.index);
    const legends = [...before.matchAll(/<legend\b[^>]*>([\s\S]*?)<\/legend>/g)];
    const legend = legends.at(-1)?.[1];
    return legend === undefined ? null : textOf(legend);
  }
  return null;
}

/**
 * Issue 13 (GOV.UK question pages): a field the server accepts empty says "(optional)" at the end
 * of its label or legend; a required field never does.
 */
describe.each(ENGINES)('optional fields are labelled "(optional)" on %s', (engine) => {
  let demo: DemoDatabase;
  let app: SecrelApp;
  let ridPage = '';
  let modPage = '';
  const sessions = new Map<Role, BrowserSession>();

  beforeAll(async () => {
    demo = await givenDemo(engine);
    app = await buildApp(demo.ctx);
    const draft = await demo.ctx.db
      .selectFrom('rid_version')
      .select(['release_id', 'number'])
      .where('status', '=', 'draft')
      .orderBy('id')
      .executeTakeFirst();
    if (draft) ridPage = `/releases/${draft.release_id}/rid/versions/${draft.number}`;
    const proposal = await demo.ctx.db
      .selectFrom('modification')
      .select('id')
      .where('status', '=', 'draft_proposal')
      .orderBy('id')
      .executeTakeFirst();
    if (proposal) modPage = `/modifications/${proposal.id}`;
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await demo.close();
  });

  async function sessionOf(role: Role): Promise<BrowserSession> {
    let session = sessions.get(role);
    if (!session) {
      const person = DEMO_SIGN_IN_PEOPLE.find((p) => p.role === role);
      if (!person) throw new Error(`no demo sign-in for ${role}`);
      session = new BrowserSession(app);
      const response = await session.signIn(person.email, DEMO_PASSWORD);
      expect(response.statusCode).toBe(303);
      sessions.set(role, session);
    }
    return session;
  }

  it('the table covers at least 25 fields on at least 8 forms, and the demo has a draft RID and a Draft Proposal', () => {
    expect(FIELDS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(FIELDS.map((f) => `${f.page} ${f.action}`)).size).toBeGreaterThanOrEqual(8);
    expect(ridPage).not.toBe('');
    expect(modPage).not.toBe('');
  });

  it.each(FIELDS)(
    '$page ($role), $action: $field is optional: $optional',
    async ({ page, role, action, field, optional }) => {
      const session = await sessionOf(role);
      const url = page.replace('{rid}', ridPage).replace('{mod}', modPage);
      const response = await session.get(url);
      expect(response.statusCode, url).toBe(200);
      const label = labelOf(
        response.body,
        action.replace('{rid}', ridPage).replace('{mod}', modPage),
        field,
      );
      expect(label, `${field} on ${url}`).not.toBeNull();
      expect(label).not.toBe('');
      expect(label?.endsWith('(optional)'), `"${label ?? ''}"`).toBe(optional);
      if (!optional) expect(label).not.toContain('optional');
    },
    120_000,
  );
});

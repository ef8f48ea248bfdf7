import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/auth.ts';
import { requestMeta } from '../../http/request-ip.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { formList } from '../catalogue/catalogue.pages.ts';
import { BODY_NAMES } from '../refinement/consultation-rules.ts';
import { createOrganisation, createUser } from './identity.actions.ts';
import { listOwnSessions, revokeSession, signIn, signOut } from './session.actions.ts';
import { createApiToken, listOwnTokens, revokeApiToken } from './token.actions.ts';
import {
  ORGANISATION_KINDS,
  PARTY_CATEGORIES,
  PARTY_CATEGORY_NAMES,
  ROLES,
  ROLE_NAMES,
  SUB_COMMITTEES,
  isSubCommittee,
  isRole,
  type OrganisationKind,
  type PartyCategory,
  actorOf,
} from './identity.ts';
import { canAdminister, canManageOwnSessions, requireActor } from './identity.access.ts';
import { listOrganisations, listUsers } from './identity.store.ts';
import { safeNext } from './sign-in-next.ts';
import { retryAfterOf } from './sign-in-throttle.ts';

/**
 * The scopes of a new user's role: one grant per body ticked for a Sub-Committee member (none
 * ticked: every body), the release number for an external auditor, otherwise none.
 */
function scopesOf(role: string, bodies: readonly string[], release: string): string[] {
  if (role === 'sub_committee_member' && bodies.length > 0) return [...bodies];
  if (role === 'external_auditor' && release.trim() !== '') return [release.trim()];
  return [''];
}

/** Only same-site paths are followed after sign-in, never another origin (sign-in-next.ts). */
export { safeNext };

export function registerIdentityPages(app: FastifyInstance): void {
  app.get('/sign-in', { schema: { hide: true } }, (request, reply) => {
    if (request.principal) return reply.redirect('/home');
    const query = request.query as Record<string, string | undefined>;
    return reply.page('sign-in.njk', {
      title: 'Sign in',
      next: safeNext(query.next),
      sso: app.ctx.config.oidc?.name,
    });
  });

  app.post(
    '/sign-in',
    { schema: { hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const email = formText(request, 'email');
      const password = formText(request, 'password');
      const next = safeNext(formText(request, 'next'));
      const errors = [];
      if (email === '') errors.push({ text: 'Enter your e-mail address', href: '#email' });
      if (password === '') errors.push({ text: 'Enter your password', href: '#password' });
      if (errors.length > 0) {
        const sso = app.ctx.config.oidc?.name;
        return reply.page('sign-in.njk', { title: 'Sign in', errors, email, next, sso }, 400);
      }
      const result = await signIn(app.ctx, { email, password, ...requestMeta(request) }).catch(
        (error: unknown) => {
          if (!(error instanceof AppError)) throw error;
          return error;
        },
      );
      if (result instanceof AppError) {
        const retryAfter = retryAfterOf(result.details);
        if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
        errors.push({ text: result.message, href: '#email' });
        const sso = app.ctx.config.oidc?.name;
        return reply.page(
          'sign-in.njk',
          { title: 'Sign in', errors, email, next, sso },
          result.status,
        );
      }
      setSessionCookie(reply, app.ctx.config.secureCookies, result.token);
      return reply.redirect(next, 303);
    },
  );

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.principal) await signOut(app.ctx, request.principal);
    clearSessionCookie(reply, app.ctx.config.secureCookies);
    setNotice(reply, 'You have signed out.');
    return reply.redirect('/', 303);
  });

  app.get('/account', { schema: { hide: true } }, (request, reply) =>
    renderAccount(request, reply, {}),
  );

  async function renderAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown>,
    status = 200,
  ) {
    const principal = requireActor(request.principal, canManageOwnSessions);
    const [sessions, tokens] = await Promise.all([
      listOwnSessions(app.ctx, principal),
      listOwnTokens(app.ctx, principal),
    ]);
    return reply.page('account.njk', { title: 'Your account', sessions, tokens, ...extra }, status);
  }

  app.post('/account/sessions/revoke', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageOwnSessions);
    const id = formText(request, 'sessionId');
    await revokeSession(app.ctx, principal, id);
    if (id === principal.sessionId) {
      clearSessionCookie(reply, app.ctx.config.secureCookies);
      return reply.redirect('/sign-in', 303);
    }
    setNotice(reply, 'The session has been revoked.');
    return reply.redirect('/account', 303);
  });

  app.post('/account/tokens', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageOwnSessions);
    const name = formText(request, 'name');
    try {
      const created = await createApiToken(app.ctx, actorOf(principal), principal.userId, name);
      return await renderAccount(request, reply, { newToken: created.token });
    } catch (error) {
      return renderAccount(request, reply, { errors: formErrors(error), tokenName: name }, 400);
    }
  });

  app.post('/account/tokens/revoke', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canManageOwnSessions);
    await revokeApiToken(app.ctx, principal, Number(formText(request, 'tokenId')));
    setNotice(reply, 'The token has been revoked.');
    return reply.redirect('/account', 303);
  });

  async function renderUsers(reply: FastifyReply, extra: Record<string, unknown>, status = 200) {
    const [users, organisations] = await Promise.all([
      listUsers(app.ctx.db),
      listOrganisations(app.ctx.db),
    ]);
    return reply.page(
      'admin-users.njk',
      {
        title: 'Users and organisations',
        users,
        organisations,
        roles: ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role] })),
        bodies: SUB_COMMITTEES.map((body) => ({ value: body, text: BODY_NAMES[body] })),
        bodyNames: BODY_NAMES,
        kinds: ORGANISATION_KINDS,
        categories: PARTY_CATEGORIES.map((value) => ({ value, text: PARTY_CATEGORY_NAMES[value] })),
        categoryNames: PARTY_CATEGORY_NAMES,
        ...extra,
      },
      status,
    );
  }

  app.get('/admin/users', { schema: { hide: true } }, (request, reply) => {
    requireActor(request.principal, canAdminister);
    return renderUsers(reply, {});
  });

  app.post('/admin/users', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canAdminister);
    const role = formText(request, 'role');
    const organisation = formText(request, 'organisationId');
    const values = {
      email: formText(request, 'email'),
      name: formText(request, 'name'),
      password: formText(request, 'password'),
      organisationId: organisation,
      role,
      release: formText(request, 'release'),
    };
    // Issue 13: a Sub-Committee member's bodies are ticked, never typed as codes.
    const bodies = formList(request, 'bodies').filter(isSubCommittee);
    try {
      if (!isRole(role))
        throw new AppError('validation_failed', 'Choose a role', { field: 'role' });
      await createUser(app.ctx, principal, {
        email: values.email,
        name: values.name,
        password: values.password === '' ? null : values.password,
        organisationId: organisation === '' ? null : Number(organisation),
        roles: scopesOf(role, bodies, values.release).map((scope) => ({ role, scope })),
      });
    } catch (error) {
      return renderUsers(
        reply,
        { errors: formErrors(error), userValues: { ...values, bodies } },
        400,
      );
    }
    setNotice(reply, `User ${values.email} created.`);
    return reply.redirect('/admin/users', 303);
  });

  app.post('/admin/organisations', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canAdminister);
    const values = {
      name: formText(request, 'orgName'),
      kind: formText(request, 'kind'),
      partyCategory: formText(request, 'partyCategory'),
      isUser: formText(request, 'isUser') === 'yes',
    };
    try {
      if (!(ORGANISATION_KINDS as readonly string[]).includes(values.kind)) {
        throw new AppError('validation_failed', 'Choose what kind of organisation this is', {
          field: 'kind',
        });
      }
      await createOrganisation(app.ctx, principal, {
        name: values.name,
        kind: values.kind as OrganisationKind,
        partyCategory: values.partyCategory === '' ? null : (values.partyCategory as PartyCategory),
        isUser: values.isUser,
      });
    } catch (error) {
      return renderUsers(
        reply,
        { errors: formErrors(error, { name: 'orgName' }), orgValues: values },
        400,
      );
    }
    setNotice(reply, `Organisation ${values.name} registered.`);
    return reply.redirect('/admin/users', 303);
  });
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { clearSessionCookie, setSessionCookie } from '../../http/auth.ts';
import { requestMeta } from '../../http/request-ip.ts';
import { AppError } from '../../errors.ts';
import { ErrorSchema, IdParams, withErrors } from '../../schemas.ts';
import { createOrganisation, createUser } from './identity.actions.ts';
import { listOwnSessions, revokeSession, signIn, signOut } from './session.actions.ts';
import { createApiToken, listOwnTokens, revokeApiToken } from './token.actions.ts';
import type { Principal } from './identity.ts';
import {
  canAdminister,
  canManageOwnSessions,
  canReadDirectory,
  requireActor,
} from './identity.access.ts';
import {
  NewOrganisationBody,
  NewTokenBody,
  NewUserBody,
  OrganisationSchema,
  PrincipalSchema,
  SessionSchema,
  SignInBody,
  TokenSchema,
  UserSchema,
} from './identity.schema.ts';
import { listOrganisations, listUsers } from './identity.store.ts';
import { actorOf } from './identity.ts';
import { retryAfterOf } from './sign-in-throttle.ts';

/** Issue 11: a throttled sign-in, the same for every e-mail address; Retry-After says when. */
const ThrottledSchema = Type.Object(
  { ...ErrorSchema.properties, retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 1 })) },
  {
    description:
      'Refused: `sign_in_throttled` (too many wrong passwords for this address from here, or from anywhere just now), or `rate_limited` (too many requests from this client)',
  },
);

export function presentPrincipal(principal: Principal) {
  return {
    userId: principal.userId,
    name: principal.name,
    email: principal.email,
    organisationId: principal.organisationId,
    organisationName: principal.organisationName,
    roles: principal.roles.map((grant) => ({ role: grant.role, scope: grant.scope })),
  };
}

/** Sign-in, the signed-in user's sessions and tokens, and the directory of organisations and users. */
export function registerIdentityRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['identity'];

  app.post(
    '/api/v1/auth/sign-in',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Sign in with e-mail and password; sets the session cookie',
        description:
          'Wrong passwords are throttled per e-mail address and client address, and slowed per e-mail address (429 `sign_in_throttled` with Retry-After); known and unknown addresses get the same answers.',
        tags,
        security: [],
        body: SignInBody,
        response: withErrors({ 200: PrincipalSchema, 429: ThrottledSchema }),
      },
    },
    async (request, reply) => {
      const result = await signIn(app.ctx, { ...request.body, ...requestMeta(request) }).catch(
        (error: unknown) => {
          const retryAfter = error instanceof AppError ? retryAfterOf(error.details) : undefined;
          if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
          throw error;
        },
      );
      setSessionCookie(reply, app.ctx.config.secureCookies, result.token);
      return presentPrincipal(result.principal);
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    {
      // Needs no body: without one, no CSRF token either unless the browser says another site
      // sent it (auth.ts needsCsrfCheck); forging it could only sign the victim out.
      config: { bodilessPostFromSameSiteOnly: true },
      schema: {
        summary: 'End the current session',
        description:
          'Send it with no body (or a JSON body). A browser request from another site is refused (403 `csrf_invalid`).',
        tags,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageOwnSessions);
      await signOut(app.ctx, principal);
      clearSessionCookie(reply, app.ctx.config.secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'The signed-in user',
        tags,
        response: withErrors({ 200: PrincipalSchema }),
      },
    },
    (request) => presentPrincipal(requireActor(request.principal, canManageOwnSessions)),
  );

  app.get(
    '/api/v1/me/sessions',
    {
      schema: {
        summary: 'Your active sessions',
        tags,
        response: withErrors({ 200: Type.Array(SessionSchema) }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canManageOwnSessions);
      const sessions = await listOwnSessions(app.ctx, principal);
      return sessions.map((session) => ({
        ...session,
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.lastSeenAt.toISOString(),
      }));
    },
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    {
      schema: {
        summary: 'Revoke one of your sessions',
        tags,
        params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageOwnSessions);
      await revokeSession(app.ctx, principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      schema: {
        summary: 'Your API tokens',
        tags,
        response: withErrors({ 200: Type.Array(TokenSchema) }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canManageOwnSessions);
      const tokens = await listOwnTokens(app.ctx, principal);
      return tokens.map((token) => ({
        id: token.id,
        name: token.name,
        createdAt: token.createdAt.toISOString(),
        lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      }));
    },
  );

  app.post(
    '/api/v1/me/tokens',
    {
      schema: {
        summary: 'Create an API token (the secret is returned once)',
        tags,
        body: NewTokenBody,
        response: withErrors({ 201: Type.Object({ id: Type.Integer(), token: Type.String() }) }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageOwnSessions);
      const created = await createApiToken(
        app.ctx,
        actorOf(principal),
        principal.userId,
        request.body.name,
      );
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      schema: {
        summary: 'Revoke one of your API tokens',
        tags,
        params: IdParams,
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canManageOwnSessions);
      await revokeApiToken(app.ctx, principal, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/organisations',
    {
      schema: {
        summary: 'Organisations: Parties with their Party Category, the DCC, the Authority, SECAS',
        tags,
        response: withErrors({ 200: Type.Array(OrganisationSchema) }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadDirectory);
      const organisations = await listOrganisations(app.ctx.db);
      return organisations.map(({ id, name, kind, partyCategory, isUser }) => ({
        id,
        name,
        kind,
        partyCategory,
        isUser,
      }));
    },
  );

  app.post(
    '/api/v1/organisations',
    {
      schema: {
        summary: 'Register an organisation (Code Administrator)',
        tags,
        body: NewOrganisationBody,
        response: withErrors({ 201: Type.Object({ id: Type.Integer() }) }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canAdminister);
      const id = await createOrganisation(app.ctx, principal, {
        name: request.body.name,
        kind: request.body.kind,
        partyCategory: request.body.partyCategory ?? null,
        isUser: request.body.isUser ?? false,
      });
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/v1/users',
    {
      schema: {
        summary: 'Users and their roles',
        tags,
        response: withErrors({ 200: Type.Array(UserSchema) }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadDirectory);
      const users = await listUsers(app.ctx.db);
      return users.map((user) => ({
        id: user.id,
        email: user.email,
        name: user.name,
        organisationId: user.organisationId,
        organisationName: user.organisationName,
        disabled: user.disabled,
        roles: user.roles,
      }));
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        summary: 'Create a user with roles (Code Administrator)',
        tags,
        body: NewUserBody,
        response: withErrors({ 201: Type.Object({ id: Type.Integer() }) }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canAdminister);
      const id = await createUser(app.ctx, principal, {
        email: request.body.email,
        name: request.body.name,
        password: request.body.password ?? null,
        organisationId: request.body.organisationId ?? null,
        roles: request.body.roles,
      });
      return reply.code(201).send({ id });
    },
  );
}

import { Type } from 'typebox';
import { ORGANISATION_KINDS, PARTY_CATEGORIES, ROLES } from './identity.ts';

export const RoleSchema = Type.Enum([...ROLES]);
export const PartyCategorySchema = Type.Enum([...PARTY_CATEGORIES]);
export const OrganisationKindSchema = Type.Enum([...ORGANISATION_KINDS]);

export const SignInBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});

export const PrincipalSchema = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  organisationId: Type.Union([Type.Integer(), Type.Null()]),
  organisationName: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.Object({ role: Type.String(), scope: Type.String() })),
});

export const SessionSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  userAgent: Type.String(),
  ip: Type.String(),
  current: Type.Boolean(),
});

export const TokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const NewTokenBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

export const OrganisationSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  partyCategory: Type.Union([Type.String(), Type.Null()]),
  isUser: Type.Boolean(),
});

export const NewOrganisationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: OrganisationKindSchema,
  partyCategory: Type.Optional(Type.Union([PartyCategorySchema, Type.Null()])),
  isUser: Type.Optional(Type.Boolean()),
});

export const NewUserBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.Optional(Type.String({ minLength: 12, maxLength: 128 })),
  organisationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  roles: Type.Array(
    Type.Object({ role: RoleSchema, scope: Type.Optional(Type.String({ maxLength: 100 })) }),
    {
      minItems: 1,
    },
  ),
});

export const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  organisationId: Type.Union([Type.Integer(), Type.Null()]),
  organisationName: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  roles: Type.Array(Type.Object({ role: Type.String(), scope: Type.String() })),
});

import { Type, type Static } from 'typebox';
import { Email, Uuid } from './common.ts';

export const StaffRoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('finance'), Type.Literal('sales')]);

export const LoginBody = Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const UserSchema = Type.Object({ id: Uuid, email: Type.String(), name: Type.String(), role: StaffRoleSchema, active: Type.Boolean(), createdAt: Type.String() });
export type UserDto = Static<typeof UserSchema>;

export const MeSchema = Type.Object({
  kind: Type.Union([Type.Literal('staff'), Type.Literal('link'), Type.Literal('api_key')]),
  id: Type.String(),
  name: Type.String(),
  email: Type.Optional(Type.String()),
  role: Type.String(),
  sessionId: Type.Optional(Type.String()),
});
export type MeDto = Static<typeof MeSchema>;

export const NewUserBody = Type.Object(
  { email: Email, name: Type.String({ minLength: 1, maxLength: 120 }), role: StaffRoleSchema, password: Type.String({ minLength: 8, maxLength: 200 }) },
  { additionalProperties: false },
);
export const UserChangesBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })), role: Type.Optional(StaffRoleSchema), password: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

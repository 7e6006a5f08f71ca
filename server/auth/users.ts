/** Staff users: the only SQL about `users`. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { UsersTable } from '../db/foundation-tables.ts';
import type { StaffRole } from '../../shared/roles.ts';
import { hashPassword } from './password.ts';
import { forgetSessionsOfUser } from './sessions.ts';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly active: boolean;
  readonly createdAt: string;
}

export function toUser(row: Selectable<UsersTable>): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role as StaffRole, active: row.active, createdAt: row.created_at.toISOString() };
}

export async function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}

export async function findUserById(db: Kysely<DB>, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Kysely<DB>): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('role').orderBy('name').execute()).map(toUser);
}

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly password: string;
}

export async function createUser(db: Kysely<DB>, user: NewUser): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({ email: user.email.trim(), name: user.name.trim(), role: user.role, password_hash: await hashPassword(user.password) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export interface UserChanges {
  readonly name?: string;
  readonly role?: StaffRole;
  readonly password?: string;
  readonly active?: boolean;
}

/** Deactivating a user, a new password or a new role ends every login the user has. */
export function changesEndLogins(changes: UserChanges): boolean {
  return changes.active === false || changes.password !== undefined || changes.role !== undefined;
}

export async function updateUser(db: Kysely<DB>, id: string, changes: UserChanges): Promise<User | undefined> {
  const values = {
    ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
    ...(changes.role === undefined ? {} : { role: changes.role }),
    ...(changes.active === undefined ? {} : { active: changes.active }),
    ...(changes.password === undefined ? {} : { password_hash: await hashPassword(changes.password) }),
  };
  if (Object.keys(values).length === 0) {
    const row = await findUserById(db, id);
    return row && toUser(row);
  }
  const row = await db.updateTable('users').set(values).where('id', '=', id).returningAll().executeTakeFirst();
  if (row && changesEndLogins(changes)) {
    await db.deleteFrom('auth_sessions').where('user_id', '=', id).execute();
  }
  if (row) forgetSessionsOfUser(db, id); // cached logins see the new name, role or status at once
  return row && toUser(row);
}

/** ADMIN_EMAIL / ADMIN_PASSWORD at start: create that admin, or reset its password and role. */
export async function ensureAdmin(db: Kysely<DB>, email: string, password: string): Promise<User> {
  const existing = await findUserByEmail(db, email);
  if (!existing) return createUser(db, { email, name: 'Administrator', role: 'admin', password });
  return (await updateUser(db, existing.id, { role: 'admin', password, active: true }))!;
}

import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface SettingsTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface AuthSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface CustomersTable {
  id: Generated<string>;
  ref: string;
  name: string;
  currency: string;
  sales_owner_id: string | null;
  /** Minor units of `currency`. */
  credit_limit: bigint;
  payment_terms_days: number;
  segment: string;
  contacts: ColumnType<unknown, string, string>;
  /** Added by migration 0002 for collections' credit holds (not null default false). */
  on_hold: ColumnType<boolean, boolean | undefined, boolean>;
  hold_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface FoundationTables {
  settings: SettingsTable;
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  customers: CustomersTable;
}

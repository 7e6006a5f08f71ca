/** Kysely types of the integration tables (migration 0006-integrations). */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string, string>;

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: Json;
  created_by: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  url: string;
  events: Json;
  secret: string;
  description: Generated<string>;
  active: Generated<boolean>;
  created_by: string;
  created_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  subscription_id: string;
  event_id: string;
  event: string;
  payload: Json;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  replay_of: string | null;
  created_at: CreatedAt;
  delivered_at: Date | null;
}

export interface WebhookAttemptsTable {
  id: Generated<bigint>;
  delivery_id: string;
  attempted_at: Date;
  duration_ms: number;
  status: number | null;
  error: string | null;
}

export interface BankStatementsTable {
  id: Generated<string>;
  message_id: string;
  statement_id: string;
  account_iban: string;
  currency: string;
  imported_by: string;
  imported_at: CreatedAt;
}

export interface BankEntriesTable {
  id: Generated<string>;
  statement_id: string;
  account_iban: string;
  entry_ref: string;
  booking_date: string;
  amount: bigint;
  currency: string;
  debtor_name: string | null;
  debtor_iban: string | null;
  remittance: string;
  status: string;
  reason: Generated<string>;
  customer_id: string | null;
  payment_id: string | null;
  suggestions: ColumnType<unknown, string | undefined, string>;
  created_at: CreatedAt;
  resolved_by: string | null;
  resolved_at: Date | null;
}

export interface BankDebtorIdentitiesTable {
  kind: string;
  value: string;
  customer_id: string;
  confirmed_by: string;
  confirmed_at: CreatedAt;
}

export interface IntegrationTables {
  api_keys: ApiKeysTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  bank_statements: BankStatementsTable;
  bank_entries: BankEntriesTable;
  bank_debtor_identities: BankDebtorIdentitiesTable;
}

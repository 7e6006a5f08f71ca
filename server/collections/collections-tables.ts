/** Kysely types of the collections tables (migrations 0005-collections, 0007_collections_self_service). int8 → bigint, date → 'YYYY-MM-DD'. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface ReminderTemplatesTable {
  id: Generated<string>;
  name: string;
  level: string;
  subject: string;
  body: string;
  updated_at: Timestamp;
}

export interface CadencesTable {
  id: Generated<string>;
  segment: string | null;
  customer_id: string | null;
  steps: Json;
  updated_at: Timestamp;
}

export interface MailOutboxTable {
  id: Generated<string>;
  message_key: string;
  customer_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  body: string;
  invoice_ids: Json;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date, Date>;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Timestamp;
}

export interface CommunicationLogTable {
  id: Generated<bigint>;
  customer_id: string;
  day: string;
  kind: string;
  invoice_numbers: Json;
  step_offset: number | null;
  reason: string | null;
  outbox_id: string | null;
  details: Json;
  created_at: Timestamp;
}

export interface ReminderStepsTable {
  invoice_id: string;
  step_offset: number;
  day: string;
  outcome: string;
  reason: string | null;
  open_amount: bigint;
  outbox_id: string | null;
}

export interface TasksTable {
  id: Generated<string>;
  kind: string;
  title: string;
  customer_id: string;
  invoice_id: string | null;
  dispute_id: string | null;
  assignee_id: string | null;
  due_date: string;
  status: Generated<string>;
  details: Json;
  dedupe_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerCollectionsTable {
  customer_id: string;
  paused_until: string | null;
  pause_reason: string | null;
  unbilled_orders: Generated<bigint>;
  limit_alert: string | null;
  /** 0007: overrides the company's overdue-hold threshold; null → the company's. */
  overdue_hold_threshold: ColumnType<bigint | null, bigint | null | undefined, bigint | null>;
  updated_at: Timestamp;
}

export interface NegotiatedTermsTable {
  customer_id: string;
  payment_terms_days: number | null;
  discount_bps: number;
  list_prices: Json;
  notes: string;
  recorded_by: string;
  updated_at: Timestamp;
}

export interface TermsChecksTable {
  invoice_id: string;
  checked_on: string;
  mismatch: boolean;
  task_id: string | null;
}

export interface PromiseTrackingTable {
  promise_id: string;
  open_at_promise: bigint;
  settled_on: string | null;
}

export interface CollectionLeasesTable {
  name: string;
  holder: string;
  expires_at: Date;
}

export interface CollectionsTables {
  reminder_templates: ReminderTemplatesTable;
  cadences: CadencesTable;
  mail_outbox: MailOutboxTable;
  communication_log: CommunicationLogTable;
  reminder_steps: ReminderStepsTable;
  tasks: TasksTable;
  customer_collections: CustomerCollectionsTable;
  negotiated_terms: NegotiatedTermsTable;
  terms_checks: TermsChecksTable;
  promise_tracking: PromiseTrackingTable;
  collection_leases: CollectionLeasesTable;
}

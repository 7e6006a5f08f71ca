/**
 * Promises to pay, minimal: recorded against a customer's open invoices, for at most what they
 * still have open, dated today or later. The collections work tracks keeping and breaking them.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';

export interface PromiseView {
  readonly id: string;
  readonly customerId: string;
  readonly invoiceNumbers: string[];
  readonly amount: number;
  readonly currency: string;
  readonly date: string;
  readonly status: string;
  readonly note: string;
  readonly recordedBy: string;
}

export async function recordPromise(
  db: Kysely<DB>,
  input: { customerId: string; currency: string; invoiceNumbers: readonly string[]; amount: number; date: string; note?: string; recordedBy: string; today: string; requestId: string },
): Promise<Result<PromiseView>> {
  if (input.amount <= 0) return fail(ErrorCode.validation, 'amount must be greater than zero', 'amount');
  if (input.date < input.today) return fail(ErrorCode.validation, 'date must be today or later', 'date');
  const numbers = [...new Set(input.invoiceNumbers)];
  const invoices = await db.selectFrom('invoices').select(['id', 'number', 'open_amount', 'customer_id']).where('number', 'in', numbers).execute();
  for (const [index, number] of input.invoiceNumbers.entries()) {
    const invoice = invoices.find((row) => row.number === number);
    if (!invoice || invoice.customer_id !== input.customerId) return fail(ErrorCode.validation, `Invoice ${number} is not an invoice of this customer`, `invoiceNumbers.${index}`);
  }
  const open = invoices.reduce((total, invoice) => total + invoice.open_amount, 0n);
  if (BigInt(input.amount) > open) return fail(ErrorCode.overApplication, `amount is more than the ${open} still open on these invoices`, 'amount');
  const row = await db
    .insertInto('promises')
    .values({ customer_id: input.customerId, invoice_numbers: JSON.stringify(numbers), amount: BigInt(input.amount), currency: input.currency, promised_date: input.date, note: input.note ?? '', recorded_by: input.recordedBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('audit_log').values({ actor: input.recordedBy, request_id: input.requestId, command: 'recordPromise', subject_type: 'promise', subject_id: row.id, customer_id: input.customerId, invoice_id: null, details: JSON.stringify({ amount: input.amount, date: input.date, invoiceNumbers: numbers }) }).execute();
  return ok({ id: row.id, customerId: row.customer_id, invoiceNumbers: numbers, amount: Number(row.amount), currency: row.currency, date: row.promised_date, status: row.status, note: row.note, recordedBy: row.recorded_by });
}

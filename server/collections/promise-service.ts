/**
 * Recording a promise-to-pay (staff in the API, the customer through the session link, the sync
 * promise bridge): validated against the ledger's current open balances (not in the past, not
 * above what is open), stored in the ledger's `promises` table that 0002 created for collections,
 * with the open amount at promise time as the baseline for kept/broken, logged, and announced.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { validatePromise, type PromiseInput } from '../../shared/collections/promise-to-pay.ts';
import type { IsoDate } from '../../shared/time/dates.ts';
import type { DomainEventBus } from '../events/domain-events.ts';
import { appendLog, LogKind } from './communication-log.ts';

export interface PromiseView {
  readonly id: string;
  readonly customerId: string;
  readonly invoiceNumbers: readonly string[];
  readonly amount: number;
  readonly currency: string;
  readonly date: string;
  readonly status: string;
  readonly note: string;
  readonly recordedBy: string;
}

export async function recordPromise(
  db: Kysely<DB>,
  events: DomainEventBus,
  input: PromiseInput & { readonly customerId: string; readonly note?: string },
  recordedBy: string,
  today: IsoDate,
): Promise<Result<PromiseView>> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
  if (!customer) return fail(ErrorCode.notFound, 'No such customer', 'customerId');
  const result = await db.transaction().execute(async (trx): Promise<Result<PromiseView>> => {
    const invoices = input.invoiceNumbers.length === 0 ? [] : await trx.selectFrom('invoices').select(['number', 'open_amount', 'currency']).where('customer_id', '=', input.customerId).where('number', 'in', [...input.invoiceNumbers]).where('voided', '=', false).forUpdate().execute();
    const valid = validatePromise(input, invoices.map((invoice) => ({ number: invoice.number, openAmount: Number(invoice.open_amount), currency: invoice.currency })), today);
    if (!valid.ok) return valid;
    const row = await trx
      .insertInto('promises')
      .values({ customer_id: input.customerId, invoice_numbers: JSON.stringify(input.invoiceNumbers), amount: BigInt(input.amount), currency: valid.value.currency, promised_date: input.date, note: input.note ?? '', recorded_by: recordedBy })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    await trx.insertInto('promise_tracking').values({ promise_id: row.id, open_at_promise: BigInt(valid.value.openAmount) }).execute();
    await appendLog(trx, [{ customerId: input.customerId, day: today, kind: LogKind.promiseRecorded, invoiceNumbers: input.invoiceNumbers, details: { promiseId: row.id, amount: input.amount, date: input.date, recordedBy } }]);
    return ok({ id: row.id, customerId: input.customerId, invoiceNumbers: [...input.invoiceNumbers], amount: input.amount, currency: valid.value.currency, date: input.date, status: row.status, note: input.note ?? '', recordedBy });
  });
  if (result.ok) await events.emit('promise.recorded', { promiseId: result.value.id, customerId: result.value.customerId, invoiceNumbers: result.value.invoiceNumbers, amount: result.value.amount, date: result.value.date });
  return result;
}

export async function listPromises(db: Kysely<DB>, filter: { customerId?: string; status?: string }): Promise<PromiseView[]> {
  let query = db.selectFrom('promises').selectAll().orderBy('promised_date').orderBy('created_at').limit(500);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.execute();
  return rows.map((row) => ({ id: row.id, customerId: row.customer_id, invoiceNumbers: row.invoice_numbers as string[], amount: Number(row.amount), currency: row.currency, date: row.promised_date, status: row.status, note: row.note, recordedBy: row.recorded_by }));
}

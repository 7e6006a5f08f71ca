/**
 * `LedgerApi.ensureCustomers`: the CSV import's way to create the customers a file names for the
 * first time, exactly as `POST /customers` would (default terms, no sales owner, zero credit
 * limit, a `createCustomer` audit row), in one transaction and a fixed number of statements
 * however many customers a batch brings. Existing customers are left untouched.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { isCurrency } from '../../shared/money/currency.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import type { EnsureCustomerInput } from './ledger-api.ts';
import { chunks } from './working-set.ts';

/** The same rules as NewCustomerBody (shared/schemas/customers.ts) for the fields the import sets. */
const REF_PATTERN = /^[\w.-]{1,64}$/;
const CHUNK = 2_000;

export type EnsureCustomerResult = Result<{ readonly ref: string; readonly created: boolean }>;

function check(input: EnsureCustomerInput): Result<EnsureCustomerInput> {
  if (!REF_PATTERN.test(input.ref)) return fail(ErrorCode.validation, 'A customer ref is 1–64 letters, digits, "_", "." or "-"', 'customerRef');
  if (input.name.length === 0 || input.name.length > 200) return fail(ErrorCode.validation, 'A customer name is 1–200 characters', 'customerName');
  if (!isCurrency(input.currency)) return fail(ErrorCode.unknownCurrency, `Unknown currency "${input.currency}"`, 'currency');
  return ok(input);
}

export async function ensureCustomers(db: Kysely<DB>, actor: string, requestId: string, inputs: readonly EnsureCustomerInput[]): Promise<EnsureCustomerResult[]> {
  const results: (EnsureCustomerResult | undefined)[] = inputs.map((input) => {
    const checked = check(input);
    return checked.ok ? undefined : checked;
  });
  // The first valid input of each ref is the one that may create it; repeats report created: false.
  const firstIndexOfRef = new Map<string, number>();
  inputs.forEach((input, index) => {
    if (results[index] === undefined && !firstIndexOfRef.has(input.ref)) firstIndexOfRef.set(input.ref, index);
  });
  const created = new Set<string>();
  if (firstIndexOfRef.size > 0) {
    await db.transaction().execute(async (trx) => {
      for (const chunk of chunks([...firstIndexOfRef.values()], CHUNK)) {
        // `on conflict do nothing` leaves existing customers alone (and a concurrent creator wins).
        const rows = await trx
          .insertInto('customers')
          .values(chunk.map((index) => ({ ref: inputs[index]!.ref, name: inputs[index]!.name, currency: inputs[index]!.currency, sales_owner_id: null, credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' })))
          .onConflict((oc) => oc.column('ref').doNothing())
          .returning(['id', 'ref', 'name', 'currency'])
          .execute();
        if (rows.length === 0) continue;
        await trx
          .insertInto('audit_log')
          .values(rows.map((row) => ({ actor, request_id: requestId, command: 'createCustomer', subject_type: 'customer', subject_id: row.id, customer_id: row.id, invoice_id: null, details: JSON.stringify({ ref: row.ref, name: row.name, currency: row.currency }) })))
          .execute();
        for (const row of rows) created.add(row.ref);
      }
    });
  }
  return inputs.map((input, index) => results[index] ?? ok({ ref: input.ref, created: firstIndexOfRef.get(input.ref) === index && created.has(input.ref) }));
}

/** Small input checks shared by the planners; each failure names the request field. */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { isCurrency } from '../money/currency.ts';
import { isLedgerDate } from '../time/dates.ts';

export function checkDate(value: string, field: string): Result<string> {
  return isLedgerDate(value) ? ok(value) : fail(ErrorCode.validation, `${field} must be a calendar date YYYY-MM-DD from 1900 on, got "${value}"`, field);
}

/** A positive (or, with `allowZero`, non-negative) integer number of minor units, as bigint. */
export function checkAmount(value: number | bigint, field: string, options: { allowZero?: boolean } = {}): Result<bigint> {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return fail(ErrorCode.validation, `${field} must be an integer number of minor units`, field);
  const amount = BigInt(value);
  if (amount < 0n || (amount === 0n && !options.allowZero)) return fail(ErrorCode.validation, `${field} must be ${options.allowZero ? 'zero or more' : 'greater than zero'}`, field);
  return ok(amount);
}

export function checkCurrency(value: string, expected: string, field = 'currency'): Result<string> {
  if (!isCurrency(value)) return fail(ErrorCode.unknownCurrency, `Unknown currency "${value}"`, field);
  if (value !== expected) return fail(ErrorCode.currencyMismatch, `${field} is ${value} but the customer is billed in ${expected}`, field);
  return ok(value);
}

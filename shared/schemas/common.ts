/** Schema pieces every API resource uses. TypeBox only: JSON Schema at run time, types at compile time. */
import { Type } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
/**
 * 'YYYY-MM-DD' that is a real calendar day of 1900–9999: the `date` format refuses 2026-02-30, which the
 * pattern alone would let through; the pattern keeps out early years no ledger or report needs, and
 * whose month arithmetic in SQL reaches years PostgreSQL cannot hold.
 */
export const IsoDate = Type.String({ format: 'date', pattern: '^(19|[2-9]\\d)\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'Calendar date YYYY-MM-DD (UTC), years 1900–9999' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
/** Integer minor units (cents). Non-negative; direction comes from the command, never the sign. */
export const MinorUnits = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Amount in integer minor units of the currency' });
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });

export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});

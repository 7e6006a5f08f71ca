/**
 * Every expected failure of the domain, in one const object. server/http/error-map.ts maps each
 * code to an HTTP status exhaustively, so adding a code here does not compile until it is mapped.
 */
export const ErrorCode = {
  validation: 'validation',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  idempotencyMismatch: 'idempotency_mismatch',
  unknownCurrency: 'unknown_currency',
  currencyMismatch: 'currency_mismatch',
  overApplication: 'over_application',
  invalidState: 'invalid_state',
  unbalanced: 'unbalanced',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

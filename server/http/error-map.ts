/**
 * The one place where domain error codes become HTTP statuses. `Record<ErrorCode, …>` makes a
 * new code fail to compile until it is mapped here.
 */
import { ErrorCode } from '../../shared/errors.ts';
import type { DomainError, Result } from '../../shared/result.ts';

const statusByCode: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.validation]: 400,
  [ErrorCode.unauthenticated]: 401,
  [ErrorCode.invalidCredentials]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.idempotencyMismatch]: 422,
  [ErrorCode.unknownCurrency]: 400,
  [ErrorCode.currencyMismatch]: 400,
  [ErrorCode.overApplication]: 422,
  [ErrorCode.invalidState]: 409,
  [ErrorCode.unbalanced]: 422,
  [ErrorCode.payloadTooLarge]: 413,
  [ErrorCode.rateLimited]: 429,
};

export function statusFor(code: ErrorCode): number {
  return statusByCode[code];
}

/** Carries a DomainError through Fastify's error handler; thrown only by `orThrow` at the edge. */
export class HttpDomainError extends Error {
  constructor(readonly domain: DomainError) {
    super(domain.message);
    this.name = 'HttpDomainError';
  }
  get statusCode(): number {
    return statusFor(this.domain.code);
  }
}

export function orThrow<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new HttpDomainError(result.error);
}

export function httpError(code: ErrorCode, message: string, field?: string): HttpDomainError {
  return new HttpDomainError({ code, message, ...(field === undefined ? {} : { field }) });
}

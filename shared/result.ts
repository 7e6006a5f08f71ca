/**
 * Expected failures are values: domain functions return `Result<T>` and the HTTP edge maps
 * the error code to a status (server/http/error-map.ts). Throw only for bugs.
 */
import type { ErrorCode } from './errors.ts';

export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  /** The request field (dotted path) or CSV column the error is about, when there is one. */
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string, field?: string, details?: Record<string, unknown>): { ok: false; error: DomainError } => ({
  ok: false,
  error: { code, message, ...(field === undefined ? {} : { field }), ...(details === undefined ? {} : { details }) },
});

/**
 * One error handler for the whole app. Every error leaves as JSON
 * `{statusCode, error, code, message, field?}`; 5xx internals are logged, never sent.
 * Also the gaps in schema validation it must cover: see `firstUnstorable`.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isUniqueViolation } from '../db/sql-state.ts';
import { httpError, HttpDomainError } from '../http/error-map.ts';
import { ErrorCode } from '../../shared/errors.ts';

const reason: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** `body/amount` or `/allocations/0/amount` → `amount` / `allocations.0.amount`. */
function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const extra = (first.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  const base = first.instancePath.replace(/^\//, '').split('/').filter(Boolean);
  const name = missing ?? extra;
  return [...base, ...(name ? [name] : [])].join('.') || undefined;
}

function codeForStatus(status: number): string {
  if (status === 401) return ErrorCode.unauthenticated;
  if (status === 403) return ErrorCode.forbidden;
  if (status === 404) return ErrorCode.notFound;
  if (status === 413) return ErrorCode.payloadTooLarge;
  if (status === 429) return ErrorCode.rateLimited;
  if (status >= 500) return 'internal';
  return ErrorCode.validation;
}

/**
 * Ajv (8.20) coerces "1e400" or "Infinity" in a query, path or body string to Infinity for an
 * integer or number field and then skips minimum/maximum, so `?limit=1e400` reached SQL and
 * failed there as a 500. And a string with U+0000 passes every schema but no PostgreSQL column.
 * The path of the first such value in validated input (and why), if any.
 */
function firstUnstorable(value: unknown, path: readonly string[] = [], depth = 0): { readonly path: string[]; readonly problem: string } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path: [...path], problem: 'must be a finite number' };
  // PostgreSQL text and jsonb cannot hold U+0000: refused here as the field's fault, not at the database as a 500.
  if (typeof value === 'string') return value.includes('\u0000') ? { path: [...path], problem: 'must not contain the NUL character (U+0000)' } : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  // Never walk a streamed body (imports) or binary data.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return { path: [...path], problem: 'must not contain the NUL character (U+0000) in a key' };
    const found = firstUnstorable(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Two requests creating the same thing at the same instant (a double-click, a retried import)
 * both pass the existence check; the database's unique index then refuses the second. That is
 * the request's conflict, not our failure: 409 naming the column, from PostgreSQL's
 * `Key (ref)=(C1) already exists.` detail.
 */
function uniqueViolation(error: unknown): { readonly field: string; readonly message: string } | undefined {
  if (!isUniqueViolation(error)) return undefined;
  const pgError = error as { detail?: unknown; table?: unknown };
  const key = typeof pgError.detail === 'string' ? /^Key \(([^)]+)\)=\((.*)\) already exists/.exec(pgError.detail) : null;
  // A plain column, or the column inside an expression index such as lower(email).
  const column = key?.[1]?.split(',')[0]?.trim().replace(/^\w+\((\w+)\)$/, '$1') ?? 'id';
  const field = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const what = typeof pgError.table === 'string' ? pgError.table.replace(/_/g, ' ').replace(/s$/, '') : 'record';
  return { field, message: `A ${what} with this ${field}${key ? ` (${key[2]!.slice(0, 80)})` : ''} was just created by another request` };
}

export default fp(async function errors(app: FastifyInstance) {
  app.addHook('preHandler', async (request) => {
    for (const [place, input] of [['querystring', request.query], ['params', request.params], ['body', request.body]] as const) {
      const found = firstUnstorable(input);
      if (found) throw httpError(ErrorCode.validation, `${[place, ...found.path].join('/')} ${found.problem}`, found.path.join('.') || place);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpDomainError) {
      const status = error.statusCode;
      return reply.status(status).send({ statusCode: status, error: reason[status] ?? 'Error', ...error.domain });
    }
    const duplicate = uniqueViolation(error);
    if (duplicate) {
      // Logged: an expected race (a double-click) reads as one, a bug inserting twice stays visible.
      request.log.warn({ err: error }, 'unique index refused a write (409)');
      return reply.status(409).send({ statusCode: 409, error: reason[409], code: ErrorCode.conflict, ...duplicate });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({ statusCode: status, error: reason[500], code: 'internal', message: 'Something went wrong on our side; the request id is in the x-request-id header.' });
    }
    const field = error.validation ? fieldOf(error) : undefined;
    const message = error.validation && field && !error.message.includes(field) ? `${field}: ${error.message}` : error.message;
    return reply.status(status).send({ statusCode: status, error: reason[status] ?? 'Error', code: codeForStatus(status), message, ...(field ? { field } : {}) });
  });

});

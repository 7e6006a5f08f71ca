/**
 * One error handler for the whole app. Every error leaves as JSON
 * `{statusCode, error, code, message, field?}`; 5xx internals are logged, never sent.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpDomainError } from '../http/error-map.ts';
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

export default fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpDomainError) {
      const status = error.statusCode;
      return reply.status(status).send({ statusCode: status, error: reason[status] ?? 'Error', ...error.domain });
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

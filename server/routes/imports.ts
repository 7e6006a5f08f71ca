/**
 * CSV invoice import (DESIGN §5). `POST /imports/invoices` takes the file as the raw body
 * (`Content-Type: text/csv`; multipart is not supported: no multipart package is installed) and
 * streams it — the body is never buffered whole — so the limit here is far above the app's
 * JSON limit. Send an `Import-Id: <uuid>` header to poll `GET /imports/:id` while it runs.
 * Only roles that post to the ledger (finance, admin) may import; the check runs before the
 * body is read.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import { actorLabel } from '../auth/actor.ts';
import { httpError } from '../http/error-map.ts';
import { findImportJob, importJobExists, listImportJobs } from '../imports/import-jobs.ts';
import { runInvoiceImportJob, type ImportJobOutcome } from '../imports/import-runner.ts';
import { createBatchLock } from '../imports/invoice-import.ts';
import { requirePermission } from '../plugins/auth.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { ImportJobSchema, ImportSummarySchema } from '../../shared/imports/import-schemas.ts';
import { Permission } from '../../shared/roles.ts';
import { ErrorBody } from '../../shared/schemas/common.ts';

/** Largest CSV accepted (a 1M-row file is ~90 MB). */
export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

function statusError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}

const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Scoped to this plugin: every other route keeps Fastify's JSON parser and the app's body limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(CSV_TYPES, (request: FastifyRequest, payload: Readable, done: (error: Error | null, body?: Readable) => void) => {
    const length = Number(request.headers['content-length']);
    if (length > IMPORT_MAX_BYTES) done(statusError(413, `The file is ${length} bytes; the import limit is ${IMPORT_MAX_BYTES} bytes.`));
    else done(null, payload);
  });
  app.addContentTypeParser('*', (request: FastifyRequest, _payload: Readable, done: (error: Error | null) => void) => {
    done(statusError(415, `Send the CSV file as the request body with Content-Type: text/csv (got ${request.headers['content-type'] ?? 'none'}; multipart uploads are not supported).`));
  });

  const canImport = requirePermission(Permission.postLedger);
  // Imports run side by side, but their batches post one at a time (see createBatchLock).
  const batchLock = createBatchLock();

  app.post(
    '/imports/invoices',
    {
      onRequest: async (request, reply) => canImport.call(app, request, reply),
      schema: {
        tags: ['imports'],
        summary: 'Import invoices from CSV (body text/csv, streamed)',
        headers: Type.Object({ 'import-id': Type.Optional(Type.String({ format: 'uuid', description: 'Choose the job id, to poll GET /imports/:id during the upload' })) }),
        response: { 200: ImportSummarySchema, 400: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request) => {
      // canImport (postLedger) has run: a finance/admin user or a write-ledger API key.
      const actor = request.actor!;
      if (!(request.body instanceof Readable)) throw statusError(415, 'Send the CSV file as the request body with Content-Type: text/csv.');
      const id = request.headers['import-id'];
      if (id && (await importJobExists(app.db, id))) throw httpError(ErrorCode.conflict, `Import ${id} already exists; use a new Import-Id.`, 'import-id');
      const length = Number(request.headers['content-length']);
      const outcome = await runInvoiceImportJob(
        { db: app.db, ledger: app.ledger, now: app.config.now },
        {
          ...(id ? { id } : {}),
          source: request.body as Readable,
          sourceName: 'http',
          ctx: { actor, requestId: request.id },
          totalBytes: Number.isFinite(length) ? length : null,
          maxBytes: IMPORT_MAX_BYTES,
          batchLock,
        },
      );
      request.log.info({ importId: outcome.id, kind: outcome.kind, actor: actorLabel(actor) }, 'invoice import finished');
      return summaryOrThrow(outcome);
    },
  );

  app.get(
    '/imports/:id',
    { preHandler: canImport, schema: { tags: ['imports'], summary: 'Progress and result of one import', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: ImportJobSchema } } },
    async (request) => {
      const job = await findImportJob(app.db, request.params.id);
      if (!job) throw httpError(ErrorCode.notFound, `No import ${request.params.id}.`, 'id');
      return job;
    },
  );

  app.get(
    '/imports',
    { preHandler: canImport, schema: { tags: ['imports'], summary: 'Recent imports, newest first', querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }), response: { 200: Type.Array(ImportJobSchema) } } },
    async (request) => listImportJobs(app.db, request.query.limit),
  );
};

function summaryOrThrow(outcome: ImportJobOutcome) {
  switch (outcome.kind) {
    case 'done':
      return { id: outcome.id, ...outcome.counts, rejected: [...outcome.counts.rejected] };
    case 'bad-header':
      throw httpError(ErrorCode.validation, `The CSV header is not usable: ${outcome.errors.map((e) => e.message).join(' ')}`, outcome.errors[0]?.column);
    case 'too-large':
      throw statusError(413, `The file is larger than the import limit of ${outcome.limit} bytes; ${outcome.counts.imported} invoices before that point were imported (import ${outcome.id}).`);
    case 'unreadable':
      throw httpError(ErrorCode.validation, `${outcome.error.message} Rows before it: ${outcome.counts.imported} imported, ${outcome.counts.skipped} skipped (import ${outcome.id}).`, 'csv');
  }
}

export default importsRoutes;

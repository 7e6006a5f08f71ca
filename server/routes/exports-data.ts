/**
 * CSV downloads: `/api/v1/exports/invoices.csv` (the canonical import format: export → import
 * round-trips), `customers.csv`, `journal.csv?from&to`, `statement.csv?customer=REF&from&to`.
 * Streamed; need `read_all_customers` (finance, admin, API keys with `read`).
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { customersCsv, customerStatementCsv, invoicesCsv, journalCsv } from '../exports/data-exports.ts';
import { httpError } from '../http/error-map.ts';
import { requirePermission } from '../plugins/auth.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission } from '../../shared/roles.ts';
import { IsoDate } from '../../shared/schemas/common.ts';

const Csv = Type.String({ description: 'text/csv; header row first, amounts in decimal major units' });
const Range = { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) };

function sendCsv(reply: FastifyReply, filename: string, lines: AsyncGenerator<string>) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines));
}

const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const readAll = requirePermission(Permission.readAllCustomers);
  const tags = ['exports'];

  app.get(
    '/exports/invoices.csv',
    { preHandler: readAll, schema: { tags, summary: 'Invoices in the canonical import CSV', description: 'Columns: customer_ref, customer_name, invoice_number, issue_date, due_date, amount, currency, paid_date, disputed — what POST /imports/invoices reads.', produces: ['text/csv'], response: { 200: Csv } } },
    async (_request, reply) => sendCsv(reply, 'invoices.csv', invoicesCsv(app.db)),
  );

  app.get('/exports/customers.csv', { preHandler: readAll, schema: { tags, summary: 'Customers with open balance and unapplied cash', produces: ['text/csv'], response: { 200: Csv } } }, async (_request, reply) =>
    sendCsv(reply, 'customers.csv', customersCsv(app.db)),
  );

  app.get(
    '/exports/journal.csv',
    { preHandler: readAll, schema: { tags, summary: 'Journal lines (debit/credit) by entry date', querystring: Type.Object(Range, { additionalProperties: false }), produces: ['text/csv'], response: { 200: Csv } } },
    async (request, reply) => sendCsv(reply, 'journal.csv', journalCsv(app.db, request.query)),
  );

  app.get(
    '/exports/statement.csv',
    {
      preHandler: readAll,
      schema: { tags, summary: "A customer's statement with running balance", querystring: Type.Object({ customer: Type.String({ minLength: 1, maxLength: 64, description: 'Customer ref' }), ...Range }, { additionalProperties: false }), produces: ['text/csv'], response: { 200: Csv } },
    },
    async (request, reply) => {
      const { customer, ...range } = request.query;
      if (range.from && range.to && range.from > range.to) throw httpError(ErrorCode.validation, `from ${range.from} is after to ${range.to}.`, 'from');
      const lines = await customerStatementCsv(app.db, customer, range);
      if (!lines) throw httpError(ErrorCode.notFound, `No customer ${customer}.`, 'customer');
      return sendCsv(reply, `statement-${customer.replace(/[^\w.-]/g, '_')}.csv`, lines);
    },
  );
};

export default exportsRoutes;

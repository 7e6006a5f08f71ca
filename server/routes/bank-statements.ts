/**
 * Bank statements: `POST /api/v1/imports/bank-statement` (CAMT.053 XML body) posts matched
 * credit lines as payments; `/api/v1/bank/review` lists the rest for finance to confirm or
 * dismiss. Needs the `post_ledger` permission (finance, admin, write-ledger API keys).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorLabel } from '../auth/actor.ts';
import { parse as parseCsv } from 'csv-parse/sync';
import { importCamt053, importStatements } from '../bank/bank-import.ts';
import { parseBankCsv, DateFormat } from '../../shared/bank/bank-csv.ts';
import { confirmEntry, dismissEntry, listEntries } from '../bank/bank-review.ts';
import { httpError, orThrow } from '../http/error-map.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { requirePermission } from '../plugins/auth.ts';
import { Permission } from '../../shared/roles.ts';
import { CurrencyCode, MinorUnits, Uuid } from '../../shared/schemas/common.ts';
import { InvoiceNumber, PaymentSchema } from '../../shared/schemas/ledger.ts';

const MAX_STATEMENT_BYTES = 20 * 1024 * 1024;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const AllocationOut = Type.Object({ invoiceNumber: Type.String(), amount: Type.Integer() });

const ImportSummary = Type.Object({
  statements: Type.Array(Type.Object({ id: Uuid, messageId: Type.String(), statementId: Type.String(), accountIban: Type.String(), currency: Type.String() })),
  posted: Type.Integer(),
  review: Type.Integer(),
  duplicates: Type.Integer(),
  skipped: Type.Array(Type.Object({ label: Type.String(), reason: Type.String() })),
  lines: Type.Array(
    Type.Object({
      entryId: Nullable(Uuid),
      entryRef: Type.String(),
      label: Type.String(),
      amount: Type.Integer(),
      currency: Type.String(),
      status: Type.Union([Type.Literal('posted'), Type.Literal('review'), Type.Literal('duplicate')]),
      customerRef: Nullable(Type.String()),
      paymentId: Nullable(Uuid),
      allocations: Type.Array(AllocationOut),
      reason: Type.String(),
    }),
  ),
});

const BankEntry = Type.Object({
  id: Uuid,
  statementId: Uuid,
  accountIban: Type.String(),
  entryRef: Type.String(),
  bookingDate: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  debtorName: Nullable(Type.String()),
  debtorIban: Nullable(Type.String()),
  remittance: Type.String(),
  status: Type.String({ description: 'pending | posted | review | confirmed | dismissed' }),
  reason: Type.String(),
  customerId: Nullable(Uuid),
  paymentId: Nullable(Uuid),
  suggestions: Type.Array(Type.Object({ customerRef: Type.String(), invoiceNumber: Type.String(), dueDate: Type.String(), openAmount: Type.Integer(), currency: Type.String() })),
  resolvedBy: Nullable(Type.String()),
});

const ConfirmBody = Type.Object(
  {
    customerRef: Type.String({ minLength: 1, maxLength: 64 }),
    allocations: Type.Optional(Type.Array(Type.Object({ invoiceNumber: InvoiceNumber, amount: MinorUnits }, { additionalProperties: false }), { minItems: 1, maxItems: 1000, description: 'Split over invoices; without it oldest-due first. The rest stays unapplied cash.' })),
  },
  { additionalProperties: false },
);

const bankStatementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const finance = requirePermission(Permission.postLedger);
  const tags = ['bank'];

  // Encapsulated here: only these routes read XML bodies.
  app.addContentTypeParser(['application/xml', 'text/xml', 'text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: MAX_STATEMENT_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/imports/bank-statement',
    {
      preHandler: finance,
      bodyLimit: MAX_STATEMENT_BYTES,
      schema: {
        tags,
        summary: 'Import a CAMT.053 bank statement',
        description:
          'Body: the CAMT.053 XML (Content-Type application/xml). Credit lines matched by invoice number in the remittance, or by exact amount of a known payer, are posted as payments; the rest wait in GET /bank/review. Re-importing posts nothing twice. A file that is not XML, not CAMT.053 or has an entry in another currency than its account is refused whole (400, `field` names the entry).',
        consumes: ['application/xml', 'text/xml'],
        body: Type.String({ description: 'CAMT.053 XML' }),
        response: { 200: ImportSummary },
      },
    },
    async (request) => orThrow(await importCamt053({ db: app.db, ledger: app.ledger }, { actor: request.actor!, requestId: request.id, actorLabel: actorLabel(request.actor!) }, request.body)),
  );

  const Column = Type.String({ minLength: 1, maxLength: 100 });
  app.post(
    '/imports/bank-csv',
    {
      preHandler: finance,
      bodyLimit: MAX_STATEMENT_BYTES,
      schema: {
        tags,
        summary: "Import a bank's CSV export through a column mapping",
        description: 'Body: the CSV (Content-Type text/csv, header row first). The query names the columns. Positive amounts are credits; negative ones are skipped. Same matching, review queue and re-import safety as CAMT.053.',
        consumes: ['text/csv'],
        querystring: Type.Object(
          {
            account: Type.String({ minLength: 1, maxLength: 64, description: 'IBAN (or id) of the account the export is of' }),
            currency: CurrencyCode,
            date: Column,
            amount: Column,
            reference: Type.Optional(Column),
            name: Type.Optional(Column),
            iban: Type.Optional(Column),
            id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Column with the bank's transaction id" })),
            dateFormat: Type.Optional(Type.Enum(DateFormat)),
            decimalComma: Type.Optional(Type.Boolean()),
            delimiter: Type.Optional(Type.Union([Type.Literal(','), Type.Literal(';'), Type.Literal('tab')])),
          },
          { additionalProperties: false },
        ),
        body: Type.String({ description: 'CSV' }),
        response: { 200: ImportSummary },
      },
    },
    async (request) => {
      const { delimiter, ...mapping } = request.query;
      let records: string[][];
      try {
        records = parseCsv(request.body, { bom: true, relax_column_count: true, skip_empty_lines: true, delimiter: delimiter === 'tab' ? '\t' : (delimiter ?? ',') }) as string[][];
      } catch (error) {
        throw httpError(ErrorCode.validation, `The body is not CSV: ${error instanceof Error ? error.message : String(error)}`, 'body');
      }
      const statement = orThrow(parseBankCsv(records, mapping));
      return importStatements({ db: app.db, ledger: app.ledger }, { actor: request.actor!, requestId: request.id, actorLabel: actorLabel(request.actor!) }, [statement]);
    },
  );

  app.get(
    '/bank/review',
    { preHandler: finance, schema: { tags, summary: 'Bank lines waiting for review', querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) }), response: { 200: Type.Array(BankEntry) } } },
    async (request) => listEntries(app.db, { status: 'review', limit: request.query.limit }),
  );

  app.get(
    '/bank/entries',
    {
      preHandler: finance,
      schema: { tags, summary: 'Imported bank lines', querystring: Type.Object({ statementId: Type.Optional(Uuid), status: Type.Optional(Type.String({ maxLength: 20 })), limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }) }), response: { 200: Type.Array(BankEntry) } },
    },
    async (request) => listEntries(app.db, request.query),
  );

  app.post(
    '/bank/review/:id/confirm',
    {
      preHandler: finance,
      schema: { tags, summary: 'Post a reviewed line as a payment of a customer, optionally split', params: Type.Object({ id: Uuid }), body: ConfirmBody, response: { 200: Type.Object({ entry: BankEntry, payment: PaymentSchema }) } },
    },
    async (request) =>
      orThrow(await confirmEntry({ db: app.db, ledger: app.ledger, now: app.config.now }, { actor: request.actor!, requestId: request.id, actorLabel: actorLabel(request.actor!) }, request.params.id, request.body)),
  );

  app.post(
    '/bank/review/:id/dismiss',
    { preHandler: finance, schema: { tags, summary: 'Not a customer payment: take it off the queue', params: Type.Object({ id: Uuid }), body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }), response: { 200: BankEntry } } },
    async (request) => orThrow(await dismissEntry(app.db, request.params.id, request.body.note ?? '', actorLabel(request.actor!), app.config.now())),
  );
};

export default bankStatementRoutes;

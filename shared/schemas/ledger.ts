/** TypeBox schemas of the ledger API (invoices, payments, credits, write-offs, refunds, reversals, journal). */
import { Type, type Static } from 'typebox';
import { invoiceStatuses } from '../ledger/invoice-status.ts';
import { CurrencyCode, IsoDate, MinorUnits, Uuid } from './common.ts';

export const InvoiceStatusSchema = Type.Enum(invoiceStatuses);
export const InvoiceNumber = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\w./-]+$' });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

export const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Same key + same body → the same response, no second posting' })) });

export const InvoiceSchema = Type.Object({
  id: Uuid, number: Type.String(), customerId: Uuid, customerRef: Type.String(), currency: Type.String(), issueDate: Type.String(), dueDate: Type.String(),
  amount: Type.Integer(), openAmount: Type.Integer(), status: InvoiceStatusSchema, openDisputeId: Type.Union([Uuid, Type.Null()]),
});
export type InvoiceDto = Static<typeof InvoiceSchema>;

export const InvoiceLineBody = Type.Object(
  { description: Type.String({ minLength: 1, maxLength: 500 }), quantity: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), unitPrice: MinorUnits, tax: Type.Optional(MinorUnits) },
  { additionalProperties: false },
);

export const NewInvoiceBody = Type.Object(
  { customerRef: Type.String({ minLength: 1, maxLength: 64 }), number: InvoiceNumber, issueDate: IsoDate, dueDate: Type.Optional(IsoDate), currency: Type.Optional(CurrencyCode), lines: Type.Array(InvoiceLineBody, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
);

export const InvoiceQuery = Type.Object(
  {
    customer: Type.Optional(Type.String({ maxLength: 64, description: 'Customer ref' })), customerId: Type.Optional(Uuid), status: Type.Optional(InvoiceStatusSchema),
    overdue: Type.Optional(Type.Boolean()), disputed: Type.Optional(Type.Boolean()), asOf: Type.Optional(IsoDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 })),
  },
  { additionalProperties: false },
);

const Allocation = Type.Object({ invoiceNumber: InvoiceNumber, amount: MinorUnits }, { additionalProperties: false });

export const PaymentSchema = Type.Object({
  id: Uuid, customerId: Uuid, date: Type.String(), amount: Type.Integer(), currency: Type.String(), unapplied: Type.Integer(),
  allocations: Type.Array(Type.Object({ invoiceNumber: Type.String(), amount: Type.Integer() })),
  reference: Type.Optional(Type.Union([Type.String(), Type.Null()])), reversed: Type.Optional(Type.Boolean()), transactionId: Type.Optional(Uuid),
});

export const NewPaymentBody = Type.Object(
  { customerRef: Type.String({ minLength: 1, maxLength: 64 }), date: IsoDate, amount: MinorUnits, currency: CurrencyCode, reference: Type.Optional(Type.String({ maxLength: 200 })), allocations: Type.Optional(Type.Array(Allocation, { maxItems: 1000 })) },
  { additionalProperties: false },
);
export const ApplyCashBody = Type.Object({ date: Type.Optional(IsoDate), allocations: Type.Optional(Type.Array(Allocation, { minItems: 1, maxItems: 1000 })) }, { additionalProperties: false });
export const UnapplyCashBody = Type.Object({ invoiceNumber: InvoiceNumber, amount: MinorUnits, date: Type.Optional(IsoDate) }, { additionalProperties: false });
export const RefundBody = Type.Object({ amount: MinorUnits, date: Type.Optional(IsoDate) }, { additionalProperties: false });
export const CreditNoteBody = Type.Object({ invoiceNumber: InvoiceNumber, amount: MinorUnits, reason: Reason, date: Type.Optional(IsoDate) }, { additionalProperties: false });
export const WriteOffBody = Type.Object({ invoiceNumber: InvoiceNumber, amount: Type.Optional(MinorUnits), reason: Reason, date: Type.Optional(IsoDate) }, { additionalProperties: false });
export const ReversalBody = Type.Object({ transactionId: Uuid, date: Type.Optional(IsoDate) }, { additionalProperties: false });

export const PostedSchema = Type.Object({ id: Uuid, transactionId: Uuid, kind: Type.String(), customerId: Uuid, date: Type.String(), amount: Type.Integer(), invoices: Type.Array(InvoiceSchema) });

export const JournalEntrySchema = Type.Object({
  id: Type.Integer(), transactionId: Uuid, kind: Type.String(), reversesId: Type.Union([Uuid, Type.Null()]), reversedById: Type.Union([Uuid, Type.Null()]), actor: Type.String(), requestId: Type.String(),
  account: Type.String(), customerId: Uuid, invoiceId: Type.Union([Uuid, Type.Null()]), paymentId: Type.Union([Uuid, Type.Null()]), currency: Type.String(), debit: Type.Integer(), credit: Type.Integer(), date: Type.String(),
});
export const EntriesQuery = Type.Object(
  { customerId: Type.Optional(Uuid), invoice: Type.Optional(InvoiceNumber), transactionId: Type.Optional(Uuid), account: Type.Optional(Type.String({ maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })), before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Only entries with a smaller id' })) },
  { additionalProperties: false },
);

export const TrialBalanceSchema = Type.Object({
  balanced: Type.Boolean(),
  accounts: Type.Array(Type.Object({ account: Type.String(), currency: Type.String(), debit: Type.Integer(), credit: Type.Integer(), balance: Type.Integer() })),
  arControl: Type.Integer(), unappliedCash: Type.Integer(), invoiceOpenTotal: Type.Integer(), customerBalanceTotal: Type.Integer(), unbalancedTransactions: Type.Integer(), invoicesOutOfStep: Type.Integer(), problems: Type.Array(Type.String()),
});

export const AuditEntrySchema = Type.Object({ at: Type.String(), actor: Type.String(), requestId: Type.String(), command: Type.String(), subjectType: Type.String(), subjectId: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) });
export const MovementSchema = Type.Object({ transactionId: Uuid, kind: Type.String(), date: Type.String(), actor: Type.String(), reversed: Type.Boolean(), amount: Type.Integer(), paymentId: Type.Union([Uuid, Type.Null()]) });

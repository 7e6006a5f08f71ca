/** TypeBox schemas of customers, their statement, and promises to pay. */
import { Type } from 'typebox';
import { CurrencyCode, Email, IsoDate, MinorUnits, Uuid } from './common.ts';
import { AuditEntrySchema, InvoiceNumber, InvoiceSchema, PaymentSchema } from './ledger.ts';

export const ContactSchema = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), email: Type.Optional(Email), phone: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });
const CustomerRef = Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\w.-]+$' });

export const CustomerSummarySchema = Type.Object({
  id: Uuid, ref: Type.String(), name: Type.String(), currency: Type.String(), salesOwnerId: Type.Union([Uuid, Type.Null()]), salesOwnerName: Type.Union([Type.String(), Type.Null()]),
  creditLimit: Type.Integer(), paymentTermsDays: Type.Integer(), segment: Type.String(),
  openBalance: Type.Integer({ description: 'Open invoices − unapplied cash, minor units' }), openInvoices: Type.Integer(), overdueBalance: Type.Integer(), unappliedCash: Type.Integer(),
  risk: Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]), onHold: Type.Boolean(), holdReason: Type.Union([Type.String(), Type.Null()]),
});

export const NewCustomerBody = Type.Object(
  {
    ref: CustomerRef, name: Type.String({ minLength: 1, maxLength: 200 }), currency: CurrencyCode, salesOwnerId: Type.Optional(Type.Union([Uuid, Type.Null()])), creditLimit: Type.Optional(MinorUnits),
    paymentTermsDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })), segment: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), contacts: Type.Optional(Type.Array(ContactSchema, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export const CustomerChangesBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), salesOwnerId: Type.Optional(Type.Union([Uuid, Type.Null()])), creditLimit: Type.Optional(MinorUnits),
    paymentTermsDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })), segment: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), contacts: Type.Optional(Type.Array(ContactSchema, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const CustomerDetailSchema = Type.Intersect([
  CustomerSummarySchema,
  Type.Object({
    contacts: Type.Array(Type.Object({ name: Type.String(), email: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) })),
    statement: Type.Object({ asOf: Type.String(), invoices: Type.Array(InvoiceSchema), payments: Type.Array(PaymentSchema) }),
    activity: Type.Array(AuditEntrySchema),
  }),
]);

export const PromiseBody = Type.Object(
  { customerRef: CustomerRef, invoiceNumbers: Type.Array(InvoiceNumber, { minItems: 1, maxItems: 500 }), amount: MinorUnits, date: IsoDate, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const PromiseSchema = Type.Object({ id: Uuid, customerId: Uuid, invoiceNumbers: Type.Array(Type.String()), amount: Type.Integer(), currency: Type.String(), date: Type.String(), status: Type.String(), note: Type.String(), recordedBy: Type.String() });

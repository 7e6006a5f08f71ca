/**
 * Promise-to-pay: a customer's (or staff member's) promise to pay invoices by a date. Keyed by id
 * in `promises`. Like dispute flags, a participant writes `requested`; the server hands it to the
 * collections work (a seam: server/sync/promise-bridge.ts) and writes back `recorded` or
 * `rejected`; later `kept` or `broken`.
 */
import { Type, type Static } from 'typebox';
import { defineRecordType, type RecordId } from './record-type.ts';
import { CalendarDate, ShortText } from './vectors.ts';

export const PromiseStatus = { requested: 'requested', recorded: 'recorded', rejected: 'rejected', kept: 'kept', broken: 'broken' } as const;
export type PromiseStatus = (typeof PromiseStatus)[keyof typeof PromiseStatus];

export const PromiseSchema = Type.Object(
  {
    invoiceNumbers: Type.Array(ShortText(120), { minItems: 1, maxItems: 200 }),
    /** Minor units of the invoices' currency. */
    amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    /** The day the customer promises to pay by. */
    date: CalendarDate,
    /** Display name of who promised. */
    by: ShortText(),
    status: Type.Enum(PromiseStatus),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The collections record, once the server has recorded it. */
    promiseId: Type.Optional(ShortText(120)),
    /** Why the server refused it (status `rejected`). */
    rejection: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PaymentPromise = Static<typeof PromiseSchema>;
export type PromiseId = RecordId<'promise'>;

export const promiseRecord = defineRecordType({ typeName: 'promise', version: 1, schema: PromiseSchema });

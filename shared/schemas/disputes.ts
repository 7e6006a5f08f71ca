/** TypeBox schemas of disputes and their comments. */
import { Type } from 'typebox';
import { disputeOutcomes, disputeReasons } from '../disputes/dispute.ts';
import { IsoDate, MinorUnits, Uuid } from './common.ts';
import { InvoiceNumber } from './ledger.ts';

export const DisputeReasonSchema = Type.Enum(disputeReasons);
export const DisputeOutcomeSchema = Type.Enum(disputeOutcomes);
const Note = Type.String({ maxLength: 4000 });

export const DisputeSchema = Type.Object({
  id: Uuid, invoiceNumber: Type.String(), customerId: Uuid, reason: DisputeReasonSchema, note: Type.String(), status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]), openedOn: Type.String(), openedBy: Type.String(),
  resolution: Type.Union([Type.Object({ outcome: DisputeOutcomeSchema, creditAmount: Type.Union([Type.Integer(), Type.Null()]), note: Type.String(), resolvedOn: Type.String(), resolvedBy: Type.String() }), Type.Null()]),
});
export const CommentSchema = Type.Object({ id: Uuid, disputeId: Uuid, author: Type.String(), body: Type.String(), createdAt: Type.String() });

export const NewDisputeBody = Type.Object({ invoiceNumber: InvoiceNumber, reason: DisputeReasonSchema, note: Note, openedOn: Type.Optional(IsoDate) }, { additionalProperties: false });
export const ResolveDisputeBody = Type.Object({ outcome: DisputeOutcomeSchema, creditAmount: Type.Optional(MinorUnits), note: Note, resolvedOn: Type.Optional(IsoDate) }, { additionalProperties: false });
export const CommentBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const DisputeQuery = Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])), customerId: Type.Optional(Uuid) }, { additionalProperties: false });

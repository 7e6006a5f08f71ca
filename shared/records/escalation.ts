/**
 * Escalation: collections handed an invoice to its sales owner (a task, DESIGN §5), shown as an
 * "escalated" badge on the invoice's card. Keyed by invoice number in `escalations` of the `team`
 * document only — escalation is an internal step the customer's link must not see.
 *
 * Written only by the server (server/sync/escalation-bridge.ts on 'escalation.created'); any
 * participant's change to this map is reverted by the record guard.
 */
import { Type, type Static } from 'typebox';
import { defineRecordType } from './record-type.ts';
import { Instant, ShortText } from './vectors.ts';

export const EscalationSchema = Type.Object(
  {
    /** The collections task that carries the escalation. */
    taskId: ShortText(120),
    /** Every invoice escalated together with this one (the same task). */
    invoiceNumbers: Type.Array(ShortText(120), { minItems: 1, maxItems: 200 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    escalatedAt: Instant,
    /** Display name of the person the task is assigned to, when known. */
    assignee: Type.Optional(ShortText()),
  },
  { additionalProperties: false },
);
export type Escalation = Static<typeof EscalationSchema>;

export const escalationRecord = defineRecordType({ typeName: 'escalation', version: 1, schema: EscalationSchema });

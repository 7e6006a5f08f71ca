/**
 * Dispute flag: a participant's request to dispute one invoice, and the ledger's answer written
 * back by the server (the dispute bridge, DESIGN §6). Keyed by invoice number in `disputes`.
 *
 * Lifecycle: requested (any participant whose role may open disputes, also offline)
 *   → open (server: ledger dispute opened, `disputeId` set) → resolved (server: `resolution` set)
 *   or → rejected (server: `rejection` says why). Only the server moves a flag past `requested`.
 */
import { Type, type Static } from 'typebox';
import { defineRecordType } from './record-type.ts';
import { Instant, ShortText } from './vectors.ts';

export const DisputeFlagStatus = { requested: 'requested', open: 'open', resolved: 'resolved', rejected: 'rejected' } as const;
export type DisputeFlagStatus = (typeof DisputeFlagStatus)[keyof typeof DisputeFlagStatus];

/** The ledger's reason codes (server/ledger/ledger-api.ts `DisputeReason`). */
export const DisputeReasonCode = {
  pricing: 'pricing',
  quantity: 'quantity',
  quality: 'quality',
  notReceived: 'not_received',
  duplicate: 'duplicate',
  terms: 'terms',
  other: 'other',
} as const;
export type DisputeReasonCode = (typeof DisputeReasonCode)[keyof typeof DisputeReasonCode];

export const DisputeOutcomeCode = { credit: 'credit', upheld: 'upheld', rejected: 'rejected' } as const;
export type DisputeOutcomeCode = (typeof DisputeOutcomeCode)[keyof typeof DisputeOutcomeCode];

export const DisputeResolutionSchema = Type.Object(
  {
    outcome: Type.Enum(DisputeOutcomeCode),
    /** Minor units credited, when the outcome is `credit`. */
    creditAmount: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    note: Type.String({ maxLength: 4000 }),
    resolvedAt: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type DisputeResolution = Static<typeof DisputeResolutionSchema>;

export const DisputeFlagSchema = Type.Object(
  {
    reason: Type.Enum(DisputeReasonCode),
    note: Type.String({ maxLength: 4000 }),
    /** Display name of who flagged it (the server records the authenticated actor separately). */
    flaggedBy: ShortText(),
    flaggedAt: Instant,
    status: Type.Enum(DisputeFlagStatus),
    disputeId: Type.Optional(ShortText(120)),
    resolution: Type.Optional(DisputeResolutionSchema),
    /** Why the server refused the request (status `rejected`). */
    rejection: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type DisputeFlag = Static<typeof DisputeFlagSchema>;

export const disputeFlagRecord = defineRecordType({ typeName: 'dispute-flag', version: 1, schema: DisputeFlagSchema });

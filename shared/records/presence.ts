/**
 * Presence: one client's awareness state (who, where the head is, where it points), sent at
 * ≤ 15 Hz. Not persisted. The sync server checks every state against this schema and a byte cap.
 */
import { Type, type Static } from 'typebox';
import { LinkRole, StaffRole } from '../roles.ts';
import { defineRecordType } from './record-type.ts';
import { QuatSchema, ShortText, Vec3Schema } from './vectors.ts';

/** Largest awareness state (JSON bytes) the server relays; a head pose plus a ray is ~300 bytes. */
export const MAX_PRESENCE_BYTES = 4096;
/** Clients should not send presence faster than this. */
export const PRESENCE_MAX_HZ = 15;

export const PresenceUserSchema = Type.Object(
  {
    id: ShortText(120),
    name: ShortText(),
    role: Type.Enum({ ...StaffRole, ...LinkRole }),
    color: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  },
  { additionalProperties: false },
);

export const PresenceSchema = Type.Object(
  {
    user: PresenceUserSchema,
    head: Type.Optional(Type.Object({ position: Vec3Schema, quaternion: QuatSchema }, { additionalProperties: false })),
    pointer: Type.Optional(Type.Object({ origin: Vec3Schema, direction: Vec3Schema }, { additionalProperties: false })),
    /** The invoice card the user has selected, so others can see what is being discussed. */
    selectedInvoice: Type.Optional(Type.Union([ShortText(120), Type.Null()])),
  },
  { additionalProperties: false },
);
export type Presence = Static<typeof PresenceSchema>;

export const presenceRecord = defineRecordType({ typeName: 'presence', version: 1, schema: PresenceSchema });

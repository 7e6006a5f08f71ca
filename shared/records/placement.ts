/**
 * Placement: where one object (an invoice card, the product, a note) sits relative to the table
 * anchor. Keyed by object id in the `placements` map, e.g. `invoice:INV-1042`, `product:pump-a`.
 */
import { Type, type Static } from 'typebox';
import { defineRecordType } from './record-type.ts';
import { QuatSchema, ShortText, Vec3Schema } from './vectors.ts';

export const PlacementSchema = Type.Object(
  {
    position: Vec3Schema,
    quaternion: QuatSchema,
    /** User id (staff) or link id (customer) of whoever moved it last. */
    by: ShortText(),
  },
  { additionalProperties: false },
);
export type Placement = Static<typeof PlacementSchema>;

export const placementRecord = defineRecordType({ typeName: 'placement', version: 1, schema: PlacementSchema });

/** The placement key for an object of a kind: `invoice:INV-1042`. */
export const placementKey = (kind: 'invoice' | 'product' | 'annotation', ref: string): string => `${kind}:${ref}`;

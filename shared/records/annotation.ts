/**
 * Annotation: a note placed in space, on an invoice card or on a product hotspot. Keyed by its id
 * in the `annotations` map. Text is plain (rendered as text, never as HTML).
 */
import { Type, type Static } from 'typebox';
import { defineRecordType, type RecordId } from './record-type.ts';
import { Instant, ShortText, Vec3Schema } from './vectors.ts';

export const MAX_ANNOTATION_TEXT = 2000;

export const AnnotationTargetKind = { invoice: 'invoice', product: 'product', space: 'space' } as const;
export type AnnotationTargetKind = (typeof AnnotationTargetKind)[keyof typeof AnnotationTargetKind];

export const AnnotationTargetSchema = Type.Object(
  {
    kind: Type.Enum(AnnotationTargetKind),
    /** Invoice number, product id, or '' for free space. */
    ref: Type.String({ maxLength: 120 }),
    hotspot: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  },
  { additionalProperties: false },
);

export const AnnotationSchema = Type.Object(
  {
    id: ShortText(120),
    authorId: ShortText(),
    authorName: ShortText(),
    target: AnnotationTargetSchema,
    text: Type.String({ minLength: 1, maxLength: MAX_ANNOTATION_TEXT }),
    position: Vec3Schema,
    createdAt: Instant,
    resolved: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Annotation = Static<typeof AnnotationSchema>;
export type AnnotationId = RecordId<'annotation'>;
export type AnnotationTarget = Static<typeof AnnotationTargetSchema>;

export const annotationRecord = defineRecordType({ typeName: 'annotation', version: 1, schema: AnnotationSchema });

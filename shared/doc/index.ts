/** The session document shape, its validation and the participants' writes, in one import. */
export * from './session-doc.ts';
export * from './doc-validation.ts';
export * from './doc-actions.ts';
export * from '../records/annotation.ts';
export * from '../records/dispute-flag.ts';
export * from '../records/escalation.ts';
export * from '../records/placement.ts';
export * from '../records/presence.ts';
export * from '../records/promise.ts';
export * from '../records/record-type.ts';
export * from '../records/vectors.ts';
export * from './close-codes.ts';

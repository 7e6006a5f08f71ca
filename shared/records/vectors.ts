/**
 * Geometry shared by records: metres and unit quaternions relative to the placed table anchor
 * (DESIGN §6). Bounded so a hostile client cannot push a NaN or a 1e300 into everyone's scene.
 */
import { Type, type Static } from 'typebox';

/** Positions further than this from the table anchor are mistakes, not rooms. */
export const MAX_DISTANCE_METRES = 1000;

const Coordinate = Type.Number({ minimum: -MAX_DISTANCE_METRES, maximum: MAX_DISTANCE_METRES });
const UnitComponent = Type.Number({ minimum: -1, maximum: 1 });

export const Vec3Schema = Type.Tuple([Coordinate, Coordinate, Coordinate]);
export type Vec3 = Static<typeof Vec3Schema>;

/** [x, y, z, w]; components in −1…1 (not renormalised here: the renderer normalises). */
export const QuatSchema = Type.Tuple([UnitComponent, UnitComponent, UnitComponent, UnitComponent]);
export type Quat = Static<typeof QuatSchema>;

/** A free-form label such as a person's name or a user id. */
export const ShortText = (maxLength = 200) => Type.String({ minLength: 1, maxLength });

/** ISO-8601 instant as produced by `Date.prototype.toISOString()`. */
export const Instant = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z$', description: 'UTC instant, ISO 8601' });

/** Calendar date YYYY-MM-DD. */
export const CalendarDate = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' });

/** Keys of the synced maps: invoice numbers, ids. Printable, no control characters, bounded. */
export const RECORD_KEY = /^[\w.:\-/#]{1,120}$/;
export const isRecordKey = (key: string): boolean => RECORD_KEY.test(key);

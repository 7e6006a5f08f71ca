/** The as-of dates of the DSO trend chart: recent month-ends, then today. */
import { addDays } from '../../shared/time/dates.ts';

/** The last day of each of the `count` months before the one containing `asOf`, oldest first, then `asOf`. */
export function monthEnds(asOf: string, count: number): string[] {
  const result = [asOf];
  let cursor = asOf;
  for (let i = 0; i < count; i++) {
    cursor = addDays(`${cursor.slice(0, 7)}-01`, -1);
    result.unshift(cursor);
  }
  return result;
}

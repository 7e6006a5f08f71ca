/**
 * Checking a document's entries against the record validators. The server runs this on every
 * change that arrives through Yjs and removes what fails (with the reason logged); clients may run
 * it before writing to give the user the same message.
 */
import type * as Y from 'yjs';
import { isRecordKey } from '../records/vectors.ts';
import { DocMap, docMaps, recordTypeOfMap, type DocMapValues } from './session-doc.ts';

export type EntryCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function isDocMap(name: string): name is DocMap {
  return (docMaps as readonly string[]).includes(name);
}

/** Validates one entry: a well-formed key, a valid record, and an id that matches its key. */
export function checkEntry<K extends DocMap>(map: K, key: string, value: unknown): EntryCheck<DocMapValues[K]> {
  if (!isRecordKey(key)) return { ok: false, reason: `${map}: key ${JSON.stringify(key.slice(0, 40))} is not a valid id` };
  const checked = recordTypeOfMap[map].check(value);
  if (!checked.ok) return { ok: false, reason: `${map}[${key}]: ${checked.reason}` };
  if (map === DocMap.annotations && (checked.value as DocMapValues['annotations']).id !== key) {
    return { ok: false, reason: `${map}[${key}]: id does not match its key` };
  }
  return { ok: true, value: checked.value as DocMapValues[K] };
}

export interface InvalidEntry {
  readonly map: string;
  readonly key: string;
  readonly reason: string;
}

/**
 * Every invalid entry of the document: entries of the record maps that fail `checkEntry`, and
 * top-level shared types that are not part of the shape at all (`key` is '' for those).
 */
export function findInvalidEntries(doc: Y.Doc): InvalidEntry[] {
  const invalid: InvalidEntry[] = [];
  for (const name of docMaps) {
    const map = doc.getMap<unknown>(name);
    for (const [key, value] of map.entries()) {
      const checked = checkEntry(name, key, value);
      if (!checked.ok) invalid.push({ map: name, key, reason: checked.reason });
    }
  }
  return invalid;
}

/**
 * A synced record type, tldraw-style: a type name, a TypeBox schema (the single validator used by
 * client, server and tests), a version and the migrations that bring older stored values up to it.
 *
 * Invariants: `check` never throws, whatever arrives over the wire; `migrate` runs the steps
 * `from+1 … version` in order and then validates, so a migrated value is always current and valid.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/** A string id of one record type; the brand keeps an annotation id from being used as a promise id. */
export type RecordId<TypeName extends string> = string & { readonly __recordType: TypeName };

export type RecordCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Up-migrations keyed by the version they produce: `2: (v1) => v2`. */
export type RecordMigrations = Readonly<Record<number, (value: unknown) => unknown>>;

export interface RecordType<TypeName extends string, T> {
  readonly typeName: TypeName;
  readonly version: number;
  readonly schema: TSchema;
  /** Validates an untrusted value; the reason names the first offending path. */
  check(value: unknown): RecordCheck<T>;
  /** Brings a value stored at `fromVersion` to the current version, then validates it. */
  migrate(value: unknown, fromVersion: number): RecordCheck<T>;
}

export function defineRecordType<TypeName extends string, S extends TSchema>(definition: {
  readonly typeName: TypeName;
  readonly version: number;
  readonly schema: S;
  readonly migrations?: RecordMigrations;
}): RecordType<TypeName, Static<S>> {
  const validator = Compile(definition.schema);
  const migrations = definition.migrations ?? {};
  const check = (value: unknown): RecordCheck<Static<S>> => {
    if (validator.Check(value)) return { ok: true, value: value as Static<S> };
    const first = validator.Errors(value)[0];
    const where = first?.instancePath ? first.instancePath : '/';
    return { ok: false, reason: `${definition.typeName} ${where}: ${first?.message ?? 'invalid'}` };
  };
  return {
    typeName: definition.typeName,
    version: definition.version,
    schema: definition.schema,
    check,
    migrate(value, fromVersion) {
      if (fromVersion > definition.version) return { ok: false, reason: `${definition.typeName} version ${fromVersion} is newer than this build (${definition.version})` };
      let current = value;
      for (let next = fromVersion + 1; next <= definition.version; next++) {
        const step = migrations[next];
        if (!step) return { ok: false, reason: `${definition.typeName} has no migration to version ${next}` };
        current = step(current);
      }
      return check(current);
    },
  };
}

/**
 * Bodies, query strings and path parameters for fuzzing every route, drawn from the route's JSON
 * schema (the OpenAPI spec at /docs/json). A body starts plausible (real customer refs and invoice
 * numbers where the field name asks for one, so validation gets deep) and then gets at least one
 * mutation that the schema must refuse, even with the app's Ajv options (`coerceTypes: 'array'`,
 * `useDefaults`, `removeAdditional: false`): objects where scalars belong, arrays where objects
 * belong, missing required fields, extra fields, strings over maxLength (up to 1 MB), numbers
 * over the maximum or below zero, numeric strings that overflow to Infinity, impossible dates (2026-02-30), currencies like "US" or "usd1",
 * enum misses, null or an array as the whole body. So every JSON body must get a 4xx: no
 * valid-by-chance body can post to the ledger.
 */
import { randomUUID } from 'node:crypto';
import type { Random } from './fuzz-random.ts';

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: unknown;
}

/** Real values by field name, so plausible bodies reach the domain checks. */
export type Hints = Readonly<Record<string, readonly unknown[]>>;

const MEGABYTE_STRING_LENGTH = 1_000_000;
const NESTED_JUNK = { a: [1, { b: [null, { c: 'd'.repeat(10) }] }], e: { f: { g: { h: [] } } } };
const typeOf = (schema: JsonSchema): string | undefined => (Array.isArray(schema.type) ? schema.type[0] : (schema.type as string | undefined));

function plausibleString(schema: JsonSchema, name: string, random: Random, hints: Hints): string {
  const hinted = hints[name];
  if (hinted && hinted.length > 0) return String(random.pick(hinted));
  if (schema.format === 'date' || /date|asOf|from|to/i.test(name)) return random.pick(['2026-10-15', '2026-11-01']);
  if (schema.format === 'date-time') return '2026-10-15T10:00:00.000Z';
  if (schema.format === 'uuid' || schema.pattern?.includes('[0-9a-f]{8}')) return randomUUID();
  if (schema.format === 'email') return `fuzz${random.int(1000)}@example.test`;
  if (schema.format === 'uri') return 'https://example.test/hook';
  if (schema.pattern === '^[A-Z]{3}$') return 'USD';
  if (schema.pattern?.startsWith('^#')) return '#aabbcc';
  const length = Math.max(schema.minLength ?? 1, 4);
  return 'FUZZ-x'.padEnd(length, 'x').slice(0, Math.max(length, Math.min(schema.maxLength ?? 12, 12)));
}

/** A value that looks like what the schema asks for (not guaranteed valid). */
export function plausible(schema: JsonSchema, random: Random, hints: Hints, name = '', depth = 0): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return plausible(random.pick(union), random, hints, name, depth);
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || random.chance(0.5)) out[key] = plausible(property, random, hints, key, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, depth < 3 ? 1 : 0) }, () => plausible(schema.items ?? {}, random, hints, name, depth + 1));
    case 'string':
      return plausibleString(schema, name, random, hints);
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 0, Math.min(schema.maximum ?? 100_00, random.pick([1, 5, 100_00])));
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    default:
      return 'x';
  }
}

interface Slot {
  readonly schema: JsonSchema;
  readonly path: readonly (string | number)[];
  /** The object holding this slot and its schema (for missing/extra mutations). */
  readonly parent?: { readonly value: Record<string, unknown>; readonly schema: JsonSchema; readonly key: string };
}

function slotsOf(value: unknown, schema: JsonSchema, path: (string | number)[] = [], parent?: Slot['parent']): Slot[] {
  const slots: Slot[] = [{ schema, path, ...(parent ? { parent } : {}) }];
  if (typeOf(schema) === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childSchema = schema.properties?.[key];
      if (childSchema) slots.push(...slotsOf(child, childSchema, [...path, key], { value: value as Record<string, unknown>, schema, key }));
    }
  }
  if (typeOf(schema) === 'array' && Array.isArray(value) && schema.items) value.forEach((item, i) => slots.push(...slotsOf(item, schema.items!, [...path, i])));
  return slots;
}

/** Mutations the schema refuses for sure at this slot (empty when none applies). */
function invalidatorsFor(slot: Slot, random: Random): Array<{ kind: string; apply: (holder: Record<string, unknown> | unknown[], key: string | number) => void }> {
  const { schema } = slot;
  const type = typeOf(schema);
  const set = (kind: string, value: () => unknown) => ({ kind, apply: (holder: Record<string, unknown> | unknown[], key: string | number) => void ((holder as Record<string | number, unknown>)[key] = value()) });
  const out: Array<ReturnType<typeof set>> = [];
  if (schema.enum && schema.enum.every((member) => typeof member === 'string')) out.push(set('enum-miss', () => random.pick(['not-a-member', '', 'CREDIT ', '🙂'])));
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') out.push(set('object-for-scalar', () => random.pick([{ junk: true }, NESTED_JUNK, {}])));
  if (type === 'string' && schema.maxLength !== undefined) out.push(set('huge-string', () => 'x'.repeat(random.pick([schema.maxLength! + 1, MEGABYTE_STRING_LENGTH]))));
  if (type === 'string' && schema.minLength !== undefined && schema.minLength > 0) out.push(set('empty-string', () => ''));
  // Valid for every schema, refused by every PostgreSQL text column (server/plugins/errors.ts).
  if (type === 'string') out.push(set('nul-character', () => random.pick(['a\u0000b', '\u0000', `${'x'.repeat(10)}\u0000`])));
  if (type === 'string' && schema.format === 'date') out.push(set('impossible-date', () => random.pick(['2026-02-30', '2026-13-01', '2025-02-29', '2026-04-31', '26-1-1', '2026-10-15T00:00:00Z'])));
  if (type === 'string' && schema.pattern === '^[A-Z]{3}$') out.push(set('bad-currency', () => random.pick(['US', 'usd1', 'usd', 'EURO', ' USD', '€'])));
  if ((type === 'integer' || type === 'number') && schema.maximum !== undefined) out.push(set('huge-number', () => random.pick([schema.maximum! + 1, 1e308, 2 ** 64, Number.MAX_SAFE_INTEGER * 4])));
  if ((type === 'integer' || type === 'number') && schema.minimum !== undefined && schema.minimum >= 0) out.push(set('negative', () => random.pick([-1, -100_00, Number.MIN_SAFE_INTEGER])));
  // Ajv coerces these strings to ±Infinity and then skips minimum/maximum (server/plugins/errors.ts).
  if (type === 'integer' || type === 'number') out.push(set('overflowing-numeric-string', () => random.pick(['1e400', '-1e400', 'Infinity', '-Infinity'])));
  if (type === 'integer') out.push(set('fraction', () => random.pick([0.5, 12.345, 1e-9 + 1])));
  if (type === 'object') out.push(set('array-for-object', () => [1, 'two', null]), set('string-for-object', () => 'an object belongs here'));
  if (type === 'array') out.push(set('object-for-array', () => ({ 0: 'not', length: 1 })));
  if (type === 'array' && schema.maxItems !== undefined && schema.maxItems <= 1000) out.push(set('too-many-items', () => Array.from({ length: schema.maxItems! + 1 }, () => 1)));
  const parent = slot.parent;
  if (parent && parent.schema.required?.includes(parent.key) && schema.default === undefined) {
    out.push({ kind: 'missing-required', apply: () => void delete parent.value[parent.key] });
  }
  return out;
}

export interface FuzzBody {
  readonly body: unknown;
  /** The mutations applied, for the failure message. */
  readonly mutations: readonly string[];
}

/** A body the schema must refuse. */
export function invalidBody(schema: JsonSchema, random: Random, hints: Hints): FuzzBody {
  const roll = random.next();
  if (typeOf(schema) === 'object' && roll < 0.06) return { body: null, mutations: ['null-body'] };
  if (typeOf(schema) === 'object' && roll < 0.12) return { body: [plausible(schema, random, hints)], mutations: ['array-body'] };
  const body = plausible(schema, random, hints);
  const mutations: string[] = [];
  const count = random.between(1, 3);
  for (let i = 0; i < count * 4 && mutations.length < count; i++) {
    const slots = slotsOf(body, schema);
    const slot = random.pick(slots);
    if (slot.path.length === 0) {
      if (typeOf(schema) === 'object' && schema.additionalProperties === false && random.chance(0.3)) {
        (body as Record<string, unknown>)[random.pick(['fuzzExtra', '__proto__x', 'constructor', 'amount ', 'id'].filter((key) => !schema.properties?.[key]))] = random.pick([1, 'x', NESTED_JUNK, null]);
        mutations.push('extra-field');
      }
      continue;
    }
    const options = invalidatorsFor(slot, random);
    if (options.length === 0) continue;
    const chosen = random.pick(options);
    const holderPath = slot.path.slice(0, -1);
    let holder: unknown = body;
    for (const key of holderPath) holder = (holder as Record<string | number, unknown>)[key];
    chosen.apply(holder as Record<string, unknown>, slot.path[slot.path.length - 1]!);
    mutations.push(`${chosen.kind}@${slot.path.join('.')}`);
  }
  if (mutations.length === 0) {
    // Nothing to break inside (e.g. an empty schema): break the whole body.
    return { body: typeOf(schema) === 'object' ? [1, 2] : { junk: NESTED_JUNK }, mutations: ['wrong-body-type'] };
  }
  return { body, mutations };
}

/** Junk for a path parameter: not an id, a random unknown id, or hostile text. */
export function junkPathValue(random: Random): string {
  return random.pick(['not-a-uuid', randomUUID(), '00000000-0000-0000-0000-000000000000', '-1', '1e308', "'; drop table invoices; --", '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(5000), '%00', 'null', '🙂']);
}

/** Junk for a query parameter, by its schema. */
export function junkQueryValue(schema: JsonSchema, random: Random): string {
  const type = typeOf(schema);
  const generic = ['abc', '', '-1', '1e400', '2026-02-30', 'US', 'usd1', 'x'.repeat(4000), '[object Object]', 'true', 'null', '0x10', '💥'];
  if (type === 'integer' || type === 'number') return random.pick(['abc', '-1', '1.5', '1e400', '-1e400', 'Infinity', '99999999999999999999', '', ...generic]);
  if (schema.format === 'date') return random.pick(['2026-02-30', '2026-13-01', '20261015', 'yesterday']);
  return random.pick(generic);
}

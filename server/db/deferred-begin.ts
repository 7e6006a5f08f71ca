/**
 * One round trip fewer per PostgreSQL transaction: `begin` is not sent on its own but in front
 * of the transaction's first statement, as one simple-protocol message (`begin; <statement>`).
 * Each round trip to the server costs a syscall and a wake-up on both sides, which on a busy
 * box is most of what a short ledger command costs (bench/ledger-payments.ts).
 *
 * Invariants:
 * - Order and meaning are unchanged: the statement runs inside the transaction, its errors abort
 *   it as before, and a transaction that runs no statement sends neither begin nor commit.
 * - Parameters are inlined only as quoted literals of their driver text form (`'…'`, the same
 *   untyped value a bind parameter carries, escaped by pg's own escapeLiteral); a statement whose
 *   SQL already holds a quote (a literal of its own, where `$1` could be text) or a parameter
 *   that is binary is not inlined: `begin` then goes first as before.
 * - Only the promise form `query(text, values)` Kysely uses is rewritten; anything else (a
 *   cursor, a callback) gets its `begin` sent first.
 */
import type pgTypes from 'pg';

type QueryResult = pgTypes.QueryResult;
const NO_RESULT = { command: '', rowCount: null, rows: [], fields: [], oid: 0 } as unknown as QueryResult;

export function deferBeginOn(client: pgTypes.PoolClient, prepareValue: (value: unknown) => unknown): void {
  const send = client.query.bind(client) as (...args: unknown[]) => unknown;
  let pendingBegin = false;

  const sendPendingBegin = () => {
    pendingBegin = false;
    // Queued before whatever comes next, so pg sends it first; its failure is the next query's.
    (send('begin') as Promise<unknown>).catch(() => undefined);
  };

  (client as { query: unknown }).query = (...args: unknown[]): unknown => {
    const [text, values, callback] = args;
    const plain = typeof text === 'string' && (values === undefined || Array.isArray(values)) && callback === undefined;
    if (!plain) {
      if (pendingBegin) sendPendingBegin();
      return send(...args);
    }
    const sql = (text as string).trim().toLowerCase();
    if (sql === 'begin' && !(values as unknown[] | undefined)?.length) {
      pendingBegin = true;
      return Promise.resolve({ ...NO_RESULT, command: 'BEGIN' });
    }
    if (!pendingBegin) return send(...args);
    if (sql === 'commit' || sql === 'rollback') {
      // Nothing ran since begin: there is no transaction to end.
      pendingBegin = false;
      return Promise.resolve({ ...NO_RESULT, command: sql.toUpperCase() });
    }
    const inlined = inline(text as string, (values as unknown[] | undefined) ?? [], prepareValue, (literal) => client.escapeLiteral(literal));
    if (inlined === undefined) {
      sendPendingBegin();
      return send(...args);
    }
    pendingBegin = false;
    return (send(`begin;\n${inlined}`) as Promise<QueryResult | QueryResult[]>).then((results) => (Array.isArray(results) ? results[results.length - 1]! : results));
  };
}

/** `$n` → the n-th value as a quoted literal; undefined when that cannot be done safely. */
export function inline(text: string, values: readonly unknown[], prepareValue: (value: unknown) => unknown, escapeLiteral: (value: string) => string): string | undefined {
  if (text.includes("'") || text.includes(';')) return undefined;
  const literals: string[] = [];
  for (const value of values) {
    const prepared = prepareValue(value);
    if (prepared === null) literals.push('null');
    else if (typeof prepared === 'string') literals.push(escapeLiteral(prepared));
    else return undefined;
  }
  let missing = false;
  const result = text.replace(/\$(\d+)/g, (_match, digits: string) => {
    const literal = literals[Number(digits) - 1];
    if (literal === undefined) missing = true;
    return literal ?? '';
  });
  return missing ? undefined : result;
}

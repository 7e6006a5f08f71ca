/**
 * Issue 9, HTTP input: every route in the OpenAPI spec (`/docs/json`, which carries each route's
 * schema) that takes a body, query or path parameters gets seeded junk (tests/support/
 * fuzz-http-bodies.ts) as finance and admin, with the Origin the CSRF check accepts. Never a 5xx;
 * every 4xx is JSON with a message, naming the field when the schema refused it; every JSON body
 * (always invalid by construction) gets a 4xx; and the ledger (trial balance, journal entry
 * count) is the same afterwards. On PGlite and PostgreSQL. Reproduce with FUZZ_SEED=<seed>.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidBody, junkPathValue, junkQueryValue, plausible, type Hints, type JsonSchema } from '../../support/fuzz-http-bodies.ts';
import { createRandom, fuzzSeed, type Random } from '../../support/fuzz-random.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { customerWithInvoices } from '../sync/sync-fixtures.ts';

const REQUESTS_PER_ROUTE = 40;
/** Routes whose effect would end the fuzzing session itself, and that take no input anyway. */
const SKIPPED = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/admin/backup']);
const HOST = 'cashlens.test';
const seed = fuzzSeed();

interface Operation {
  readonly parameters?: ReadonlyArray<{ readonly in: string; readonly name: string; readonly required?: boolean; readonly schema: JsonSchema }>;
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema?: JsonSchema }>> };
}
interface Route {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

/** A schema refusal names where: `body/amount must be …`, `querystring/limit …`, `… required property 'x'`. */
const SCHEMA_REFUSAL_WITH_PLACE = /^(body|querystring|params|headers)\/\S|must have required property|must NOT have additional properties/;

function requestFor(route: Route, random: Random, hints: Hints) {
  const params = route.operation.parameters ?? [];
  let url = route.path;
  for (const param of params.filter((p) => p.in === 'path')) {
    const hinted = hints[param.name];
    const value = random.chance(0.3) ? junkPathValue(random) : hinted && random.chance(0.5) ? String(random.pick(hinted)) : String(plausible(param.schema, random, hints, param.name));
    url = url.replace(`{${param.name}}`, encodeURIComponent(value));
  }
  const query = new URLSearchParams();
  for (const param of params.filter((p) => p.in === 'query')) {
    if (random.chance(0.5)) query.set(param.name, random.chance(0.6) ? junkQueryValue(param.schema, random) : String(plausible(param.schema, random, hints, param.name)));
  }
  if (random.chance(0.2)) query.set(random.pick(['fuzz', 'limit[]', '__proto__', 'constructor']), random.pick(['1', 'x', '']));
  const headers: Record<string, string> = { host: HOST, origin: `http://${HOST}` };
  if (params.some((p) => p.name === 'idempotency-key') && random.chance(0.5)) headers['idempotency-key'] = random.chance(0.8) ? `fuzz-${random.int(1e9)}` : 'k'.repeat(300);
  let payload: string | undefined;
  let mutations: readonly string[] = [];
  let mustRefuse = false;
  const content = route.operation.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  if (jsonSchema) {
    const generated = invalidBody(jsonSchema, random, hints);
    payload = JSON.stringify(generated.body);
    mutations = generated.mutations;
    headers['content-type'] = 'application/json';
    mustRefuse = true;
  } else if (Object.keys(content).length > 0) {
    headers['content-type'] = random.pick([...Object.keys(content), 'application/json', 'application/octet-stream']);
    payload = random.pick([random.text(400), '<?xml version="1.0"?><Document><BkToCstmrStmt><Stmt>' + random.text(50), '{"not": "csv"}', 'a,b\n"unterminated', '']);
    mutations = ['junk-text'];
  } else if (route.method !== 'GET' && route.method !== 'DELETE' && random.chance(0.3)) {
    // A route without a body schema may still be sent one.
    headers['content-type'] = random.pick(['application/json', 'text/plain']);
    payload = random.pick(['{"junk": [1, {"a": null}]}', '[]', 'null', random.text(100)]);
    mutations = ['unexpected-body'];
  }
  const search = query.toString();
  return { method: route.method, url: search ? `${url}?${search}` : url, headers, payload, mutations, mustRefuse };
}

/** `METHOD /path` of every route Fastify serves under `prefix`, read from `printRoutes`' tree (HEAD left out). */
function servedRoutes(tree: string, prefix: string): Set<string> {
  const served = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^(.*?)[└├]── (.*?) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = path;
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD' && path.startsWith(prefix)) served.add(`${method} ${path}`);
  }
  return served;
}

describe.each(databaseKinds())('HTTP fuzzing of every route on %s', (kind) => {
  let t: TestApp;
  let routes: Route[];
  let served: Set<string>;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> };
    served = servedRoutes(t.app.printRoutes({ commonPrefix: false }), '/api/');
    routes = Object.entries(spec.paths).flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds every /api route Fastify serves in the OpenAPI spec it fuzzes from', () => {
    const specified = new Set(routes.filter((route) => route.path.startsWith('/api/')).map((route) => `${route.method} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(served.size).toBeGreaterThan(80);
    expect([...served].filter((route) => !specified.has(route))).toEqual([]);
  });

  it('refuses numbers that overflow and strings with U+0000 (the 500s found) with a 400 naming the field', async () => {
    const finance = await t.loginAs('finance');
    const cases = [
      { url: '/api/v1/imports?limit=1e400', field: 'limit' },
      { url: '/api/v1/bank/entries?limit=Infinity', field: 'limit' },
      { url: '/api/v1/ledger/entries?before=99999999999999999999', field: 'before' },
      { url: '/api/v1/invoices?offset=99999999999999999999', field: 'offset' },
    ];
    for (const { url, field } of cases) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie: finance.cookie } });
      expect({ url, status: response.statusCode, field: response.json().field }).toEqual({ url, status: 400, field });
    }
    const body = await t.app.inject({ method: 'POST', url: '/api/v1/payments', headers: { cookie: finance.cookie, 'content-type': 'application/json' }, payload: '{"customerRef":"C1","date":"2026-10-01","amount":"1e400","currency":"USD"}' });
    expect({ status: body.statusCode, field: body.json().field }).toEqual({ status: 400, field: 'amount' });
    // U+0000 passes every schema but no PostgreSQL text column (found by review): 400, not 500.
    const nul = await t.app.inject({ method: 'POST', url: '/api/v1/payments', headers: { cookie: finance.cookie }, payload: { customerRef: 'C1', date: '2026-10-01', amount: 100, currency: 'USD', reference: 'bank\u0000ref' } });
    expect({ status: nul.statusCode, field: nul.json().field }).toEqual({ status: 400, field: 'reference' });
  });

  it(`never answers junk with a 5xx, explains every 4xx and leaves the ledger alone (seed ${seed})`, { timeout: 120_000 }, async () => {
    const finance = await t.loginAs('finance');
    const admin = await t.loginAs('admin');
    const customer = await customerWithInvoices(t, { invoices: 2 });
    const hints: Hints = {
      customerRef: [customer.ref],
      customer: [customer.ref],
      customerId: [customer.id],
      invoiceNumber: customer.invoiceNumbers,
      invoice: customer.invoiceNumbers,
      number: customer.invoiceNumbers,
      invoiceNumbers: [customer.invoiceNumbers],
      currency: ['USD'],
    };
    const ledger = async () => ({
      trialBalance: (await t.app.inject({ method: 'GET', url: '/api/v1/ledger/trial-balance', headers: { cookie: finance.cookie } })).json(),
      journalEntries: Number((await sql<{ n: string }>`select count(*)::text as n from journal_entries`.execute(t.app.db)).rows[0]!.n),
      transactions: Number((await sql<{ n: string }>`select count(*)::text as n from journal_transactions`.execute(t.app.db)).rows[0]!.n),
    });
    const before = await ledger();
    expect(before.journalEntries).toBeGreaterThan(0);

    const fuzzable = routes.filter((route) => !SKIPPED.has(`${route.method} ${route.path}`) && (route.operation.requestBody || (route.operation.parameters ?? []).some((p) => p.in !== 'header')));
    expect(routes.length).toBeGreaterThan(80);
    expect(fuzzable.length).toBeGreaterThan(60);

    const random = createRandom(seed);
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;
    let namedFields = 0;
    const started = performance.now();
    for (const route of fuzzable) {
      for (let i = 0; i < REQUESTS_PER_ROUTE; i++) {
        const request = requestFor(route, random, hints);
        const cookie = random.chance(0.5) ? finance.cookie : admin.cookie;
        const response = await t.app.inject({ method: request.method as 'GET', url: request.url, headers: { ...request.headers, cookie }, ...(request.payload === undefined ? {} : { payload: request.payload }) });
        requests++;
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        const where = `${route.method} ${route.path} [${request.mutations.join(', ')}] ${request.url.slice(0, 120)}`;
        const problem = (what: string) => problems.push(`${what}: ${where} → ${response.statusCode} ${response.body.slice(0, 200)}`);
        if (response.statusCode >= 500) problem('5xx');
        else if (request.mustRefuse && response.statusCode < 400) problem('an invalid body was accepted');
        if (response.statusCode >= 400 && response.statusCode < 500) {
          let body: { message?: unknown; field?: unknown; code?: unknown } | undefined;
          try {
            body = response.json();
          } catch {
            problem('a 4xx that is not JSON');
            continue;
          }
          if (typeof body?.message !== 'string' || body.message.length === 0) problem('a 4xx without a message');
          else if (SCHEMA_REFUSAL_WITH_PLACE.test(body.message)) {
            if (typeof body.field === 'string' && body.field.length > 0) namedFields++;
            else problem('a schema refusal that names no field');
          }
        }
      }
    }
    const after = await ledger();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `http fuzz on ${kind}, seed ${seed}: ${fuzzable.length} of ${routes.length} routes × ${REQUESTS_PER_ROUTE} = ${requests} requests in ${seconds.toFixed(1)} s; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ${namedFields} schema refusals named their field; problems: ${problems.length}`,
    );
    expect(problems).toEqual([]);
    expect(namedFields).toBeGreaterThan(requests / 4);
    expect(after).toEqual(before);
  });
});

/**
 * Every route the running app serves under a prefix, as `METHOD /path` (HEAD left out: Fastify
 * adds it to each GET). Read from `printRoutes`, which lists hidden routes too, and checked
 * against the OpenAPI document so a parsing slip cannot hide a route.
 */
import type { FastifyInstance } from 'fastify';

const TREE_LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/;

export function servedRoutes(app: FastifyInstance, prefix: string): Set<string> {
  const routes = new Set<string>();
  const pathAtDepth: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = TREE_LINE.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = `${depth === 0 ? '' : pathAtDepth[depth - 1]}${match[2]}`.replace(/\/{2,}/g, '/');
    pathAtDepth[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && path.startsWith(prefix)) routes.add(`${method} ${path}`);
    }
  }
  return routes;
}

/** The same routes as the OpenAPI document lists them (`{id}` → `:id`); hidden ones are absent. */
export async function documentedRoutes(app: FastifyInstance, prefix: string): Promise<Set<string>> {
  const response = await app.inject({ url: '/docs/json' });
  const paths = response.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
  const routes = new Set<string>();
  for (const [path, operations] of Object.entries(paths)) {
    if (!path.startsWith(prefix)) continue;
    for (const method of Object.keys(operations)) if (method !== 'head') routes.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  return routes;
}

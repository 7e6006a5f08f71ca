/**
 * Serves the built client (`vite build` → dist/client): hashed files under /assets are immutable
 * for a year, index.html is never cached, and any other GET that accepts HTML falls back to
 * index.html so client-side routes (/s/:token, /sessions/:id) load. Unknown API routes get a JSON 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '../../shared/errors.ts';

const serverPrefixes = ['/api/', '/sync/', '/models/', '/docs', '/healthz'];

function setCacheHeaders(reply: FastifyReply, filePath: string): void {
  if (filePath.endsWith('.html')) reply.header('cache-control', 'no-cache');
  else if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
  else reply.header('cache-control', 'public, max-age=3600');
}

export default fp(async function client(app: FastifyInstance) {
  const dir = app.config.clientDir;
  const hasClient = fs.existsSync(path.join(dir, 'index.html'));
  if (hasClient) {
    await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false, index: false, cacheControl: false, setHeaders: setCacheHeaders });
  } else {
    app.log.warn({ dir }, 'no built client found; run `npm run build` (the API still works)');
  }

  const sendIndex = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html', dir);

  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    if (!hasClient) return reply.type('text/plain').send('Cashlens API is running; the client is not built (npm run build).');
    return sendIndex(reply);
  });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // Share-link tokens contain dots (`/s/<linkId>.<expiry>.<sig>`), which are not file extensions.
    const wantsPage = request.method === 'GET' && hasClient && !serverPrefixes.some((prefix) => url.startsWith(prefix)) && (!path.extname(url) || url.startsWith('/s/')) && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return sendIndex(reply);
    return reply.status(404).send({ statusCode: 404, error: 'Not Found', code: ErrorCode.notFound, message: `No route ${request.method} ${url}` });
  });
});

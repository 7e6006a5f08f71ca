/**
 * `buildApp(config)` — the whole server as a Fastify instance, in load order:
 * external plugins → our infrastructure (database, redis, auth) → routes → the client.
 * Tests build it in-process; server/main.ts only reads the environment and listens.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { loadOrCreateCertificate } from './https-certificate.ts';
import { createLazySchemaCompilers } from './http/lazy-schema-compilers.ts';
import securityHeadersPlugin from './http/security-headers.ts';
import authPlugin from './plugins/auth.ts';
import apiKeyAuthPlugin from './api-keys/api-key-auth.ts';
import webhooksPlugin from './webhooks/webhooks-plugin.ts';
import clientPlugin from './plugins/client.ts';
import databasePlugin from './plugins/database.ts';
import errorsPlugin from './plugins/errors.ts';
import ledgerPlugin from './ledger/ledger-plugin.ts';
import collectionsPlugin from './collections/collections-plugin.ts';
import syncPlugin from './sync/sync-plugin.ts';
import redisPlugin from './plugins/redis.ts';
import { apiRoutes } from './routes/index.ts';
import healthRoutes from './routes/health.ts';
import modelsRoutes from './routes/models.ts';
import { loadSessionSecret } from './settings.ts';
import { ensureAdmin } from './auth/users.ts';
import { seedDemoIfEmpty } from './seed/seed-demo.ts';
import { connectSessionPromises } from './collections/session-promises.ts';
import { DomainEventBus } from './events/domain-events.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** Signs share-link tokens; from SESSION_SECRET or generated once and kept in the database. */
    secret: string;
    /** What the ledger committed, for the sync bridge, collections and webhooks to react to. */
    events: DomainEventBus;
    /** Route schemas compile on first use; this compiles the rest (main.ts calls it after listening). */
    compileDeferredSchemas(): Promise<number>;
  }
}

export interface BuildOptions {
  /** An already open database (tests hand in a fresh copy of a migrated template). */
  readonly database?: Database;
}

/** Max WebSocket frame (DESIGN §6); larger frames close the socket with 1009. */
export const MAX_SYNC_MESSAGE_BYTES = 2 * 1024 * 1024;

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const schemaCompilers = createLazySchemaCompilers();
  const app = Fastify({
    ...(config.https ? { https: await loadOrCreateCertificate(config.dataDir) } : {}),
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'password', '*.password', 'token', '*.token'], censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimitBytes,
    // The id the audit trail records: a proxy's, when we trust the proxy; otherwise ours.
    genReqId: (request) => {
      const incoming = config.trustProxy ? request.headers['x-request-id'] : undefined;
      return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    schemaController: { compilersFactory: schemaCompilers.compilersFactory },
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('events', new DomainEventBus(app.log));
  app.decorate('compileDeferredSchemas', schemaCompilers.compileDeferred);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  await app.register(databasePlugin, options.database ? { database: options.database } : {});
  app.decorate('secret', await loadSessionSecret(app.db, config.sessionSecret));
  await app.register(redisPlugin);

  await app.register(securityHeadersPlugin, { https: config.https });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_SYNC_MESSAGE_BYTES } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Cashlens API', version: '1', description: 'Accounts-receivable ledger, collections and collaborative AR sessions. Amounts are integer minor units.' },
      components: { securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'cashlens_session' }, apiKey: { type: 'http', scheme: 'bearer', description: 'API key (clk_…) from POST /api/v1/api-keys' } } },
      security: [{ cookie: [] }, { apiKey: [] }],
    },
  });
  // Its files by absolute path: the plugin is bundled into dist/server/main.mjs, where its own __dirname is gone.
  const swaggerUiFiles = path.join(path.dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs', uiConfig: { docExpansion: 'list' }, staticCSP: true, baseDir: swaggerUiFiles,
    logo: { type: 'image/svg+xml', content: await readFile(path.join(swaggerUiFiles, 'logo.svg')) },
  });
  await app.register(authPlugin);
  await app.register(apiKeyAuthPlugin);
  await app.register(webhooksPlugin);
  await app.register(ledgerPlugin);
  await app.register(collectionsPlugin);
  await app.register(syncPlugin);
  connectSessionPromises(app);

  await app.register(healthRoutes);
  await app.register(apiRoutes, { prefix: '/api/v1' });
  await app.register(modelsRoutes);
  await app.register(clientPlugin);

  if (config.adminEmail && config.adminPassword) {
    await ensureAdmin(app.db, config.adminEmail, config.adminPassword);
    app.log.info({ email: config.adminEmail }, 'admin account ensured');
  }
  if (config.seedDemo) await seedDemoIfEmpty(app);

  await app.ready();
  return app;
}

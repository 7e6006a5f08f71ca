/**
 * REDIS_URL set → one publisher and one subscriber connection (a subscribing ioredis client can
 * do nothing else), used by the sync server to fan updates out across instances.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';

declare module 'fastify' {
  interface FastifyInstance {
    redis: { readonly publisher: Redis; readonly subscriber: Redis } | undefined;
    redisConnected(): boolean;
  }
}

export default fp(async function redis(app: FastifyInstance) {
  const url = app.config.redisUrl;
  if (!url) {
    app.decorate('redis', undefined);
    app.decorate('redisConnected', () => false);
    return;
  }
  // Loaded on demand: a single instance without REDIS_URL never needs the client.
  const { Redis } = await import('ioredis');
  const options = { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true } as const;
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const client of [publisher, subscriber]) client.on('error', (error) => app.log.warn({ err: error }, 'redis error'));
  await Promise.all([publisher.connect(), subscriber.connect()]);
  app.decorate('redis', { publisher, subscriber });
  app.decorate('redisConnected', () => publisher.status === 'ready' && subscriber.status === 'ready');
  app.addHook('onClose', async () => {
    await Promise.allSettled([publisher.quit(), subscriber.quit()]);
  });
});

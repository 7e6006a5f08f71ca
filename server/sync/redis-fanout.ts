/**
 * Sharing loaded documents between instances through Redis pub/sub (REDIS_URL).
 *
 * One channel per document (`cashlens:sync:doc:<sessionId>/<doc>`) carrying binary messages
 * `[16-byte instance id][kind][payload]`; an instance ignores its own. Kinds: an update a local
 * client (or the server) made, an awareness update, and `hello` (a state vector, sent by an
 * instance that just loaded the document; the others answer with what it lacks — including
 * changes not yet flushed to SQL). A control channel carries link revocations, session closes,
 * user changes and logouts (so cached logins and open sockets end on every instance at once).
 * Only the instance where a change originated persists it (see sync-doc.ts).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';

export const FanoutKind = { update: 0, awareness: 1, hello: 2 } as const;
export type FanoutKind = (typeof FanoutKind)[keyof typeof FanoutKind];

export type ControlMessage =
  | { readonly kind: 'revoke-link'; readonly linkId: string }
  | { readonly kind: 'close-session'; readonly sessionId: string }
  /** A user changed; `loginsEnded`: deactivated, new password or role — their logins are over. */
  | { readonly kind: 'user-changed'; readonly userId: string; readonly loginsEnded: boolean }
  | { readonly kind: 'logged-out'; readonly tokenHash: string };

const DOC_PREFIX = 'cashlens:sync:doc:';
const CONTROL_CHANNEL = 'cashlens:sync:control';
const ID_BYTES = 16;

export interface FanoutHandlers {
  onDocMessage(key: string, kind: FanoutKind, payload: Uint8Array): void;
  onControl(message: ControlMessage): void;
}

export class RedisFanout {
  private readonly instanceId = randomBytes(ID_BYTES);

  constructor(
    private readonly redis: { readonly publisher: Redis; readonly subscriber: Redis },
    private readonly handlers: FanoutHandlers,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.redis.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message));
    await this.redis.subscriber.subscribe(CONTROL_CHANNEL);
  }

  /** Resolves once Redis confirms, so nothing published after it is missed. */
  async subscribe(key: string): Promise<void> {
    await this.redis.subscriber.subscribe(DOC_PREFIX + key);
  }

  async unsubscribe(key: string): Promise<void> {
    await this.redis.subscriber.unsubscribe(DOC_PREFIX + key).catch((error: unknown) => this.log.warn({ err: error, key }, 'sync: redis unsubscribe failed'));
  }

  publish(key: string, kind: FanoutKind, payload: Uint8Array): void {
    const message = Buffer.concat([this.instanceId, Buffer.of(kind), payload]);
    this.redis.publisher.publish(DOC_PREFIX + key, message).catch((error: unknown) => this.log.error({ err: error, key }, 'sync: redis publish failed'));
  }

  async publishControl(message: ControlMessage): Promise<void> {
    await this.redis.publisher.publish(CONTROL_CHANNEL, JSON.stringify(message));
  }

  private receive(channel: string, message: Buffer): void {
    try {
      if (channel === CONTROL_CHANNEL) {
        this.handlers.onControl(JSON.parse(message.toString()) as ControlMessage);
        return;
      }
      if (!channel.startsWith(DOC_PREFIX) || message.length <= ID_BYTES) return;
      if (message.subarray(0, ID_BYTES).equals(this.instanceId)) return;
      const kind = message[ID_BYTES] as FanoutKind;
      this.handlers.onDocMessage(channel.slice(DOC_PREFIX.length), kind, new Uint8Array(message.subarray(ID_BYTES + 1)));
    } catch (error) {
      this.log.error({ err: error, channel }, 'sync: bad message from redis');
    }
  }
}

/**
 * Close codes of the sync WebSocket (`/sync/:sessionId/:doc`). The 44xx codes are final: the
 * stock y-websocket provider does not reconnect after them and emits `closed` with the reason,
 * which the client shows. 1001 (server restarting) and 1009 (frame over 2 MiB) are retried.
 */
export const SyncCloseCode = {
  /** The server is shutting down; reconnect. */
  goingAway: 1001,
  /** The client reads too slowly (the server's send buffer overflowed); reconnect. */
  tryAgainLater: 1013,
  /** A frame larger than the 2 MiB cap (sent by the `ws` library itself). */
  messageTooBig: 1009,
  /** A frame that is not a valid y-websocket message, or an update Yjs cannot read. */
  malformed: 4400,
  /** No valid login cookie or share-link token, or the token expired. */
  unauthenticated: 4401,
  /** Authenticated, but not allowed: wrong Origin, a customer asking for `team`, a forged awareness clientID. */
  forbidden: 4403,
  /** No such session, or it is closed. */
  notFound: 4404,
  /** The share link was revoked (or its session closed) while connected. */
  revoked: 4410,
  /** An awareness state above the size cap. */
  tooLarge: 4413,
} as const;
export type SyncCloseCode = (typeof SyncCloseCode)[keyof typeof SyncCloseCode];

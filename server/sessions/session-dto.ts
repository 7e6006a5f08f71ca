/** API shapes of sessions and share links (TypeBox), and the mappers from records. */
import { Type, type Static } from 'typebox';
import type { SessionRecord, ShareLinkRecord } from './session-repository.ts';

export const SessionSchema = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  customerRef: Type.String(),
  customerName: Type.String(),
  title: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  createdAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
});
export type SessionDto = Static<typeof SessionSchema>;

export const ShareLinkSchema = Type.Object({
  id: Type.String(),
  role: Type.Union([Type.Literal('customer'), Type.Literal('viewer')]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  /** Live links only: the address to open and its token (tokens are re-derivable, never stored). */
  url: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
  /** Inline QR code of `url` (SVG markup), on creation. */
  qrSvg: Type.Optional(Type.String()),
});
export type ShareLinkDto = Static<typeof ShareLinkSchema>;

export const SessionDetailSchema = Type.Intersect([SessionSchema, Type.Object({ links: Type.Array(ShareLinkSchema) })]);

export const toSessionDto = (session: SessionRecord): SessionDto => ({
  id: session.id,
  customerId: session.customerId,
  customerRef: session.customerRef,
  customerName: session.customerName,
  title: session.title,
  status: session.status,
  createdAt: session.createdAt.toISOString(),
  closedAt: session.closedAt?.toISOString() ?? null,
});

export const toLinkDto = (link: ShareLinkRecord, live?: { url: string; token: string; qrSvg?: string }): ShareLinkDto => ({
  id: link.id,
  role: link.role,
  createdAt: link.createdAt.toISOString(),
  expiresAt: link.expiresAt.toISOString(),
  revokedAt: link.revokedAt?.toISOString() ?? null,
  ...(live ?? {}),
});

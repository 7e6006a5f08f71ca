/**
 * Sessions, share links and the customer portal (DESIGN §6). A link holder's calls carry the
 * token (see http.ts `setLinkToken`) and reach only `/portal/*` and `/auth/me`.
 */
import { api } from './http.ts';
import type { InvoiceSummary } from './ledger-api.ts';

export interface SessionDto {
  readonly id: string;
  readonly customerRef: string;
  readonly customerName?: string;
  readonly title: string;
  readonly status?: 'open' | 'closed';
  /** On the detail (`GET /sessions/:id`): its share links, live ones with url and token. */
  readonly links?: readonly ShareLinkDto[];
}

export interface ShareLinkDto {
  readonly id: string;
  readonly role: 'customer' | 'viewer';
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  /** Live links only. */
  readonly url?: string;
  readonly token?: string;
  /** Server-rendered QR code (SVG markup), sent inline when the link is created. */
  readonly qrSvg?: string;
}

export const sessionsApi = {
  create: (customerRef: string, title: string) => api<SessionDto>('/sessions', { body: { customerRef, title } }),
  openFor: (customerRef: string) => api<SessionDto[]>(`/sessions?customerRef=${encodeURIComponent(customerRef)}&status=open`),
  get: (id: string) => api<SessionDto>(`/sessions/${encodeURIComponent(id)}`),
  mintLink: (sessionId: string, role: 'customer' | 'viewer', expiresInHours: number) =>
    api<ShareLinkDto>(`/sessions/${encodeURIComponent(sessionId)}/links`, { body: { role, expiresInHours } }),
  revokeLink: (sessionId: string, linkId: string) => api<void>(`/sessions/${encodeURIComponent(sessionId)}/links/${encodeURIComponent(linkId)}`, { method: 'DELETE' }),
  /** Path of the server-rendered QR image of a link. */
  qrPath: (sessionId: string, linkId: string) => `/api/v1/sessions/${encodeURIComponent(sessionId)}/links/${encodeURIComponent(linkId)}/qr.svg`,
};

/** An invoice as the portal shows it to the customer: no internal ids. */
interface PortalInvoice {
  readonly number: string;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly amount: number;
  readonly openAmount: number;
  readonly status: InvoiceSummary['status'];
  readonly disputed: boolean;
}

export const portalApi = {
  session: () => api<SessionDto & { role: 'customer' | 'viewer' }>('/portal/session'),
  invoices: async (): Promise<InvoiceSummary[]> =>
    (await api<PortalInvoice[]>('/portal/invoices')).map((invoice) => ({
      ...invoice,
      id: invoice.number,
      customerRef: '',
      // The portal says only whether a dispute is open; the card needs no more than that.
      openDisputeId: invoice.disputed ? 'open' : null,
    })),
};

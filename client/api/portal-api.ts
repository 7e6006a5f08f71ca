/**
 * The customer's self-service calls through a share link (see server/routes/portal.ts): the
 * statement as a file, and messages to the team. Downloads are plain links, so the token rides
 * in `?token=` (the portal accepts it there as well as in the Bearer header).
 */
import { api } from './http.ts';

export const MAX_MESSAGE_LENGTH = 2000;

export const selfServiceApi = {
  statementUrl: (format: 'pdf' | 'csv', token: string) => `/api/v1/portal/statement.${format}?token=${encodeURIComponent(token)}`,
  sendMessage: (body: string) => api<{ received: true; at: string }>('/portal/messages', { body: { body } }),
};

/** Thin JSON client for /api/v1: credentials included, errors as `ApiError` with the server's message and field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * A share-link token (the `/s/:token` view) authenticates every call as `Authorization: Bearer`;
 * staff pages leave it unset and ride on the HttpOnly cookie.
 */
let linkToken: string | null = null;

export function setLinkToken(token: string | null): void {
  linkToken = token;
}

export function currentLinkToken(): string | null {
  return linkToken;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(linkToken ? { authorization: `Bearer ${linkToken}` } : {}), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => ({}))) as { code?: string; message?: string; field?: string };
  if (!response.ok) throw new ApiError(response.status, payload.code ?? 'error', payload.message ?? response.statusText, payload.field);
  return payload as T;
}

/** Who is logged in. The cookie is HttpOnly, so the truth is `/auth/me`. */
import { create } from 'zustand';
import { api, ApiError } from '../api/http.ts';
import type { MeDto } from '../../shared/schemas/auth.ts';

interface AuthState {
  me: MeDto | null;
  /** `unreachable`: the first look at `/auth/me` failed for another reason than 401 (server down, proxy error). */
  status: 'unknown' | 'anonymous' | 'authenticated' | 'unreachable';
  error: string | null;
  refresh(): Promise<void>;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

export const useAuthStore = create<AuthState>()((set, get) => ({
  me: null,
  status: 'unknown',
  error: null,
  async refresh() {
    try {
      set({ me: await api<MeDto>('/auth/me'), status: 'authenticated', error: null });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) set({ me: null, status: 'anonymous', error: null });
      // Already in: keep the page and say why the check failed; still unknown: say so, never an endless splash.
      else set({ error: `Cannot reach Cashlens: ${error instanceof Error ? error.message : String(error)}`, ...(get().status === 'unknown' ? { status: 'unreachable' as const } : {}) });
    }
  },
  async login(email, password) {
    set({ error: null });
    try {
      await api('/auth/login', { body: { email, password } });
      await get().refresh();
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
  async logout() {
    await api('/auth/logout', { method: 'POST' });
    set({ me: null, status: 'anonymous' });
  },
}));

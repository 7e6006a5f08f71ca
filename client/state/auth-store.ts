/** Who is logged in. The cookie is HttpOnly, so the truth is `/auth/me`. */
import { create } from 'zustand';
import { api, ApiError } from '../api/http.ts';
import type { MeDto } from '../../shared/schemas/auth.ts';

interface AuthState {
  me: MeDto | null;
  status: 'unknown' | 'anonymous' | 'authenticated';
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
      set({ me: await api<MeDto>('/auth/me'), status: 'authenticated' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) set({ me: null, status: 'anonymous' });
      else throw error;
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

/** UI-only state: the polite status line read out by screen readers, and the metrics currency. */
import { create } from 'zustand';

interface UiState {
  readonly announcement: string;
  readonly currency: string;
  announce(message: string): void;
  setCurrency(currency: string): void;
}

export const useUiStore = create<UiState>()((set) => ({
  announcement: '',
  currency: 'USD',
  announce: (announcement) => set({ announcement }),
  setCurrency: (currency) => set({ currency }),
}));

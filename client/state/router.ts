/**
 * A tiny history-based router: the path is the state, `navigate` pushes it, back/forward pop it.
 */
import { create } from 'zustand';
import { matchRoute, type Route } from './route-match.ts';

interface RouterState {
  readonly route: Route;
  navigate(path: string): void;
}

export const useRouter = create<RouterState>()((set) => ({
  route: matchRoute(window.location.pathname),
  navigate(path) {
    if (path !== window.location.pathname) window.history.pushState(null, '', path);
    set({ route: matchRoute(path) });
  },
}));

window.addEventListener('popstate', () => useRouter.setState({ route: matchRoute(window.location.pathname) }));

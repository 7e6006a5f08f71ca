/** Pure: which page a pathname shows (DESIGN §7: staff workspace, live session, share-link view). */
export type Route =
  | { readonly page: 'workspace' }
  | { readonly page: 'integrations' }
  | { readonly page: 'session'; readonly sessionId: string }
  | { readonly page: 'link'; readonly token: string }
  | { readonly page: 'not-found'; readonly path: string };

/** Pure: a pathname → the page it shows. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'workspace' };
  if (path === '/integrations') return { page: 'integrations' };
  const session = /^\/sessions\/([^/]+)$/.exec(path);
  if (session) return { page: 'session', sessionId: decodeURIComponent(session[1]!) };
  const link = /^\/s\/([^/]+)$/.exec(path);
  if (link) return { page: 'link', token: decodeURIComponent(link[1]!) };
  return { page: 'not-found', path };
}

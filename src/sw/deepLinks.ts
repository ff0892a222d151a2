/** Deep links: pure rules shared by the dev/preview servers (vite.config.ts) and the service worker. */

/** Where to send a page navigation to `pathname + search` under `base` ('/'), or null to serve it as it is. */
export function deepLinkTarget(pathname: string, search: string, base = '/'): string | null {
  if (!pathname.startsWith(base)) return null;
  const rest = pathname.slice(base.length);
  if (rest === '' || rest === 'index.html') return null;
  // A file (asset, model, icon) is served or missing as it is.
  if (/\.[a-z0-9]+$/i.test(rest)) return null;
  const query = search.replace(/^\?/, '');
  const kiosk = rest.split('/')[0] === 'kiosk' && !new URLSearchParams(query).has('kiosk');
  const parts = [query, kiosk ? 'kiosk' : ''].filter(Boolean);
  return parts.length > 0 ? `${base}?${parts.join('&')}` : base;
}

/** Whether a request is a page navigation (not a script, image or fetch). */
export function isNavigation(method: string | undefined, accept: string | undefined): boolean {
  return (method ?? 'GET') === 'GET' && (accept ?? '').includes('text/html');
}

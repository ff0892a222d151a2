/**
 * Cross-origin isolation from the service worker, for hosts that cannot send
 * headers (GitHub Pages, plain file shares): the page it serves, and every
 * script and file the page loads through it, carry COOP and COEP, so the
 * browser grants SharedArrayBuffer and WASM can run threads. The same idea as
 * coi-serviceworker. The first visit, before the worker controls the page,
 * runs single-threaded; visits after it, online or offline, run threaded.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Everything here is same-origin; say so for embedders that check.
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * `response` with the isolation headers added. Opaque and error responses
 * pass through as they are: their headers cannot be read or rebuilt, and a
 * COEP page would refuse an opaque cross-origin response anyway.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

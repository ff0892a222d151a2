import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from '../../src/sw/isolationHeaders';

describe('withIsolationHeaders', () => {
  it('adds COOP, COEP and CORP and keeps status, body and the other headers', async () => {
    const original = new Response('hello', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/html', 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
    });
    const r = withIsolationHeaders(original);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html');
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) expect(r.headers.get(name)).toBe(value);
    expect(await r.text()).toBe('hello');
  });

  it('adds them to a 404 too, and leaves a network error or opaque response untouched', () => {
    expect(withIsolationHeaders(new Response(null, { status: 404 })).headers.get('cross-origin-opener-policy')).toBe(
      'same-origin',
    );
    const opaque = Response.error();
    expect(withIsolationHeaders(opaque)).toBe(opaque);
  });
});

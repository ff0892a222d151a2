import { describe, expect, it } from 'vitest';
import { megabytes, prefetchModelFiles, type LoadProgress } from '../../../src/app/modelDownload';

const served: Record<string, string> = {
  'm/a.json': '{"a":1}',
  'm/a.bin': 'x'.repeat(1000),
  'm/b.bin': 'y'.repeat(500),
};

function fakeFetch(log: string[]): typeof fetch {
  return async (input) => {
    const url = String(input);
    log.push(url);
    const body = served[url];
    if (body === undefined) return new Response('missing', { status: 404 });
    return new Response(body, { headers: { 'Content-Length': String(body.length) } });
  };
}

describe('prefetchModelFiles', () => {
  it('asks for every file at once, counts the bytes to 100%, and hands each response out once', async () => {
    const log: string[] = [];
    const seen: LoadProgress[] = [];
    const fetchFn = prefetchModelFiles('m/', ['a.json', 'a.bin', 'b.bin'], (p) => seen.push(p), fakeFetch(log));
    expect(log).toEqual(['m/a.json', 'm/a.bin', 'm/b.bin']);
    expect(await (await fetchFn('m/a.bin')).text()).toBe(served['m/a.bin']);
    expect(await (await fetchFn('m/a.json')).json()).toEqual({ a: 1 });
    await (await fetchFn('m/b.bin')).text();
    // A second ask goes to the network.
    await fetchFn('m/a.json');
    expect(log).toHaveLength(4);
    const last = seen.at(-1)!;
    expect(last).toEqual({ loaded: 1507, total: 1507 });
    expect(seen.every((p) => p.loaded <= p.total)).toBe(true);
    // The total is known before the bytes are in.
    expect(seen.some((p) => p.total === 1507 && p.loaded < 1507)).toBe(true);
  });

  it('passes an HTTP error on to whoever asks for the file', async () => {
    const fetchFn = prefetchModelFiles('m/', ['gone.bin'], () => undefined, fakeFetch([]));
    expect((await fetchFn('m/gone.bin')).status).toBe(404);
  });

  it('writes megabytes with one decimal', () => {
    expect(megabytes(12_345_678)).toBe('12.3');
  });
});

/**
 * Model files fetched all at once, with progress: every file listed in
 * ensemble.json is requested up front, so the sizes (Content-Length) add up
 * to a total early and the bytes are counted as they arrive. The returned
 * `fetch` hands each prefetched response out once (to the sha256-checking
 * fetch that tfjs loads through); anything else goes to the network as usual.
 */
export interface LoadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** Bytes expected: the files' sizes once every file has answered, or what is known so far. */
  total: number;
}

async function readCounting(response: Response, onBytes: (n: number) => void): Promise<Response> {
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (!response.body) {
    const bytes = await response.arrayBuffer();
    onBytes(bytes.byteLength);
    return new Response(bytes, init);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onBytes(value.byteLength);
  }
  return new Response(new Blob(chunks as BlobPart[]), init);
}

export function prefetchModelFiles(
  baseUrl: string,
  files: readonly string[],
  onProgress: (p: LoadProgress) => void,
  fetchFn: typeof fetch = (...a) => fetch(...a),
): typeof fetch {
  const sizes = new Map<string, number>();
  let loaded = 0;
  let settled = 0;
  const report = () => {
    const known = [...sizes.values()].reduce((a, b) => a + b, 0);
    // Once every file is in, what arrived is the total (a compressed response's length differs from its bytes).
    const total = settled === files.length ? loaded : Math.max(known, loaded);
    onProgress({ loaded, total });
  };
  const pending = new Map<string, Promise<Response>>();
  for (const file of files) {
    const url = baseUrl + file;
    const response = fetchFn(url)
      .then((r) => {
        sizes.set(file, Number(r.headers.get('Content-Length')) || 0);
        report();
        return readCounting(r, (n) => {
          loaded += n;
          report();
        });
      })
      .finally(() => {
        settled++;
        report();
      });
    // The error reaches whoever asks for the file; unasked, it must not surface as unhandled.
    response.catch(() => undefined);
    pending.set(url, response);
  }
  report();
  return (input, init) => {
    const url = String(input);
    const prefetched = pending.get(url);
    if (!prefetched) return fetchFn(input, init);
    pending.delete(url);
    return prefetched;
  };
}

/** Bytes as megabytes with one decimal, for "7.9 of 12.3 MB". */
export const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);

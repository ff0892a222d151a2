import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../../src/core/appError';
import { errorText } from '../../../src/app/i18n';
import {
  ModelIntegrityError,
  ModelLoadError,
  loadLayers,
  verifiedUrlModelSource,
  verifyingFetch,
} from '../../../src/inference/modelSource';

const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A fetch over an in-memory folder; unknown URLs get a 404. */
function folderFetch(files: Map<string, Uint8Array>): typeof fetch {
  return async (input) => {
    const body = files.get(String(input));
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  };
}

describe('verifyingFetch', () => {
  const good = new TextEncoder().encode('weights');
  const files = new Map([['/m/a.bin', good]]);
  const hashes = { 'a.bin': hex(good), 'gone.bin': hex(good) };

  it('passes a file whose bytes match', async () => {
    const r = await verifyingFetch('/m/', hashes, folderFetch(files))('/m/a.bin');
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(good);
  });

  it('refuses a file whose bytes changed, naming it', async () => {
    const bad = new Map([['/m/a.bin', new TextEncoder().encode('weightz')]]);
    const f = verifyingFetch('/m/', hashes, folderFetch(bad));
    await expect(f('/m/a.bin')).rejects.toThrow(ModelIntegrityError);
    await expect(f('/m/a.bin')).rejects.toThrow(/^a\.bin is damaged or altered: sha256 /);
    const e = (await f('/m/a.bin').catch((x: unknown) => x)) as ModelIntegrityError;
    expect(e.toData()).toEqual({
      code: 'model-corrupt',
      params: { file: 'a.bin', expected: hex(good), actual: hex(new TextEncoder().encode('weightz')) },
    });
    expect(e.file).toBe('a.bin');
  });

  it('refuses a file the table does not list, without fetching it', async () => {
    let fetched = false;
    const f = verifyingFetch('/m/', hashes, async () => {
      fetched = true;
      return new Response('');
    });
    await expect(f('/m/extra.bin')).rejects.toThrow(/extra\.bin is not listed/);
    await expect(f('/m/extra.bin')).rejects.toMatchObject({ code: 'model-unlisted', params: { file: 'extra.bin' } });
    expect(fetched).toBe(false);
  });

  it('names a file that could not be fetched at all', async () => {
    const f = verifyingFetch('/m/', hashes, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(f('/m/a.bin')).rejects.toMatchObject({
      code: 'model-unreachable',
      params: { file: 'a.bin', detail: 'Failed to fetch' },
      message: 'a.bin could not be fetched: Failed to fetch',
    });
  });

  it('reports a missing file by name', async () => {
    const f = verifyingFetch('/m/', hashes, folderFetch(files));
    await expect(f('/m/gone.bin')).rejects.toThrow('gone.bin is missing (HTTP 404)');
    await expect(f('/m/gone.bin')).rejects.toMatchObject({
      code: 'model-missing',
      params: { file: 'gone.bin', status: 404 },
    });
  });
});

describe('verifiedUrlModelSource', () => {
  const files = new Map<string, Uint8Array>();
  const hashes: Record<string, string> = {};

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        const bin = new Uint8Array(a.weightData as ArrayBuffer);
        const json = new TextEncoder().encode(
          JSON.stringify({
            modelTopology: a.modelTopology,
            weightsManifest: [{ paths: ['h.bin'], weights: a.weightSpecs }],
          }),
        );
        files.set('/models/heads/h.json', json).set('/models/heads/h.bin', bin);
        hashes['heads/h.json'] = hex(json);
        hashes['heads/h.bin'] = hex(bin);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    model.dispose();
  });

  it('loads a model whose files all match', async () => {
    const source = verifiedUrlModelSource('/models', hashes, folderFetch(files));
    const model = await loadLayers(source, 'heads/h.json');
    expect(model.outputs[0].shape).toEqual([null, 2]);
    model.dispose();
  });

  it('fails the load when a weight file was altered', async () => {
    const altered = new Map(files);
    const bin = files.get('/models/heads/h.bin')!.slice();
    bin[0] ^= 1;
    altered.set('/models/heads/h.bin', bin);
    const source = verifiedUrlModelSource('/models/', hashes, folderFetch(altered));
    await expect(loadLayers(source, 'heads/h.json')).rejects.toThrow(/heads\/h\.bin is damaged or altered/);
  });

  it("keeps an altered weight file's code and name through the model load, for the UI in either language", async () => {
    const altered = new Map(files);
    const bin = files.get('/models/heads/h.bin')!.slice();
    bin[0] ^= 1;
    altered.set('/models/heads/h.bin', bin);
    const source = verifiedUrlModelSource('/models/', hashes, folderFetch(altered));
    const e = (await loadLayers(source, 'heads/h.json').catch((x: unknown) => x)) as AppError;
    expect(e).toBeInstanceOf(ModelLoadError);
    expect(e.message).toMatch(/^could not load model file "heads\/h\.json": heads\/h\.bin is damaged or altered/);
    expect(e.code).toBe('model-corrupt');
    expect(e.params).toEqual({ file: 'heads/h.bin', expected: hashes['heads/h.bin'], actual: hex(bin) });
    const ko = errorText('ko', e.toData());
    expect(ko).toContain('heads/h.bin');
    expect(ko).toContain('손상');
    expect(ko).toContain(`${hex(bin).slice(0, 12)}…`);
    expect(errorText('en', e.toData())).toBe(
      `heads/h.bin is damaged or altered: sha256 ${hex(bin).slice(0, 12)}… instead of ${hashes['heads/h.bin'].slice(0, 12)}…`,
    );
  });

  it('names a topology file that is not JSON as model-bad-json', async () => {
    const bad = new TextEncoder().encode('{"modelTopology": ');
    const source = verifiedUrlModelSource(
      '/models/',
      { 'heads/bad.json': hex(bad) },
      folderFetch(new Map([['/models/heads/bad.json', bad]])),
    );
    const e = (await loadLayers(source, 'heads/bad.json').catch((x: unknown) => x)) as AppError;
    expect(e.toData()).toEqual({ code: 'model-bad-json', params: { file: 'heads/bad.json' } });
  });

  it('names any other load failure as model-load-failed with its file', async () => {
    const e = (await loadLayers(() => {
      throw new Error('no handler');
    }, 'heads/x.json').catch((x: unknown) => x)) as AppError;
    expect(e.toData()).toEqual({ code: 'model-load-failed', params: { file: 'heads/x.json', detail: 'no handler' } });
  });
});

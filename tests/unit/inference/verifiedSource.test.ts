import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ModelIntegrityError,
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
  });

  it('refuses a file the table does not list, without fetching it', async () => {
    let fetched = false;
    const f = verifyingFetch('/m/', hashes, async () => {
      fetched = true;
      return new Response('');
    });
    await expect(f('/m/extra.bin')).rejects.toThrow(/extra\.bin is not listed/);
    expect(fetched).toBe(false);
  });

  it('reports a missing file by name', async () => {
    const f = verifyingFetch('/m/', hashes, folderFetch(files));
    await expect(f('/m/gone.bin')).rejects.toThrow('gone.bin is missing (HTTP 404)');
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
});

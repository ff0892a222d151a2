/**
 * The feature cache is keyed on the hashed backbone and member specs and on the
 * backbones' weights: shipping fused model files (scripts/fuse-models.ts) under
 * the same names must not change the key (the unfused originals are hashed),
 * while a fine-tuned models folder must get a cache of its own.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKey, featureSignature } from '../../../src/training/featureLayout';
import { DEFAULT_BACKBONES, DEFAULT_DETECTOR, DEFAULT_MEMBERS } from '../../../src/training/defaults';
import { backboneWeights, backboneWeightsHash } from '../../../src/training/exportEnsemble';

const shipped = backboneWeights('models', DEFAULT_BACKBONES);

describe('feature cache key of the default training members', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mc-cachekey-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('hashes the unfused originals of the shipped, fused backbones', () => {
    expect(backboneWeightsHash('models', 'mobileface.json')).toBe(
      backboneWeightsHash('models/original', 'mobileface.json'),
    );
    expect(Object.keys(shipped).sort()).toEqual(Object.keys(DEFAULT_BACKBONES).sort());
    // Pinned: a change here means every filled cache goes unused; make it on purpose.
    expect(cacheKey(DEFAULT_DETECTOR, DEFAULT_BACKBONES, DEFAULT_MEMBERS, shipped)).toBe(EXPECTED_KEY);
    expect(featureSignature(DEFAULT_BACKBONES, DEFAULT_MEMBERS, shipped)).toBe(EXPECTED_SIGNATURE);
  });

  it('changes when a backbone spec does', () => {
    const moved = { ...DEFAULT_BACKBONES, mobileface: { ...DEFAULT_BACKBONES.mobileface, inputSize: 128 } };
    expect(cacheKey(DEFAULT_DETECTOR, moved, DEFAULT_MEMBERS, shipped)).not.toBe(EXPECTED_KEY);
  });

  it('changes when one weight byte of a backbone does (a fine-tuned folder)', () => {
    mkdirSync(join(tmp, 'models'));
    for (const f of ['mobileface.json', 'mobileface.bin'])
      copyFileSync(join('models/original', f), join(tmp, 'models', f));
    expect(backboneWeightsHash(join(tmp, 'models'), 'mobileface.json')).toBe(shipped.mobileface);
    const bin = readFileSync(join(tmp, 'models', 'mobileface.bin'));
    bin[1000] ^= 1;
    writeFileSync(join(tmp, 'models', 'mobileface.bin'), bin);
    const tuned = { ...shipped, mobileface: backboneWeightsHash(join(tmp, 'models'), 'mobileface.json') };
    expect(tuned.mobileface).not.toBe(shipped.mobileface);
    expect(cacheKey(DEFAULT_DETECTOR, DEFAULT_BACKBONES, DEFAULT_MEMBERS, tuned)).not.toBe(EXPECTED_KEY);
    expect(featureSignature(DEFAULT_BACKBONES, DEFAULT_MEMBERS, tuned)).not.toBe(EXPECTED_SIGNATURE);
  });
});

// 2026-12-03: members mobileface-neck and faceres-real added.
const EXPECTED_KEY = 'features-9bd293d3';
const EXPECTED_SIGNATURE = '883fd8fa';

/**
 * The feature cache is keyed on the hashed backbone and member specs: shipping
 * fused model files (scripts/fuse-models.ts) under the same names and specs
 * must not change the key of the default members, or a filled cache goes unused.
 */
import { describe, expect, it } from 'vitest';
import { cacheKey, featureSignature } from '../../../src/training/featureLayout';
import { DEFAULT_BACKBONES, DEFAULT_DETECTOR, DEFAULT_MEMBERS } from '../../../src/training/defaults';

describe('feature cache key of the default training members', () => {
  it('is the one computed before the backbones were fused at build time', () => {
    expect(cacheKey(DEFAULT_DETECTOR, DEFAULT_BACKBONES, DEFAULT_MEMBERS)).toBe('features-5afd9c7c');
    expect(featureSignature(DEFAULT_BACKBONES, DEFAULT_MEMBERS)).toBe('f8eede3');
  });

  it('changes when a backbone spec does', () => {
    const moved = { ...DEFAULT_BACKBONES, mobileface: { ...DEFAULT_BACKBONES.mobileface, inputSize: 128 } };
    expect(cacheKey(DEFAULT_DETECTOR, moved, DEFAULT_MEMBERS)).not.toBe('features-5afd9c7c');
  });
});

/**
 * Members with the same backbone, crop and pooling (they differ only in their
 * heads, or in what those were fit on) share one block of the cached vector,
 * and adding such a member leaves the cache key alone, so a filled cache serves it.
 */
import { describe, expect, it } from 'vitest';
import { featureKey } from '../../../src/core/ensembleSpec';
import { cacheKey, featureLayout, featureOwners, featureSignature } from '../../../src/training/featureLayout';
import { DEFAULT_BACKBONES, DEFAULT_DETECTOR, DEFAULT_MEMBERS } from '../../../src/training/defaults';

const weights = { faceres: 'a', mobileface: 'b' };
const base = DEFAULT_MEMBERS.filter((m) => !m.trainOn);

describe('feature blocks shared by members with the same features', () => {
  it('gives real-photo members the block of the member whose features they read', () => {
    const layout = featureLayout(DEFAULT_MEMBERS);
    const at = (id: string) => layout.members.find((m) => m.id === id)!;
    expect(at('faceres-real').offset).toBe(at('faceres-mean').offset);
    expect(at('mobileface-real').offset).toBe(at('mobileface').offset);
    expect(at('faceres-bands').offset).not.toBe(at('faceres-mean').offset);
    // Stored once: the vector is as long as without the sharing members.
    expect(layout.length).toBe(featureLayout(base).length);
    expect(featureOwners(DEFAULT_MEMBERS).map((m) => m.id)).toEqual(base.map((m) => m.id));
  });

  it('keys features by backbone, crop (align off = absent) and pooling', () => {
    const m = DEFAULT_MEMBERS[0];
    expect(featureKey({ ...m, crop: { scale: 1.25, shiftY: 0 } })).toBe(
      featureKey({ ...m, crop: { scale: 1.25, shiftY: 0, align: false } }),
    );
    expect(featureKey(m)).not.toBe(featureKey({ ...m, crop: { ...m.crop, shiftY: 0.1 } }));
    expect(featureKey(m)).not.toBe(featureKey({ ...m, pooling: 'bands' }));
  });

  it('keeps the cache key and signature when a member with shared features comes or goes, not when a new crop does', () => {
    const key = (ms: typeof DEFAULT_MEMBERS) => cacheKey(DEFAULT_DETECTOR, DEFAULT_BACKBONES, ms, weights);
    expect(key(DEFAULT_MEMBERS)).toBe(key(base));
    expect(featureSignature(DEFAULT_BACKBONES, DEFAULT_MEMBERS, weights)).toBe(
      featureSignature(DEFAULT_BACKBONES, base, weights),
    );
    const newCrop = { ...DEFAULT_MEMBERS[2], id: 'mobileface-x', crop: { scale: 1.4, shiftY: 0.1 } };
    expect(key([...DEFAULT_MEMBERS, newCrop])).not.toBe(key(DEFAULT_MEMBERS));
  });
});

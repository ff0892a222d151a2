/** What one cached feature vector holds: each member's features, then faceres' own gender/age outputs. */
import { featureKey, type BackboneSpec, type DetectorSpec, type MemberSpec } from '../core/ensembleSpec';
import { hashString } from '../core/random';

export interface FeatureLayout {
  members: { id: string; offset: number; size: number }[];
  baseline: { gender: number; age: number; ageBins: number };
  length: number;
}

export const AGE_BINS = 100;
/** Bump when mask drawing or face preparation changes, so old caches are not reused. */
export const SYNTHESIS_VERSION = 1;

/** The fields that decide a member's own feature vector (not its head, not what it borrows). */
export function featureDefinition(m: Omit<MemberSpec, 'head'>): Omit<MemberSpec, 'head' | 'extraFeatures'> {
  return {
    id: m.id,
    description: m.description,
    backbone: m.backbone,
    crop: m.crop,
    pooling: m.pooling,
    featureSize: m.featureSize,
  };
}

type LayoutMember = Pick<MemberSpec, 'id' | 'featureSize' | 'backbone' | 'crop' | 'pooling'>;

/** The first member of each feature key: the ones whose features are stored (the rest read theirs). */
export function featureOwners<M extends LayoutMember>(members: readonly M[]): M[] {
  const seen = new Set<string>();
  return members.filter((m) => {
    const k = featureKey(m);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Where each member's features sit in a cached vector; members with the same features share one block. */
export function featureLayout(members: readonly LayoutMember[]): FeatureLayout {
  let offset = 0;
  const at = new Map<string, number>();
  const out = members.map((m) => {
    const k = featureKey(m);
    if (!at.has(k)) {
      at.set(k, offset);
      offset += m.featureSize;
    }
    return { id: m.id, offset: at.get(k)!, size: m.featureSize };
  });
  return {
    members: out,
    baseline: { gender: offset, age: offset + 1, ageBins: AGE_BINS },
    length: offset + 1 + AGE_BINS,
  };
}

/**
 * What a feature vector depends on besides the face box: backbones and their
 * weights (`weights`: a hash per backbone, see backboneWeights), members and
 * mask drawing. Caches made with another detector but the same signature can
 * lend their vectors for faces whose box came out the same.
 */
export function featureSignature(
  backbones: Record<string, BackboneSpec>,
  members: readonly Omit<MemberSpec, 'head'>[],
  weights: Record<string, string>,
): string {
  return hashString(
    JSON.stringify({
      backbones,
      weights,
      members: featureOwners(members).map(featureDefinition),
      v: SYNTHESIS_VERSION,
    }),
  ).toString(16);
}

/**
 * Cache folder name: changes whenever anything that shapes the features
 * changes, the weights included. A member that reads another's features
 * (same feature key) adds nothing to it, so it can be added to a filled cache.
 */
export function cacheKey(
  detector: DetectorSpec,
  backbones: Record<string, BackboneSpec>,
  members: readonly Omit<MemberSpec, 'head'>[],
  weights: Record<string, string>,
): string {
  const text = JSON.stringify({
    detector,
    backbones,
    weights,
    members: featureOwners(members).map(featureDefinition),
    v: SYNTHESIS_VERSION,
  });
  return `features-${hashString(text).toString(16).padStart(8, '0')}`;
}

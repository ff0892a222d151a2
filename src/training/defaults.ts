/**
 * The ensemble the trainer builds by default: which pretrained backbones,
 * crops and poolings the members use. Members differ in backbone, crop and
 * features so that their mistakes differ.
 */
import {
  DEFAULT_PHOTO_DETECTION,
  type BackboneSpec,
  type DetectorSpec,
  type MemberSpec,
  type PhotoDetectionSpec,
} from '../core/ensembleSpec';

// Thresholds chosen on kaggle_facemask street photos (npm run eval): at 0.5 the
// full-range model found 85% of faces >= 48 px and missed masked ones; these
// settings found 95.5% (94.9% of masked ones).
export const DEFAULT_DETECTOR: DetectorSpec = {
  models: [
    // Full-range model on the frame as it is: small and distant faces.
    { file: 'facemesh-detection-full.json', layout: 'full', output: 'Identity', minScore: 0.3, margin: 0 },
    // Short-range model on the frame: large faces, many of them masked.
    { file: 'facemesh-detection-short.json', layout: 'short', output: 'Identity', minScore: 0.3, margin: 0 },
    // Short-range model with a wide black border: faces that fill the photo.
    { file: 'facemesh-detection-short.json', layout: 'short', output: 'Identity', minScore: 0.5, margin: 0.5 },
  ],
  iouThreshold: 0.3,
  maxContainment: 0.6,
  maxFaces: 20,
  minFacePx: 12,
};

/** HSE's Caffe means, BGR order, 0..255 scale. */
export const CAFFE_BGR_MEANS = [103.939, 116.779, 123.68] as const;

/**
 * The tile passes of photo checks, written to ensemble.json as `detector.photo`.
 * Kept apart from DEFAULT_DETECTOR: training never tiles (its photos are face
 * crops), and the feature-cache key hashes DEFAULT_DETECTOR.
 */
export const PHOTO_DETECTION: PhotoDetectionSpec = DEFAULT_PHOTO_DETECTION;

export const DEFAULT_BACKBONES: Record<string, BackboneSpec> = {
  // HSE FaceRes (MobileNetV1, 224 px): 0..255 (constant output on -1..1), BGR
  // minus the Caffe means as HSE's own code feeds it. Measured with
  // scripts/measure-inputs.ts on validation: its own age-group accuracy 0.737 ->
  // 0.797 (RGB as Human feeds it -> BGR minus means), gender 0.893 -> 0.890.
  faceres: {
    file: 'faceres.json',
    inputSize: 224,
    inputRange: [0, 255],
    channels: 'bgr',
    mean: CAFFE_BGR_MEANS,
    output: 'conv_pw_13_relu/clip_by_value',
  },
  // MobileFace embedding (112 px); the graph normalises 0..255 itself.
  mobileface: { file: 'mobileface.json', inputSize: 112, inputRange: [0, 255], output: 'batchnorm0/add_1' },
};

/**
 * Backbones that are convolutional up to the output we pool, so any multiple
 * of their stride runs. MobileFace is not: it reshapes a 7x7 map into a dense
 * layer (at 96 px the reshape fails).
 */
export const RESIZABLE_BACKBONES: readonly string[] = ['faceres'];

/**
 * DEFAULT_BACKBONES with some input sizes changed (`--input-sizes faceres=160`).
 * Only RESIZABLE_BACKBONES may change; the features (and so the heads) change
 * with the size.
 */
export function backbonesWithSizes(sizes: Readonly<Record<string, number>>): Record<string, BackboneSpec> {
  for (const [name, px] of Object.entries(sizes)) {
    if (!DEFAULT_BACKBONES[name])
      throw new RangeError(`no backbone "${name}" (there are ${Object.keys(DEFAULT_BACKBONES).join(', ')})`);
    if (!RESIZABLE_BACKBONES.includes(name) && px !== DEFAULT_BACKBONES[name].inputSize)
      throw new RangeError(
        `${name} runs only at ${DEFAULT_BACKBONES[name].inputSize} px (its graph flattens a fixed-size map); resizable: ${RESIZABLE_BACKBONES.join(', ')}`,
      );
    if (RESIZABLE_BACKBONES.includes(name) && !(Number.isInteger(px) && px >= 32 && px % 32 === 0))
      throw new RangeError(`input size of ${name} must be a multiple of 32 (its stride), not ${px}`);
  }
  return Object.fromEntries(
    Object.entries(DEFAULT_BACKBONES).map(([name, b]) => [name, { ...b, inputSize: sizes[name] ?? b.inputSize }]),
  );
}

type MemberDraft = Omit<MemberSpec, 'head'>;

// Crops are aligned (eyes levelled) except the wide one: with BGR input, aligned
// crops gave the best linear-probe mask F1 (0.772 vs 0.742) and wrongly-worn
// recall (0.452 vs 0.403) on real validation faces (scripts/measure-inputs.ts).
export const DEFAULT_MEMBERS: MemberDraft[] = [
  {
    id: 'faceres-mean',
    description: 'FaceRes 1024-d global features, aligned face crop 1.25x',
    backbone: 'faceres',
    crop: { scale: 1.25, shiftY: 0, align: true },
    pooling: 'mean',
    featureSize: 1024,
  },
  {
    id: 'faceres-bands',
    description: 'FaceRes features pooled over upper and lower face apart (2048-d), aligned crop 1.25x',
    backbone: 'faceres',
    crop: { scale: 1.25, shiftY: 0, align: true },
    pooling: 'bands',
    featureSize: 2048,
  },
  // The MobileFace members alone were much weaker than the FaceRes ones and
  // outvoted them (validation on part of the data: vote below the best member);
  // each borrows FaceRes features so all five are strong but still differ in
  // crop and features, and the vote beat every member. (Descriptions name a
  // member's own features; they are part of the feature-cache key.)
  {
    id: 'mobileface',
    description: 'MobileFace 256-d embedding, aligned face crop 1.25x',
    backbone: 'mobileface',
    crop: { scale: 1.25, shiftY: 0, align: true },
    pooling: 'none',
    featureSize: 256,
    extraFeatures: ['faceres-mean'],
  },
  {
    id: 'mobileface-wide',
    description: 'MobileFace embedding of a wide crop (1.7x, hair and neck in view)',
    backbone: 'mobileface',
    crop: { scale: 1.7, shiftY: 0.05 },
    pooling: 'none',
    featureSize: 256,
    extraFeatures: ['faceres-mean'],
  },
  {
    id: 'mobileface-tight',
    description: 'MobileFace embedding of a tight aligned crop (1.0x, face only)',
    backbone: 'mobileface',
    crop: { scale: 1.0, shiftY: 0, align: true },
    pooling: 'none',
    featureSize: 256,
    extraFeatures: ['faceres-bands'],
  },
  {
    // Where a wrongly worn mask shows: nose, mouth and chin, cut lower than the face box.
    id: 'mobileface-lower',
    description: 'MobileFace embedding of the nose-mouth-chin region (aligned crop 0.9x, shifted down 0.2)',
    backbone: 'mobileface',
    crop: { scale: 0.9, shiftY: 0.2, align: true },
    pooling: 'none',
    featureSize: 256,
    extraFeatures: ['faceres-bands'],
  },
  {
    // A mask pulled down to the neck sat at the very bottom of the 1.25x crops
    // (the wrongly worn masks the vote missed most): this one reaches below the chin.
    id: 'mobileface-neck',
    description: 'MobileFace embedding from the eyes to below the chin (aligned crop 1.2x, shifted down 0.3)',
    backbone: 'mobileface',
    crop: { scale: 1.2, shiftY: 0.3, align: true },
    pooling: 'none',
    featureSize: 256,
    extraFeatures: ['faceres-mean'],
  },
  {
    // Same features as faceres-mean, heads fit only on photos as taken (no
    // drawn or synthetic masks): errors that differ where drawn masks mislead.
    id: 'faceres-real',
    description: 'FaceRes 1024-d global features, aligned face crop 1.25x, heads trained on real photos only',
    backbone: 'faceres',
    crop: { scale: 1.25, shiftY: 0, align: true },
    pooling: 'mean',
    featureSize: 1024,
    trainOn: 'real',
  },
  {
    // The same for the first MobileFace member: its features (and faceres-mean's
    // it borrows) are already cached, so only its heads cost training time.
    id: 'mobileface-real',
    description: 'MobileFace 256-d embedding, aligned face crop 1.25x, heads trained on real photos only',
    backbone: 'mobileface',
    crop: { scale: 1.25, shiftY: 0, align: true },
    pooling: 'none',
    featureSize: 256,
    extraFeatures: ['faceres-mean'],
    trainOn: 'real',
  },
];

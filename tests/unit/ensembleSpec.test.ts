import { describe, expect, it } from 'vitest';
import { EnsembleSpecError, ensembleFiles, validateEnsembleSpec, type EnsembleSpec } from '../../src/core/ensembleSpec';

function validSpec(): EnsembleSpec {
  return {
    format: 'maskcheck-ensemble',
    version: 1,
    createdAt: '2026-11-27T00:00:00Z',
    detector: {
      models: [{ file: 'det.json', layout: 'short', output: 'Identity', minScore: 0.5, margin: 0 }],
      iouThreshold: 0.3,
      maxContainment: 0.6,
      maxFaces: 20,
      minFacePx: 12,
    },
    backbones: { faceres: { file: 'faceres.json', inputSize: 224, inputRange: [0, 1], output: 'global_pooling/Mean' } },
    members: [
      {
        id: 'm1',
        description: 'one',
        backbone: 'faceres',
        crop: { scale: 1.6, shiftY: 0.1 },
        pooling: 'none',
        featureSize: 1024,
        head: 'heads/m1.json',
      },
    ],
    classes: [],
    heads: { mask: [], gender: [], age: [] },
    voting: { rule: 'hard', tie: 'sum' },
    sha256: { 'heads/m1.json': 'aa', 'faceres.json': 'bb', 'det.json': 'cc', 'faceres.bin': 'dd' },
  };
}

type Mutate = (s: Record<string, unknown> & EnsembleSpec) => unknown;

describe('validateEnsembleSpec', () => {
  it('accepts a valid spec and returns it', () => {
    const s = validSpec();
    expect(validateEnsembleSpec(s)).toBe(s);
  });

  it('accepts JSON text round trips', () => {
    expect(validateEnsembleSpec(JSON.parse(JSON.stringify(validSpec())))).toEqual(validSpec());
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'maskcheck'],
    ['a number', 3],
  ])('rejects %s', (_, value) => {
    expect(() => validateEnsembleSpec(value)).toThrow(EnsembleSpecError);
    expect(() => validateEnsembleSpec(value)).toThrow(/ensemble\.json: not an object/);
  });

  it.each<[string, Mutate, string]>([
    [
      'wrong format',
      (s) => (s.format = 'other' as never),
      'ensemble.json: format must be "maskcheck-ensemble" (got "other")',
    ],
    ['wrong version', (s) => (s.version = 2 as never), 'ensemble.json: unsupported version (got 2)'],
    [
      'no detector',
      (s) => delete (s as Partial<EnsembleSpec>).detector,
      'ensemble.json: detector.models is empty (got undefined)',
    ],
    [
      'no detector models',
      (s) => (s.detector.models = []),
      'ensemble.json: detector.models is empty (got {"models":[],"iouThreshold":0.3,"maxContainment":0.6,"maxFaces":20,"minFacePx":12})',
    ],
    ['no members', (s) => (s.members = []), 'ensemble.json: members is empty (got [])'],
    ['members not a list', (s) => (s.members = {} as never), 'ensemble.json: members is empty (got {})'],
    ['a null member', (s) => (s.members = [null as never]), 'ensemble.json: members holds a non-object (got null)'],
    [
      'unknown backbone',
      (s) => (s.members[0].backbone = 'resnet'),
      'ensemble.json: member m1 names an unknown backbone (got "resnet")',
    ],
    [
      'zero crop scale',
      (s) => (s.members[0].crop.scale = 0),
      'ensemble.json: member m1 has a bad crop scale (got {"scale":0,"shiftY":0.1})',
    ],
    [
      'missing crop',
      (s) => delete (s.members[0] as Partial<EnsembleSpec['members'][0]>).crop,
      'ensemble.json: member m1 has a bad crop scale (got undefined)',
    ],
    [
      'head without sha256',
      (s) => delete s.sha256['heads/m1.json'],
      'ensemble.json: member m1 head has no sha256 (got "heads/m1.json")',
    ],
  ])('rejects %s, quoting the bad value', (_, mutate, message) => {
    const s = validSpec() as Record<string, unknown> & EnsembleSpec;
    mutate(s);
    let error: unknown;
    try {
      validateEnsembleSpec(s);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnsembleSpecError);
    expect((error as Error).name).toBe('EnsembleSpecError');
    expect((error as Error).message).toBe(message);
  });
});

describe('ensembleFiles', () => {
  it('lists every hashed file, sorted', () => {
    expect(ensembleFiles(validSpec())).toEqual(['det.json', 'faceres.bin', 'faceres.json', 'heads/m1.json']);
  });
});

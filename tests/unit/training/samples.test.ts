import { describe, expect, it } from 'vitest';
import { AGE_GROUPS, GENDERS, encodeClass, type FaceLabel } from '../../../src/core/classes';
import type { FaceRecord } from '../../../src/core/manifest';
import { capSources, isValidation, spreadOverSources } from '../../../src/core/recordSelection';
import { buildSamples } from '../../../src/training/samples';

function bare(i: number, gender: FaceRecord['gender'], ageGroup: FaceRecord['ageGroup']): FaceRecord {
  return {
    path: `/x/${i}.jpg`,
    source: 'utk',
    subject: `s${i}`,
    mask: 'not_wear',
    gender,
    ageGroup,
    quality: 'annotated',
    origin: `m:${i}`,
  };
}

describe('samples with drawn masks', () => {
  const records = GENDERS.flatMap((g, gi) => AGE_GROUPS.map((a, ai) => bare(gi * 3 + ai, g, a)));

  it('gives every labelled bare face a worn and an incorrect drawing, covering all 18 classes', () => {
    const samples = buildSamples(records, { synthesize: true, incorrectPerFace: 2, drawn: 'all' });
    expect(samples).toHaveLength(records.length * 4);
    const classes = new Set(
      samples.map((s) => encodeClass({ mask: s.mask, gender: s.gender, age: s.ageGroup } as FaceLabel)),
    );
    expect([...classes].sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(samples.filter((s) => s.variant !== 'original').every((s) => s.synthetic)).toBe(true);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
  });

  it('draws one incorrect placement per face by default and none when disabled', () => {
    expect(buildSamples(records, { synthesize: true, incorrectPerFace: 1, drawn: 'all' })).toHaveLength(
      records.length * 3,
    );
    expect(buildSamples(records, { synthesize: false, incorrectPerFace: 1, drawn: 'all' })).toHaveLength(
      records.length,
    );
  });

  it("with drawn: 'one', gives each bare face one drawing, about half worn, half wrongly worn, of every placement", () => {
    const many = Array.from({ length: 600 }, (_, i) => bare(i, 'female', '30-59'));
    const samples = buildSamples(many, { synthesize: true, incorrectPerFace: 1, drawn: 'one' });
    expect(samples).toHaveLength(many.length * 2);
    const drawn = samples.filter((s) => s.variant !== 'original');
    const worn = drawn.filter((s) => s.mask === 'wear').length / drawn.length;
    expect(worn).toBeGreaterThan(0.4);
    expect(worn).toBeLessThan(0.6);
    expect(new Set(drawn.map((s) => s.variant))).toEqual(new Set(['wear', 'below_nose', 'on_chin', 'off_ear']));
    // The same ids as the 'all' run gives those drawings, so a feature cache serves both.
    const all = new Set(buildSamples(many, { synthesize: true, incorrectPerFace: 1, drawn: 'all' }).map((s) => s.id));
    expect(drawn.every((s) => all.has(s.id))).toBe(true);
  });

  it('does not draw on faces that already wear a mask, have a box in a group photo, or carry no gender/age', () => {
    const others: FaceRecord[] = [
      { ...bare(20, 'male', '<30'), mask: 'wear' },
      { ...bare(21, 'male', '<30'), box: { x: 0, y: 0, w: 5, h: 5 } },
      { ...bare(22, undefined, undefined) },
    ];
    expect(buildSamples(others, { synthesize: true, incorrectPerFace: 2, drawn: 'all' })).toHaveLength(3);
  });
});

describe('split by subject', () => {
  it('never puts one subject on both sides, and holds out about the asked share', () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ ...bare(i, 'male', '<30'), subject: `p${i % 1000}` }));
    const samples = buildSamples(records, { synthesize: true, incorrectPerFace: 1, drawn: 'all' });
    const side = new Map<string, boolean>();
    for (const s of samples) {
      const v = isValidation(s.subject, 0.2, 1);
      expect(side.get(s.subject) ?? v).toBe(v);
      side.set(s.subject, v);
    }
    const share = [...side.values()].filter(Boolean).length / side.size;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    // Another seed gives another split.
    expect([...side.keys()].some((s) => isValidation(s, 0.2, 2) !== side.get(s))).toBe(true);
  });
});

describe('spreadOverSources', () => {
  it('takes faces from every source in turn', () => {
    const recs = [
      ...Array.from({ length: 10 }, (_, i) => ({ ...bare(i, 'male', '<30'), source: 'a' })),
      { ...bare(99, 'male', '<30'), source: 'b' },
    ];
    expect(spreadOverSources(recs, 3).map((r) => r.source)).toEqual(['a', 'b', 'a']);
  });
});

describe('capSources', () => {
  it('keeps at most n faces of a named source, spread over its rows, and every face of the others', () => {
    const recs = [
      ...Array.from({ length: 100 }, (_, i) => ({ ...bare(i, 'male', '<30'), source: 'u' })),
      ...Array.from({ length: 7 }, (_, i) => ({ ...bare(200 + i, 'male', '<30'), source: 'k' })),
      ...Array.from({ length: 5 }, (_, i) => ({ ...bare(300 + i, 'male', '<30'), source: 'gone' })),
    ];
    const kept = capSources(recs, { u: 10, gone: 0 });
    const u = kept.filter((r) => r.source === 'u');
    expect(u).toHaveLength(10);
    // Spread: one in every ten rows, from the first to the last tenth.
    expect(u.map((r) => Number(r.origin.split(':')[1]))).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(kept.filter((r) => r.source === 'k')).toHaveLength(7);
    expect(kept.some((r) => r.source === 'gone')).toBe(false);
    expect(capSources(recs, { u: 500 })).toHaveLength(112);
  });
});

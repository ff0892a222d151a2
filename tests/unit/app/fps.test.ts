import { describe, expect, it } from 'vitest';
import { FpsMeter, speedText } from '../../../src/app/fps';

describe('FpsMeter', () => {
  it('measures a steady rate over its window', () => {
    const m = new FpsMeter(1000);
    let fps = 0;
    for (let t = 0; t <= 2000; t += 100) fps = m.tick(t);
    expect(fps).toBeCloseTo(10, 5);
  });

  it('reads 0 with fewer than two frames, and once frames stop', () => {
    const m = new FpsMeter(1000);
    expect(m.tick(0)).toBe(0);
    expect(m.tick(250)).toBeCloseTo(4, 5);
    expect(m.rate(5000)).toBe(0);
  });

  it('measures frames slower than its window from the frame before', () => {
    const m = new FpsMeter(2000);
    m.tick(0);
    expect(m.tick(4000)).toBeCloseTo(0.25, 5);
    expect(m.tick(9000)).toBeCloseTo(0.2, 5);
  });

  it('starts over after reset', () => {
    const m = new FpsMeter(1000);
    m.tick(0);
    m.tick(100);
    m.reset();
    expect(m.tick(200)).toBe(0);
  });
});

describe('speedText', () => {
  it.each([
    [12.34, true, { key: 'fps', params: { fps: '12.3' } }],
    [0.5, true, { key: 'fps', params: { fps: '0.5' } }],
    [0.25, true, { key: 'secondsPerFrame', params: { seconds: '4.0' } }],
    [0, true, null],
    [12, false, null],
  ] as const)('%s FPS, running %s', (fps, running, expected) => {
    expect(speedText(fps, running)).toEqual(expected);
  });
});

/**
 * Frames per second over a sliding time window: steadier than 1 / last frame
 * time, and it drops to 0 when frames stop arriving. Frames slower than the
 * window (a CPU backend: seconds per frame) are measured from the one before.
 */
export class FpsMeter {
  private readonly windowMs: number;
  private readonly times: number[] = [];
  private previous: number | null = null;

  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
  }

  /** Records a finished frame at `now` (ms) and returns the current rate. */
  tick(now: number): number {
    const previous = this.previous;
    this.previous = now;
    this.times.push(now);
    const rate = this.rate(now);
    return rate === 0 && previous !== null && now > previous ? 1000 / (now - previous) : rate;
  }

  rate(now: number): number {
    while (this.times.length > 0 && now - this.times[0] > this.windowMs) this.times.shift();
    if (this.times.length < 2) return 0;
    const span = this.times[this.times.length - 1] - this.times[0];
    return span > 0 ? ((this.times.length - 1) * 1000) / span : 0;
  }

  reset(): void {
    this.times.length = 0;
    this.previous = null;
  }
}

/**
 * The camera's speed as shown: nothing while the camera is off or before the
 * second frame, "12.3 FPS", and seconds per frame under 0.5 FPS (where FPS
 * would read "0.0").
 */
export function speedText(
  fps: number,
  running: boolean,
): { key: 'fps'; params: { fps: string } } | { key: 'secondsPerFrame'; params: { seconds: string } } | null {
  if (!running || !(fps > 0)) return null;
  if (fps >= 0.5) return { key: 'fps', params: { fps: fps.toFixed(1) } };
  return { key: 'secondsPerFrame', params: { seconds: (1 / fps).toFixed(1) } };
}

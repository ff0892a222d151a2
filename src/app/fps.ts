/**
 * Frames per second over a sliding time window: steadier than 1 / last frame
 * time, and it drops to 0 when frames stop arriving.
 */
export class FpsMeter {
  private readonly windowMs: number;
  private readonly times: number[] = [];

  constructor(windowMs = 2000) {
    this.windowMs = windowMs;
  }

  /** Records a finished frame at `now` (ms) and returns the current rate. */
  tick(now: number): number {
    this.times.push(now);
    return this.rate(now);
  }

  rate(now: number): number {
    while (this.times.length > 0 && now - this.times[0] > this.windowMs) this.times.shift();
    if (this.times.length < 2) return 0;
    const span = this.times[this.times.length - 1] - this.times[0];
    return span > 0 ? ((this.times.length - 1) * 1000) / span : 0;
  }

  reset(): void {
    this.times.length = 0;
  }
}

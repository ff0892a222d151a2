/**
 * Keeps the screen on while the kiosk runs. The browser drops the lock when
 * the page is hidden, so it is taken again when the page comes back.
 */
export class WakeLock {
  private sentinel: WakeLockSentinel | null = null;
  private wanted = false;
  private readonly onVisible = () => {
    if (this.wanted && document.visibilityState === 'visible') void this.request();
  };

  get held(): boolean {
    return this.sentinel !== null && !this.sentinel.released;
  }

  async acquire(): Promise<boolean> {
    this.wanted = true;
    document.addEventListener('visibilitychange', this.onVisible);
    return this.request();
  }

  async release(): Promise<void> {
    this.wanted = false;
    document.removeEventListener('visibilitychange', this.onVisible);
    const s = this.sentinel;
    this.sentinel = null;
    await s?.release().catch(() => undefined);
  }

  private async request(): Promise<boolean> {
    if (!('wakeLock' in navigator) || this.held) return this.held;
    try {
      this.sentinel = await navigator.wakeLock.request('screen');
      return true;
    } catch {
      // Refused (battery saver, hidden page): the kiosk still works.
      return false;
    }
  }
}

/**
 * Whether the address asks for kiosk mode: `?kiosk`, `?kiosk=1` or any value
 * other than an explicit no (`0`, `false`, `no`, `off`), so `?kiosk=0` opens
 * the normal view.
 */
const NO = new Set(['0', 'false', 'no', 'off']);

export function kioskFromSearch(search: string): boolean {
  const params = new URLSearchParams(search);
  if (!params.has('kiosk')) return false;
  return !NO.has((params.get('kiosk') ?? '').trim().toLowerCase());
}

/** CSV exports made in the page (no upload, no server): photo results and kiosk counts. */
import { toCsv } from '../core/csv';
import { countsCsv, type KioskCounts } from '../core/kioskCounts';
import { photoCsvRows } from './photoTable';
import type { PhotoItem } from './store/photos';

export function photoCsv(items: readonly PhotoItem[]): string {
  // File names come from users: keep a spreadsheet from running them as formulas.
  return toCsv(photoCsvRows(items), { escapeFormulas: true });
}

/** Offers `text` as a file download; a BOM so spreadsheets read Korean text as UTF-8. */
export function downloadCsv(text: string, fileName: string): void {
  const blob = new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const downloadPhotoCsv = (items: readonly PhotoItem[]) => downloadCsv(photoCsv(items), 'maskcheck-photos.csv');

export const downloadCountsCsv = (counts: KioskCounts) => downloadCsv(countsCsv(counts), 'maskcheck-counts.csv');

/** Saves the photo results as a CSV file, made in the page (no upload, no server). */
import Papa from 'papaparse';
import { photoCsvRows } from './photoTable';
import type { PhotoItem } from './store/photos';

export function photoCsv(items: readonly PhotoItem[]): string {
  return Papa.unparse(photoCsvRows(items), { newline: '\r\n' });
}

export function downloadPhotoCsv(items: readonly PhotoItem[], fileName = 'maskcheck-photos.csv'): void {
  // A BOM so spreadsheet programs read Korean file names as UTF-8.
  const blob = new Blob(['\ufeff', photoCsv(items)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

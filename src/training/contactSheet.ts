/** A grid of labelled thumbnails, written as PNG: for eyeballing synthetic data. */
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { writeFileSync } from 'node:fs';

export interface Thumb {
  image: Canvas;
  caption: string;
}

export function writeContactSheet(path: string, thumbs: readonly Thumb[], columns = 8, size = 128): void {
  const rows = Math.ceil(thumbs.length / columns);
  const capH = 16;
  const sheet = createCanvas(columns * size, rows * (size + capH));
  const ctx = sheet.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, sheet.width, sheet.height);
  ctx.font = '11px sans-serif';
  thumbs.forEach((t, i) => {
    const x = (i % columns) * size;
    const y = Math.floor(i / columns) * (size + capH);
    const s = Math.min(size / t.image.width, size / t.image.height);
    ctx.drawImage(t.image, x, y, t.image.width * s, t.image.height * s);
    ctx.fillStyle = '#111111';
    ctx.fillText(t.caption, x + 2, y + size + 12, size - 4);
  });
  writeFileSync(path, sheet.toBuffer('image/png'));
}

/**
 * Draws the PWA icons (a face wearing a mask on a dark tile) into public/icons.
 * The committed PNGs come from this script: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';

const OUT = resolve(import.meta.dirname, '../public/icons');

/** `inset` shrinks the art so maskable icons keep it inside the safe zone. */
function draw(size: number, file: string, inset: number): void {
  const canvas = createCanvas(size, size);
  const g = canvas.getContext('2d');
  const c = size / 2;
  const r = size * 0.34 * (1 - 2 * inset);
  g.fillStyle = '#101418';
  g.fillRect(0, 0, size, size);
  g.fillStyle = '#f2d3b3';
  g.beginPath();
  g.arc(c, c, r, 0, 2 * Math.PI);
  g.fill();
  // Ear loops, then the mask over the lower face.
  g.strokeStyle = '#2b7de9';
  g.lineWidth = Math.max(2, size / 48);
  g.beginPath();
  g.moveTo(c - r * 0.9, c + r * 0.2);
  g.lineTo(c - r, c - r * 0.1);
  g.moveTo(c + r * 0.9, c + r * 0.2);
  g.lineTo(c + r, c - r * 0.1);
  g.stroke();
  g.fillStyle = '#2b7de9';
  g.beginPath();
  g.roundRect(c - r * 0.9, c + r * 0.05, r * 1.8, r * 0.7, r * 0.2);
  g.fill();
  g.fillStyle = '#101418';
  for (const dx of [-0.4, 0.4]) {
    g.beginPath();
    g.arc(c + dx * r, c - r * 0.25, r * 0.1, 0, 2 * Math.PI);
    g.fill();
  }
  writeFileSync(resolve(OUT, file), canvas.toBuffer('image/png'));
}

mkdirSync(OUT, { recursive: true });
draw(192, 'icon-192.png', 0);
draw(512, 'icon-512.png', 0);
draw(512, 'icon-maskable-512.png', 0.1);

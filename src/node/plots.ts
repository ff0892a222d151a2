/** Confusion matrices and bar charts as PNG, drawn with canvas. */
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { writeFileSync } from 'node:fs';

export interface MatrixPanel {
  title: string;
  labels: readonly string[];
  confusion: number[][];
}

function drawMatrix(ctx: SKRSContext2D, p: MatrixPanel, x: number, y: number, size: number): void {
  const k = p.labels.length;
  const margin = k > 6 ? 120 : 60;
  const cell = (size - margin) / k;
  ctx.fillStyle = '#111';
  ctx.font = 'bold 13px sans-serif';
  ctx.fillText(p.title, x + 4, y + 14);
  ctx.font = `${k > 6 ? 10 : 11}px sans-serif`;
  const top = y + 24;
  for (let t = 0; t < k; t++) {
    const rowSum = p.confusion[t].reduce((a, b) => a + b, 0);
    for (let q = 0; q < k; q++) {
      const v = p.confusion[t][q];
      const frac = rowSum > 0 ? v / rowSum : 0;
      // Row-normalised: each cell is the share of that true class.
      const shade = Math.round(255 - frac * 200);
      ctx.fillStyle = t === q ? `rgb(${shade},${Math.min(255, shade + 40)},${shade})` : `rgb(255,${shade},${shade})`;
      ctx.fillRect(x + margin + q * cell, top + t * cell, cell - 1, cell - 1);
      ctx.strokeStyle = '#ccc';
      ctx.strokeRect(x + margin + q * cell, top + t * cell, cell - 1, cell - 1);
      if (k <= 6) {
        ctx.fillStyle = frac > 0.6 ? '#fff' : '#111';
        ctx.fillText(String(v), x + margin + q * cell + 3, top + t * cell + cell / 2 + 4);
      }
    }
    ctx.fillStyle = '#111';
    ctx.fillText(p.labels[t], x + 2, top + t * cell + cell / 2 + 4, margin - 4);
  }
  ctx.fillStyle = '#555';
  ctx.fillText('rows: truth, columns: prediction', x + margin, top + k * cell + 14);
}

export function writeMatrixPanels(path: string, panels: readonly MatrixPanel[], size = 360): void {
  const cols = Math.min(4, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const c = createCanvas(cols * size, rows * (size + 30));
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, c.width, c.height);
  panels.forEach((p, i) => drawMatrix(ctx, p, (i % cols) * size, Math.floor(i / cols) * (size + 30), size - 10));
  writeFileSync(path, c.toBuffer('image/png'));
}

export interface BarGroup {
  label: string;
  values: { name: string; value: number }[];
}

/** A white chart canvas of w x h with its title in bold at baseline `titleY`. */
function titledCanvas(w: number, h: number, title: string, titleY: number) {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#111';
  ctx.font = 'bold 14px sans-serif';
  ctx.fillText(title, 10, titleY);
  return { c, ctx };
}

/** Grouped bars (0..1), e.g. macro F1 per head for each member and the vote. */
export function writeBarChart(path: string, title: string, groups: readonly BarGroup[]): void {
  const names = [...new Set(groups.flatMap((g) => g.values.map((v) => v.name)))];
  const colours = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#9c755f'];
  const w = 220 + groups.length * (names.length * 14 + 30);
  const h = 320;
  const { c, ctx } = titledCanvas(w, h, title, 18);
  const base = h - 40;
  const scale = base - 40;
  ctx.font = '10px sans-serif';
  for (let t = 0; t <= 10; t += 2) {
    const y = base - (t / 10) * scale;
    ctx.fillStyle = '#ddd';
    ctx.fillRect(40, y, w - 50, 1);
    ctx.fillStyle = '#555';
    ctx.fillText((t / 10).toFixed(1), 10, y + 3);
  }
  groups.forEach((g, gi) => {
    const x0 = 50 + gi * (names.length * 14 + 30);
    g.values.forEach((v) => {
      const ni = names.indexOf(v.name);
      ctx.fillStyle = colours[ni % colours.length];
      ctx.fillRect(x0 + ni * 14, base - v.value * scale, 12, v.value * scale);
    });
    ctx.fillStyle = '#111';
    ctx.fillText(g.label, x0, base + 14);
  });
  names.forEach((n, i) => {
    ctx.fillStyle = colours[i % colours.length];
    ctx.fillRect(w - 150, 30 + i * 14, 10, 10);
    ctx.fillStyle = '#111';
    ctx.fillText(n, w - 136, 39 + i * 14);
  });
  writeFileSync(path, c.toBuffer('image/png'));
}

export interface CurveSeries {
  name: string;
  /** `line`: joined points; `points`: dots, each with its label; `marker`: one large diamond per point. */
  style: 'line' | 'points' | 'marker';
  points: { x: number; y: number; label?: string }[];
}

/**
 * x in 0..1 against y in [yMin, 1] (yMin from the data, rounded down to a
 * tenth), e.g. coverage against accuracy for "not sure".
 */
export function writeCurveChart(
  path: string,
  title: string,
  axes: { x: string; y: string },
  series: readonly CurveSeries[],
): void {
  const colours = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1'];
  const w = 640;
  const h = 440;
  const left = 60;
  // Room for the labels of points at full coverage.
  const right = 60;
  const top = 36;
  const bottom = 50;
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const yMin = Math.max(0, Math.min(0.9, Math.floor(Math.min(1, ...ys) * 10) / 10));
  const px = (x: number) => left + x * (w - left - right);
  const py = (y: number) => top + ((1 - y) / (1 - yMin)) * (h - top - bottom);
  const { c, ctx } = titledCanvas(w, h, title, 20);
  ctx.font = '10px sans-serif';
  for (let t = 0; t <= 10; t++) {
    const x = px(t / 10);
    ctx.fillStyle = '#e4e4e4';
    ctx.fillRect(x, top, 1, h - top - bottom);
    ctx.fillStyle = '#555';
    ctx.fillText((t / 10).toFixed(1), x - 8, h - bottom + 14);
  }
  for (let y = yMin; y <= 1 + 1e-9; y += (1 - yMin) / 10) {
    ctx.fillStyle = '#e4e4e4';
    ctx.fillRect(left, py(y), w - left - right, 1);
    ctx.fillStyle = '#555';
    ctx.fillText(y.toFixed(2), 20, py(y) + 3);
  }
  ctx.fillStyle = '#111';
  ctx.font = '12px sans-serif';
  ctx.fillText(axes.x, w / 2 - 40, h - 14);
  ctx.save();
  ctx.translate(14, h / 2 + 40);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(axes.y, 0, 0);
  ctx.restore();
  series.forEach((s, si) => {
    const colour = colours[si % colours.length];
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    if (s.style === 'line') {
      ctx.beginPath();
      s.points.forEach((p, i) => (i === 0 ? ctx.moveTo(px(p.x), py(p.y)) : ctx.lineTo(px(p.x), py(p.y))));
      ctx.stroke();
    }
    for (const p of s.points) {
      if (s.style === 'line') continue;
      const r = s.style === 'marker' ? 8 : 4;
      ctx.beginPath();
      if (s.style === 'marker') {
        ctx.moveTo(px(p.x), py(p.y) - r);
        ctx.lineTo(px(p.x) + r, py(p.y));
        ctx.lineTo(px(p.x), py(p.y) + r);
        ctx.lineTo(px(p.x) - r, py(p.y));
        ctx.closePath();
      } else ctx.arc(px(p.x), py(p.y), r, 0, 2 * Math.PI);
      ctx.fill();
      if (p.label) {
        // Dots labelled above right, markers below, so a marker on a dot leaves both readable.
        ctx.font = '10px sans-serif';
        ctx.fillText(p.label, px(p.x) + r + 2, s.style === 'marker' ? py(p.y) + r + 10 : py(p.y) - r);
      }
    }
    // Legend bottom left, where a coverage curve (sure faces score high) never goes.
    const ly = h - bottom - 8 - (series.length - si) * 16;
    ctx.fillRect(left + 10, ly, 12, 10);
    ctx.fillStyle = '#111';
    ctx.font = '11px sans-serif';
    ctx.fillText(s.name, left + 28, ly + 9);
  });
  writeFileSync(path, c.toBuffer('image/png'));
}

/** Image decoding in Node with a real decoder (Skia via @napi-rs/canvas). */
import { createCanvas, loadImage, type Canvas, type Image } from '@napi-rs/canvas';
import { readFile } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';
import { rgbaToTensor } from '../inference/image';

export async function decodeImage(path: string): Promise<Image> {
  const bytes = await readFile(path);
  try {
    const img = await loadImage(bytes);
    if (!(img.width > 0 && img.height > 0)) throw new Error('image has no pixels');
    return img;
  } catch (e) {
    throw new Error(`cannot decode ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

export function imageToCanvas(img: Image | Canvas): Canvas {
  const c = createCanvas(img.width, img.height);
  c.getContext('2d').drawImage(img, 0, 0);
  return c;
}

export function canvasToTensor(c: Canvas): tf.Tensor3D {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  return rgbaToTensor(data, c.width, c.height);
}

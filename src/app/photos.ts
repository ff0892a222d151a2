/**
 * Photo check: each file is checked, decoded, scaled to a working size and
 * analysed on its own, so one bad file only fails its own row.
 */
import { toErrorData, type AppErrorData } from '../core/appError';
import { splitBySize } from '../core/faceSize';
import { clipBox } from '../core/geometry';
import {
  MAX_FILE_BYTES,
  MAX_PIXELS,
  PROBE_BYTES,
  checkFileBytes,
  checkPixels,
  fitScale,
  type FileProblem,
} from './fileCheck';
import type { Engine } from './engine';
import { toFaceView, type FaceView } from './labels';
import type { AppStore } from './store';
import type { PhotoItem } from './store/photos';

/** Photos are analysed at most this large; boxes are scaled back to the original. */
export const PHOTO_MAX_SIDE = 1280;

let nextId = 1;

async function bytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Loads the image's header to learn its size; full decoding waits until drawing. */
function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('decode failed'));
    img.src = url;
  });
}

const MB = 1024 * 1024;

/** A file check's verdict as the error shown for the file; sizes in MB and megapixels, rounded. */
export function photoError(verdict: FileProblem, file: Pick<File, 'name' | 'size'>, pixels = 0): AppErrorData {
  const name = file.name;
  switch (verdict) {
    case 'empty':
      return { code: 'photo-empty', params: { file: name } };
    case 'not_image':
      return { code: 'photo-not-image', params: { file: name } };
    case 'too_large':
      return {
        code: 'photo-too-large',
        params: { file: name, size: Math.round(file.size / MB), limit: MAX_FILE_BYTES / MB },
      };
    case 'too_many_pixels':
      return {
        code: 'photo-too-many-pixels',
        params: { file: name, megapixels: Math.round(pixels / 1e6), limit: MAX_PIXELS / 1e6 },
      };
    case 'corrupt':
      return { code: 'photo-damaged', params: { file: name } };
  }
}

/** Boxes from the working size back to the original image's pixels, kept inside the image. */
export function scaleFaces(faces: readonly FaceView[], factor: number, width: number, height: number): FaceView[] {
  return faces.map((f) => ({
    ...f,
    box: clipBox({ x: f.box.x * factor, y: f.box.y * factor, w: f.box.w * factor, h: f.box.h * factor }, width, height),
  }));
}

/**
 * What tells two given files apart without reading them: name and size. Not
 * the modification time: a file dragged in from some apps (and a test's
 * drop) gets a new one each time.
 */
export function fileKey(f: Pick<File, 'name' | 'size'>): string {
  return `${f.name}\u0000${f.size}`;
}

/** The files not yet in the list (by `fileKey`, also among themselves), and the names of the others. */
export function splitDuplicates<F extends Pick<File, 'name' | 'size'>>(
  files: readonly F[],
  knownKeys: Iterable<string>,
): { fresh: F[]; duplicates: string[] } {
  const seen = new Set(knownKeys);
  const fresh: F[] = [];
  const duplicates: string[] = [];
  for (const f of files) {
    const key = fileKey(f);
    if (seen.has(key)) duplicates.push(f.name);
    else fresh.push(f);
    seen.add(key);
  }
  return { fresh, duplicates };
}

export class PhotoChecker {
  private readonly store: AppStore;
  private readonly engine: Engine;

  constructor(store: AppStore, engine: Engine) {
    this.store = store;
    this.engine = engine;
  }

  /**
   * Adds every new file as a pending row at once, then checks them one by
   * one; a file already in the list is named, not added again.
   */
  async add(given: readonly File[]): Promise<void> {
    const { fresh: files, duplicates } = splitDuplicates(
      given,
      this.store.getState().photos.map((p) => p.key),
    );
    const items: PhotoItem[] = files.map((f) => ({
      id: nextId++,
      name: f.name,
      key: fileKey(f),
      status: 'pending',
      error: null,
      width: 0,
      height: 0,
      url: null,
      faces: [],
      tooSmall: 0,
    }));
    this.store.getState().addPhotos(items, duplicates);
    for (let i = 0; i < files.length; i++) await this.check(items[i].id, files[i]);
  }

  clear(): void {
    for (const p of this.store.getState().photos) if (p.url) URL.revokeObjectURL(p.url);
    this.store.getState().clearPhotos();
  }

  private async check(id: number, file: File): Promise<void> {
    const update = (patch: Partial<PhotoItem>) => this.store.getState().updatePhoto(id, patch);
    const verdict = checkFileBytes({
      size: file.size,
      head: await bytes(file.slice(0, PROBE_BYTES)),
      tail: await bytes(file.slice(Math.max(0, file.size - PROBE_BYTES))),
    });
    if ('error' in verdict) {
      update({ status: 'error', error: photoError(verdict.error, file) });
      return;
    }
    const url = URL.createObjectURL(file);
    let img: HTMLImageElement;
    try {
      img = await loadImage(url);
    } catch {
      URL.revokeObjectURL(url);
      update({ status: 'error', error: photoError('corrupt', file) });
      return;
    }
    const { naturalWidth: width, naturalHeight: height } = img;
    const pixelError = checkPixels(width, height);
    if (pixelError) {
      URL.revokeObjectURL(url);
      update({ status: 'error', error: photoError(pixelError, file, width * height) });
      return;
    }
    update({ url, width, height });
    try {
      const scale = fitScale(width, height, PHOTO_MAX_SIDE);
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      canvas.getContext('2d', { willReadFrequently: true })!.drawImage(img, 0, 0, canvas.width, canvas.height);
      // Tiles as well as the whole photo: faces of 48 px shrink below what a whole-frame pass finds.
      const { checked, tooSmall } = splitBySize(await this.engine.analyze(canvas, { tiled: true }));
      const faces = scaleFaces(
        checked.map((r, i) => toFaceView(r, i)),
        width / canvas.width,
        width,
        height,
      );
      update({ status: 'done', faces, tooSmall });
    } catch (e) {
      update({
        status: 'error',
        error: { code: 'photo-check-failed', params: { file: file.name, cause: toErrorData(e) } },
      });
    }
  }
}

/** 468 facemesh landmarks for a detected face, in image pixels (training only: mask placement). */
import * as tf from '@tensorflow/tfjs';
import type { Box, Point } from '../core/geometry';
import { cropFaces, cropRegion } from '../inference/crop';
import { loadGraph, type ModelSource } from '../inference/modelSource';

const SIZE = 192;
// MediaPipe feeds the mesh a square 1.5x the detector box.
const MESH_CROP = { scale: 1.5, shiftY: 0 };

/** The landmark model in a models folder: the trainer's, not the app's (not in ensemble.json). */
export const LANDMARK_MODEL = 'facemesh.json';

export class FaceMesh {
  private readonly model: tf.GraphModel;

  private constructor(model: tf.GraphModel) {
    this.model = model;
  }

  static async load(source: ModelSource, file = LANDMARK_MODEL): Promise<FaceMesh> {
    return new FaceMesh(await loadGraph(source, file));
  }

  /** Landmarks and the mesh's face confidence (0..1) for each face box. */
  async landmarks(image: tf.Tensor3D, faces: readonly Box[]): Promise<{ points: Point[]; confidence: number }[]> {
    if (faces.length === 0) return [];
    const [mesh, flag] = tf.tidy(() => {
      const input = cropFaces(image, faces, MESH_CROP, SIZE).div(255);
      const out = this.model.execute(input, ['Identity_2', 'Identity_1']) as tf.Tensor[];
      return [out[0], out[1]];
    });
    try {
      const [m, f] = await Promise.all([mesh.data(), flag.data()]);
      const stride = m.length / faces.length;
      return faces.map((face, i) => {
        const region = cropRegion(face, MESH_CROP);
        const points: Point[] = [];
        for (let k = 0; k < 468; k++) {
          const o = i * stride + k * 3;
          points.push({ x: region.x + (m[o] / SIZE) * region.w, y: region.y + (m[o + 1] / SIZE) * region.h });
        }
        return { points, confidence: 1 / (1 + Math.exp(-f[i])) };
      });
    } finally {
      mesh.dispose();
      flag.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Peer models scored on the same faces: faceres' own gender/age outputs (as
 * Human uses them) and face-api's age/gender net.
 */
import type * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AGE_GROUPS, ageToGroup } from '../core/classes';
import { FACERES_BASELINE_OUTPUTS } from '../core/ensembleSpec';
import type { HeadLabels } from '../core/evaluation';
import type { Box } from '../core/geometry';
import { cropFaces } from '../inference/crop';
import type { Ensemble } from '../inference';

export interface Baseline {
  name: string;
  predict(image: tf.Tensor3D, faces: readonly Box[]): Promise<HeadLabels[]>;
  dispose(): void;
}

const groupIndex = (age: number) => AGE_GROUPS.indexOf(ageToGroup(Math.max(0, age)));

/** faceres' gender (P(male)) and expected age over its 100 bins, on the ensemble's faceres crop. */
export function faceresBaseline(ensemble: Ensemble): Baseline | undefined {
  const member = ensemble.spec.members.find((m) => m.backbone === 'faceres');
  if (!member) return undefined;
  return {
    name: 'faceres',
    async predict(image, faces) {
      const out = await ensemble.features([{ image, faces }], {
        members: [member.id],
        extraOutputs: { faceres: FACERES_BASELINE_OUTPUTS },
      });
      return out.map((f) => {
        const [gender, ageBins] = f.extra.faceres;
        let expected = 0;
        for (let k = 0; k < ageBins.length; k++) expected += k * ageBins[k];
        return { gender: gender[0] >= 0.5 ? 0 : 1, age: groupIndex(expected) };
      });
    },
    dispose() {},
  };
}

interface FaceApiAgeGender {
  age: number;
  gender: 'male' | 'female';
}
interface FaceApiModule {
  nets: {
    ageGenderNet: {
      loadFromDisk(dir: string): Promise<void>;
      predictAgeAndGender(input: tf.Tensor4D): Promise<FaceApiAgeGender | FaceApiAgeGender[]>;
      dispose(): void;
    };
  };
}

/** face-api's age/gender net (112 px) on a 1.25x face crop, loaded from its npm package. */
export async function faceApiBaseline(): Promise<Baseline | undefined> {
  const require = createRequire(import.meta.url);
  let faceapi: FaceApiModule;
  let modelDir: string;
  try {
    faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  } catch {
    return undefined; // optional peer: the report says it was not run
  }
  await faceapi.nets.ageGenderNet.loadFromDisk(modelDir);
  return {
    name: 'face-api',
    async predict(image, faces) {
      const out: HeadLabels[] = [];
      for (const f of faces) {
        const crop = cropFaces(image, [f], { scale: 1.25, shiftY: 0 }, 112);
        try {
          const r = await faceapi.nets.ageGenderNet.predictAgeAndGender(crop);
          const one = Array.isArray(r) ? r[0] : r;
          out.push({ gender: one.gender === 'male' ? 0 : 1, age: groupIndex(one.age) });
        } finally {
          crop.dispose();
        }
      }
      return out;
    },
    dispose() {
      faceapi.nets.ageGenderNet.dispose();
    },
  };
}

/**
 * Training speed on the WASM backend: its BatchMatMul is ~80x slower when an
 * input is transposed (measured: 306 ms vs 3.9 ms for [256,1024]^T x [256,128]),
 * and dense-layer gradients are exactly such products. This wraps the kernel to
 * transpose explicitly first (~25 ms). Node training only; results are identical.
 */
import * as tf from '@tensorflow/tfjs';

interface KernelParams {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}
type KernelFunc = (params: KernelParams) => tf.TensorInfo | tf.TensorInfo[];

interface Disposer {
  disposeData(dataId: object): void;
}

let installed = false;

export function installFastTransposedMatMul(): boolean {
  if (installed || tf.getBackend() !== 'wasm') return installed;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return false;
  const run = original.kernelFunc as unknown as KernelFunc;
  const swapLast = (t: tf.TensorInfo, backend: unknown) => {
    const perm = t.shape.map((_, i) => i);
    [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
    return (transpose.kernelFunc as unknown as KernelFunc)({
      inputs: { x: t },
      backend,
      attrs: { perm },
    }) as tf.TensorInfo;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (({ inputs, backend, attrs }: KernelParams) => {
      const { transposeA, transposeB } = (attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
      if (!transposeA && !transposeB) return run({ inputs, backend, attrs });
      const a = transposeA ? swapLast(inputs.a as tf.TensorInfo, backend) : (inputs.a as tf.TensorInfo);
      const b = transposeB ? swapLast(inputs.b as tf.TensorInfo, backend) : (inputs.b as tf.TensorInfo);
      try {
        return run({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      } finally {
        if (transposeA) (backend as Disposer).disposeData(a.dataId);
        if (transposeB) (backend as Disposer).disposeData(b.dataId);
      }
    }) as unknown as tf.KernelFunc,
  });
  installed = true;
  return true;
}

/**
 * Convolution gradients for the WASM backend, so backbone layers can be
 * fine-tuned in Node. WASM registers no Conv2DBackpropFilter and no depthwise
 * backprops, and its own Conv2DBackpropInput is a plain loop. These are built
 * from WASM's fast kernels (XNNPACK convolutions and matMul, C++ pad and
 * transpose); its Slice is a JS loop (~50 ms for 1.6M values) and its matMul
 * packs a changing right operand on every call, so neither carries the work:
 *
 * - input gradients are the forward convolution of the zero-dilated, padded
 *   output gradient with the flipped filter (a transposed convolution);
 * - filter gradients are a forward convolution too, with batch and channels
 *   swapped: the padded input (channels as the batch) convolved with the
 *   output gradient as the filter, dilated by the stride; a 1x1 stride-1
 *   filter gradient is one matMul.
 *
 * NHWC, dilation 1, any stride and 'same' / 'valid' / explicit padding (what
 * MobileNets use). Node training only: the app never computes gradients.
 */
import * as tf from '@tensorflow/tfjs';

type Info = tf.TensorInfo;
type Pads = [number, number][];

interface WasmBackendLike {
  disposeData(dataId: object): void;
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

type ConvPad = 'same' | 'valid' | number | Pads;

interface ConvAttrs {
  strides: number | [number, number];
  pad: ConvPad;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: string;
}

/** Runs WASM kernels on TensorInfos; every intermediate is freed by `dispose` unless `keep` took it out. */
class KernelScope {
  private readonly temps: Info[] = [];
  private readonly backend: WasmBackendLike;

  constructor(backend: unknown) {
    this.backend = backend as WasmBackendLike;
  }

  private run(kernel: string, inputs: unknown, attrs: object = {}): Info {
    const k = tf.getKernel(kernel, 'wasm');
    if (!k) throw new Error(`wasm backend has no ${kernel} kernel`);
    const out = k.kernelFunc({ inputs, backend: this.backend, attrs } as never) as Info;
    this.temps.push(out);
    return out;
  }

  /** Takes `t` out of the scope's care; an input passed through unchanged gets a reference of its own. */
  keep(t: Info): Info {
    const i = this.temps.indexOf(t);
    if (i < 0) return this.keep(this.reshape(t, t.shape));
    this.temps.splice(i, 1);
    return t;
  }

  dispose(): void {
    this.temps.forEach((t) => this.backend.disposeData(t.dataId));
    this.temps.length = 0;
  }

  reshape(x: Info, shape: number[]): Info {
    return this.run('Reshape', { x }, { shape });
  }
  transpose(x: Info, perm: number[]): Info {
    return this.run('Transpose', { x }, { perm });
  }
  /** [m, k] x [k, n]; never transposed inputs (WASM is ~10x slower with them). */
  matMul(a: Info, b: Info): Info {
    const [m, k] = a.shape;
    const n = b.shape[1];
    const r = this.run(
      'BatchMatMul',
      { a: this.reshape(a, [1, m, k]), b: this.reshape(b, [1, k, n]) },
      { transposeA: false, transposeB: false },
    );
    return this.reshape(r, [m, n]);
  }
  pad(x: Info, paddings: Pads): Info {
    return paddings.every(([a, b]) => a === 0 && b === 0)
      ? x
      : this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }
  slice(x: Info, begin: number[], size: number[]): Info {
    return begin.every((b) => b === 0) && size.every((s, i) => s === x.shape[i])
      ? x
      : this.run('Slice', { x }, { begin, size });
  }
  sum(x: Info, axis: number[]): Info {
    return this.run('Sum', { x }, { axis, keepDims: false });
  }
  reverse(x: Info, dims: number[]): Info {
    return this.run('Reverse', { x }, { dims });
  }
  /** Stride 1, 'valid', filter dilated by `dilations`. */
  conv2d(x: Info, filter: Info, dilations: [number, number] = [1, 1]): Info {
    return this.run('Conv2D', { x, filter }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations });
  }
  /** Stride 1, 'valid', filter dilated by `dilations`. */
  depthwiseConv2d(x: Info, filter: Info, dilations: [number, number] = [1, 1]): Info {
    return this.run(
      'DepthwiseConv2dNative',
      { x, filter },
      { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations },
    );
  }
}

type ConvInfo = tf.backend_util.Conv2DInfo;

function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs, depthwise: boolean): ConvInfo {
  const dilations = a.dilations ?? 1;
  if ((Array.isArray(dilations) ? dilations : [dilations]).some((d) => d !== 1))
    throw new Error('wasm convolution gradients: only dilation 1 is supported');
  if (a.dataFormat && a.dataFormat !== 'NHWC')
    throw new Error(`wasm convolution gradients: only NHWC, got ${a.dataFormat}`);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    1,
    a.pad as 'same',
    a.dimRoundingMode,
    depthwise,
  );
}

/** Zero-pads x ([n, h, w, c]) in height and width; a negative amount crops instead. */
function padOrCrop(s: KernelScope, x: Info, top: number, bottom: number, left: number, right: number): Info {
  const [n, h, w, c] = x.shape;
  const cropped = s.slice(
    x,
    [0, Math.max(0, -top), Math.max(0, -left), 0],
    [n, h - Math.max(0, -top) - Math.max(0, -bottom), w - Math.max(0, -left) - Math.max(0, -right), c],
  );
  return s.pad(cropped, [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ]);
}

/** Puts stride-1 zeros between rows and between columns: [n, h, w, c] -> [n, h*sh, w*sw, c]. */
function dilate(s: KernelScope, x: Info, sh: number, sw: number): Info {
  const [n, h, w, c] = x.shape;
  const rows =
    sh === 1
      ? x
      : s.reshape(
          s.pad(s.reshape(x, [n, h, 1, w * c]), [
            [0, 0],
            [0, 0],
            [0, sh - 1],
            [0, 0],
          ]),
          [n, h * sh, w, c],
        );
  if (sw === 1) return rows;
  return s.reshape(
    s.pad(s.reshape(rows, [n * h * sh, w, 1, c]), [
      [0, 0],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]),
    [n, h * sh, w * sw, c],
  );
}

/**
 * The output gradient laid out so that a stride-1 'valid' correlation with
 * the flipped filter gives the input gradient: zeros between its pixels for
 * the stride, then kh-1-top rows above and enough below for inHeight rows out.
 */
function transposedConvInput(s: KernelScope, dy: Info, c: ConvInfo): Info {
  const d = dilate(s, dy, c.strideHeight, c.strideWidth);
  const top = c.filterHeight - 1 - c.padInfo.top;
  const left = c.filterWidth - 1 - c.padInfo.left;
  const bottom = c.inHeight + c.filterHeight - 1 - top - d.shape[1];
  const right = c.inWidth + c.filterWidth - 1 - left - d.shape[2];
  return padOrCrop(s, d, top, bottom, left, right);
}

function padInput(s: KernelScope, x: Info, c: ConvInfo): Info {
  const p = c.padInfo;
  return s.pad(x, [
    [0, 0],
    [p.top, p.bottom],
    [p.left, p.right],
    [0, 0],
  ]);
}

function withScope(backend: unknown, f: (s: KernelScope) => Info): Info {
  const s = new KernelScope(backend);
  try {
    return s.keep(f(s));
  } finally {
    s.dispose();
  }
}

function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): Info {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
  const c = convInfo(x.shape, a.filterShape, a, false);
  return withScope(backend, (s) => {
    const xpad = padInput(s, x, c);
    if (xpad === x && c.filterHeight === 1 && c.filterWidth === 1 && c.strideHeight === 1 && c.strideWidth === 1) {
      // dW = x^T dy over all pixels, transposing the smaller operand: x^T dy or (dy^T x)^T.
      const m = c.batchSize * c.outHeight * c.outWidth;
      const xf = s.reshape(x, [m, c.inChannels]);
      const dyf = s.reshape(dy, [m, c.outChannels]);
      const dw =
        c.inChannels <= c.outChannels
          ? s.matMul(s.transpose(xf, [1, 0]), dyf)
          : s.transpose(s.matMul(s.transpose(dyf, [1, 0]), xf), [1, 0]);
      return s.reshape(dw, a.filterShape);
    }
    // dW[i, j, ci, co] = sum over n, pixels of xpad[n, o*s + i, ci] dy[n, o, co]: a convolution of
    // xpad as [ci, h, w, n] with dy as a [outH, outW, n, co] filter dilated by the stride.
    const out = s.conv2d(s.transpose(xpad, [3, 1, 2, 0]), s.transpose(dy, [1, 2, 0, 3]), [
      c.strideHeight,
      c.strideWidth,
    ]);
    const taps = s.slice(out, [0, 0, 0, 0], [c.inChannels, c.filterHeight, c.filterWidth, c.outChannels]);
    return s.transpose(taps, [1, 2, 0, 3]);
  });
}

function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs): Info {
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
  const c = convInfo(a.inputShape, filter.shape, a, false);
  return withScope(backend, (s) => {
    // [kh, kw, in, out] flipped in space, in and out swapped.
    const w = s.transpose(s.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    return s.conv2d(transposedConvInput(s, dy, c), w);
  });
}

function depthwiseBackpropFilter({ inputs, backend, attrs }: KernelArgs): Info {
  const { x, dy } = inputs as { x: Info; dy: Info };
  const a = attrs as unknown as ConvAttrs & { filterShape: number[] };
  const c = convInfo(x.shape, a.filterShape, a, true);
  const [kh, kw, ch, mult] = a.filterShape;
  const n = c.batchSize;
  return withScope(backend, (s) => {
    // dW[i, j, c, m] = sum over n, pixels of xpad[n, o*s + i, c] dy[n, o, c*mult + m]: a depthwise
    // convolution of one image with (n, c) as its channels and dy as the filter, dilated by the
    // stride, then a sum over n. (Measured: a one-hot im2col convolution with the products
    // average-pooled was slower on 7x7 maps and faster by a third on 56x56 ones.)
    const xpad = padInput(s, x, c);
    const [, hp, wp] = xpad.shape;
    const image = s.reshape(s.transpose(xpad, [1, 2, 0, 3]), [1, hp, wp, n * ch]);
    const filter = s.reshape(s.transpose(dy, [1, 2, 0, 3]), [c.outHeight, c.outWidth, n * ch, mult]);
    const out = s.depthwiseConv2d(image, filter, [c.strideHeight, c.strideWidth]);
    const taps = s.slice(out, [0, 0, 0, 0], [1, kh, kw, n * ch * mult]);
    return s.reshape(s.sum(s.reshape(taps, [kh * kw, n, ch * mult]), [1]), a.filterShape);
  });
}

function depthwiseBackpropInput({ inputs, backend, attrs }: KernelArgs): Info {
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const a = attrs as unknown as ConvAttrs & { inputShape: number[] };
  const c = convInfo(a.inputShape, filter.shape, a, true);
  const [kh, kw, ch, mult] = filter.shape;
  return withScope(backend, (s) => {
    // Each of the ch*mult output channels correlates with its own flipped tap;
    // a multiplier > 1 then sums the mult channels that came from one input channel.
    const w = s.reshape(s.reverse(filter, [0, 1]), [kh, kw, ch * mult, 1]);
    const dx = s.depthwiseConv2d(transposedConvInput(s, dy, c), w);
    if (mult === 1) return dx;
    const [n, h, wd] = dx.shape;
    return s.sum(s.reshape(dx, [n, h, wd, ch, mult]), [4]);
  });
}

const KERNELS: Record<string, (args: KernelArgs) => Info> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
};

export const WASM_GRAD_KERNELS = Object.keys(KERNELS);

let installed = false;

/**
 * Registers the four kernels for the `wasm` backend (WASM's own, slower
 * Conv2DBackpropInput is replaced). Returns whether they are in place; does
 * nothing on other backends.
 */
export function installWasmGradKernels(): boolean {
  if (installed) return true;
  if (tf.getBackend() !== 'wasm') return false;
  for (const [kernelName, kernelFunc] of Object.entries(KERNELS)) {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  installed = true;
  return true;
}

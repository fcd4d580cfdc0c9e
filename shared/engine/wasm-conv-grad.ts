/**
 * Conv2D gradient kernels for the wasm backend. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter (training
 * any conv net throws) and its Conv2DBackpropInput is a scalar loop. Both are rebuilt here on the backend's own
 * XNNPACK kernels (Transpose, BatchMatMul, Conv2D), so the heavy arithmetic runs as SIMD GEMM/IGEMM:
 *
 * - filter gradient: dW[kh,kw] = X_tap(kh,kw)ᵀ · dY, one matmul per filter tap, where X_tap is the (padded,
 *   strided) input window gathered channel-major so XNNPACK's fast non-transposed path applies;
 * - input gradient: dX = conv2d(dY zero-dilated by the stride, W spatially flipped with in/out swapped).
 *
 * Supports NHWC, any stride, SAME/VALID/explicit padding, dilation 1 (tfjs itself has no dilated conv gradients).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ValueError } from '../domain/errors.js';
import { sameShape } from '../domain/tensor-set.js';
import { dilateRows, flipTaps, gatherTap, tapRange } from './conv-grad-math.js';

type TensorInfo = tf.TensorInfo;
type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** Runs another wasm kernel directly (no engine bookkeeping: we own and dispose what it returns). */
function runWasm(name: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap, backend: BackendWasm): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new ValueError(`wasm backend has no ${name} kernel`, { field: name });
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(out)) throw new ValueError(`wasm ${name} returned several outputs`, { field: name });
  return out;
}

/** A Float32Array over a tensor's wasm memory; re-take it after every allocation (the heap may grow and move). */
function view(backend: BackendWasm, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** Validated conv geometry, with a clear error for what these kernels do not handle. */
function geometry(
  kernel: string,
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: tf.Conv2DBackpropFilterAttrs | tf.Conv2DBackpropInputAttrs,
): Conv2DInfo {
  if (attrs.dataFormat !== 'NHWC') {
    throw new ValueError(`${kernel} on wasm supports NHWC only, got ${attrs.dataFormat}`, { field: 'dataFormat' });
  }
  if (xShape.length !== 4 || filterShape.length !== 4) {
    throw new ValueError(`${kernel} on wasm needs rank-4 input and filter, got [${xShape}] and [${filterShape}]`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new ValueError(`${kernel} on wasm supports dilation 1 only`, { field: 'dilations' });
  }
  const { top, left } = info.padInfo;
  if (top >= info.filterHeight || left >= info.filterWidth) {
    throw new ValueError(`${kernel} on wasm: padding (${top}, ${left}) must be smaller than the filter`, { field: 'pad' });
  }
  return info;
}


/** dW = Σ over taps of X_tapᵀ·dY (XNNPACK fully-connected, one call per tap). */
function conv2dBackpropFilter(args: Parameters<tf.KernelFunc>[0]): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = geometry('Conv2DBackpropFilter', x.shape, attrs.filterShape, attrs);
  const [n, h, w, ci] = x.shape as [number, number, number, number];
  const { outHeight: ho, outWidth: wo, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  if (!sameShape(dy.shape, [n, ho, wo, co])) {
    throw new ValueError(`Conv2DBackpropFilter: dy is [${dy.shape}], expected [${[n, ho, wo, co]}]`, { field: 'dy' });
  }
  const m = n * ho * wo;
  const geo = { n, h, w, ho, wo, strideH: info.strideHeight, strideW: info.strideWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left };
  // Channel-major input [Ci, N, H, W]: each tap's window then fills rows of A = X_tapᵀ [Ci, M] with runs of Wo.
  const xT = runWasm('Transpose', { x }, { perm: [3, 0, 1, 2] }, backend);
  const a = backend.makeOutput([1, ci, m], 'float32');
  const dw = backend.makeOutput([kh, kw, ci, co], 'float32');
  // dY as [1, M, Co] shares dY's memory; XNNPACK packs it once and reuses it for every tap.
  const b: TensorInfo = { dataId: dy.dataId, shape: [1, m, co], dtype: 'float32' };
  let ok = false;
  try {
    for (let i = 0; i < kh; i += 1) {
      for (let j = 0; j < kw; j += 1) {
        gatherTap(view(backend, xT), view(backend, a), ci, geo, i, j, tapRange(w, wo, geo.strideW, geo.padLeft, j));
        const prod = runWasm('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }, backend);
        view(backend, dw).set(view(backend, prod), (i * kw + j) * ci * co);
        backend.disposeData(prod.dataId);
      }
    }
    ok = true;
    return dw;
  } finally {
    backend.disposeData(xT.dataId);
    backend.disposeData(a.dataId);
    if (!ok) backend.disposeData(dw.dataId);
  }
}

/** dX = conv2d(dilate(dY), flip(W)ᵀ) with "full" padding (XNNPACK convolution). */
function conv2dBackpropInput(args: Parameters<tf.KernelFunc>[0]): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = geometry('Conv2DBackpropInput', attrs.inputShape, filter.shape, attrs);
  const [n, h, w, ci] = attrs.inputShape;
  const { outHeight: ho, outWidth: wo, outChannels: co, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  if (!sameShape(dy.shape, [n, ho, wo, co])) {
    throw new ValueError(`Conv2DBackpropInput: dy is [${dy.shape}], expected [${[n, ho, wo, co]}]`, { field: 'dy' });
  }
  const hd = (ho - 1) * sh + 1;
  const wd = (wo - 1) * sw + 1;
  const padTop = kh - 1 - info.padInfo.top;
  const padLeft = kw - 1 - info.padInfo.left;
  // Rows/columns of x that no window reached get zero gradient: the bottom/right pads absorb them.
  const padBottom = h + kh - 1 - hd - padTop;
  const padRight = w + kw - 1 - wd - padLeft;
  const transposed = runWasm('Transpose', { x: filter }, { perm: [0, 1, 3, 2] }, backend);
  const flipped = backend.makeOutput([kh, kw, co, ci], 'float32');
  flipTaps(view(backend, transposed), view(backend, flipped), kh * kw, co * ci);
  backend.disposeData(transposed.dataId);
  let dilated: TensorInfo | undefined;
  try {
    if (sh > 1 || sw > 1) {
      dilated = backend.makeOutput([n, hd, wd, co], 'float32');
      dilateRows(view(backend, dy), view(backend, dilated), { n, ho, wo, c: co, strideH: sh, strideW: sw });
    }
    const dx = runWasm(
      'Conv2D',
      { x: dilated ?? dy, filter: flipped },
      {
        strides: [1, 1],
        pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
      backend,
    );
    if (!sameShape(dx.shape, [n, h, w, ci])) {
      backend.disposeData(dx.dataId);
      throw new ValueError(`Conv2DBackpropInput: computed [${dx.shape}], expected [${[n, h, w, ci]}]`, { field: 'inputShape' });
    }
    return dx;
  } finally {
    backend.disposeData(flipped.dataId);
    if (dilated) backend.disposeData(dilated.dataId);
  }
}

let registered = false;
const stockKernels = new Map<string, tf.KernelConfig>();

/** The tfjs-backend-wasm kernel that fedcxr replaced, if there was one (benchmarks compare against it). */
export function stockWasmKernel(kernelName: string): tf.KernelConfig | undefined {
  return stockKernels.get(kernelName);
}

/** Registers fedcxr's Conv2DBackpropFilter / Conv2DBackpropInput kernels for the wasm backend (idempotent). */
export function registerWasmConvGradKernels(): void {
  if (registered) return;
  for (const kernelName of [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput]) {
    const stock = tf.getKernel(kernelName, 'wasm');
    if (!stock) continue;
    stockKernels.set(kernelName, stock);
    tf.unregisterKernel(kernelName, 'wasm');
  }
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2dBackpropFilter });
  tf.registerKernel({ kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', kernelFunc: conv2dBackpropInput });
  registered = true;
}

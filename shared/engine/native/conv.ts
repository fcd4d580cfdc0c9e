/** Native Conv2D, FusedConv2D (bias + ReLU), Conv2DBackpropInput and Conv2DBackpropFilter (NHWC, HWIO filters). */
import { backend_util } from '@tensorflow/tfjs-core';
import type {
  Conv2DAttrs,
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  FusedConv2DAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { cpuKernel, f32, outputF32, present, sizeOf, withFallback, type KernelArgs } from './kernel-util.js';

/** The addon's conv geometry: [n, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, padTop, padLeft, padBottom, padRight]. */
export function convGeometry(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left, info.padInfo.bottom, info.padInfo.right,
  ];
}

/** oneDNN needs floor-rounded output sizes and no empty tensors; anything else goes to the cpu kernel. */
function nativeCanRun(info: backend_util.Conv2DInfo): boolean {
  const effH = (info.filterHeight - 1) * info.dilationHeight + 1;
  const effW = (info.filterWidth - 1) * info.dilationWidth + 1;
  const p = info.padInfo;
  const oh = Math.floor((info.inHeight - effH + p.top + p.bottom) / info.strideHeight) + 1;
  const ow = Math.floor((info.inWidth - effW + p.left + p.right) / info.strideWidth) + 1;
  return (
    oh === info.outHeight && ow === info.outWidth && p.top >= 0 && p.left >= 0 && p.bottom >= 0 && p.right >= 0 &&
    sizeOf(info.inShape) > 0 && sizeOf(info.outShape) > 0 && info.inChannels === info.filterShape[2]
  );
}

function forward(
  addon: NativeAddon,
  backend: MathBackendCPU,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  attrs: Conv2DAttrs,
  relu: boolean,
): TensorInfo | null {
  if (attrs.dataFormat !== 'NHWC') return null;
  const xs = f32(backend, x);
  const ws = f32(backend, filter);
  const bs = bias === undefined ? null : f32(backend, bias);
  if (xs === null || ws === null || (bias !== undefined && bs === null)) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  if (!nativeCanRun(info) || (bs !== null && bs.length !== info.outChannels)) return null;
  const out = outputF32(sizeOf(info.outShape));
  addon.conv2d(xs, ws, bs, out, convGeometry(info), relu);
  return backend.makeTensorInfo(info.outShape, 'float32', out);
}

/** Kernel name of the filter gradient that also returns the bias gradient: inputs x, dy; outputs [dw, db]. */
export const FILTER_BIAS_GRAD_KERNEL = 'FedcxrConv2DBackpropFilterBias';

/** The cpu backend's Conv2DBackpropFilter and Sum over N, H, W: the fallback of FILTER_BIAS_GRAD_KERNEL. */
function cpuFilterBiasGrad(): KernelFunc {
  const filterGrad = cpuKernel('Conv2DBackpropFilter');
  const sumKernel = cpuKernel('Sum');
  return ({ inputs, backend, attrs }) => {
    const dw = filterGrad({ inputs, backend, ...(attrs ? { attrs } : {}) }) as TensorInfo;
    const db = sumKernel({ inputs: { x: inputs.dy as TensorInfo }, backend, attrs: { axis: [0, 1, 2], keepDims: false } }) as TensorInfo;
    return [dw, db];
  };
}

/** The filter gradient dw of a conv (and with `withBias` also the bias gradient db: [dw, db]); null → cpu kernel. */
function filterGrad(addon: NativeAddon, backend: MathBackendCPU, { inputs, attrs }: KernelArgs, withBias: boolean): TensorInfo | TensorInfo[] | null {
  const { x, dy } = inputs;
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (x === undefined || dy === undefined || a.dataFormat !== 'NHWC') return null;
  const xs = f32(backend, x);
  const dys = f32(backend, dy);
  if (xs === null || dys === null) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode,
    false, 'channelsLast',
  );
  if (!nativeCanRun(info) || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
  const dw = outputF32(sizeOf(a.filterShape));
  if (!withBias) {
    addon.conv2dBackpropFilter(xs, dys, dw, convGeometry(info));
    return backend.makeTensorInfo(a.filterShape, 'float32', dw);
  }
  const db = outputF32(info.outChannels);
  addon.conv2dBackpropFilter(xs, dys, dw, convGeometry(info), db);
  return [backend.makeTensorInfo(a.filterShape, 'float32', dw), backend.makeTensorInfo([info.outChannels], 'float32', db)];
}

/** Kernel configs for the conv family, registered for `backendName`. */
export function convKernels(addon: NativeAddon, backendName: string): KernelConfig[] {
  return [
    {
      kernelName: 'Conv2D',
      backendName,
      kernelFunc: withFallback('Conv2D', ({ inputs, attrs }, backend) => {
        const { x, filter } = inputs;
        if (x === undefined || filter === undefined) return null;
        return forward(addon, backend, x, filter, undefined, attrs as unknown as Conv2DAttrs, false);
      }),
    },
    {
      kernelName: 'FusedConv2D',
      backendName,
      kernelFunc: withFallback('FusedConv2D', ({ inputs, attrs }, backend) => {
        const { x, filter, bias, preluActivationWeights } = inputs;
        const a = attrs as unknown as FusedConv2DAttrs;
        if (x === undefined || filter === undefined || present(preluActivationWeights)) return null;
        if (a.activation !== 'linear' && a.activation !== 'relu') return null;
        // Bias must be one value per output channel ([oc], or [1, 1, 1, oc] and the like).
        if (present(bias) && sizeOf(bias.shape) !== bias.shape[bias.shape.length - 1]) return null;
        return forward(addon, backend, x, filter, present(bias) ? bias : undefined, a, a.activation === 'relu');
      }),
    },
    {
      kernelName: 'Conv2DBackpropInput',
      backendName,
      kernelFunc: withFallback('Conv2DBackpropInput', ({ inputs, attrs }, backend) => {
        const { dy, filter } = inputs;
        const a = attrs as unknown as Conv2DBackpropInputAttrs;
        if (dy === undefined || filter === undefined || a.dataFormat !== 'NHWC') return null;
        const dys = f32(backend, dy);
        const ws = f32(backend, filter);
        if (dys === null || ws === null) return null;
        const info = backend_util.computeConv2DInfo(
          a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode,
          false, 'channelsLast',
        );
        if (!nativeCanRun(info) || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
        const dx = outputF32(sizeOf(info.inShape));
        addon.conv2dBackpropInput(dys, ws, dx, convGeometry(info));
        return backend.makeTensorInfo(info.inShape, 'float32', dx);
      }),
    },
    {
      kernelName: 'Conv2DBackpropFilter',
      backendName,
      kernelFunc: withFallback('Conv2DBackpropFilter', (args, backend) => filterGrad(addon, backend, args, false)),
    },
    {
      kernelName: FILTER_BIAS_GRAD_KERNEL,
      backendName,
      kernelFunc: withFallback(FILTER_BIAS_GRAD_KERNEL, (args, backend) => filterGrad(addon, backend, args, true), cpuFilterBiasGrad()),
    },
  ];
}

/** Native MaxPool and MaxPoolGrad (NHWC). */
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, MaxPoolAttrs, MaxPoolGradAttrs } from '@tensorflow/tfjs-core';
import type { NativeAddon } from './addon.js';
import { f32, outputF32, sizeOf, withFallback } from './kernel-util.js';

/** The addon's pool geometry: [n, ih, iw, c, oh, ow, kh, kw, sh, sw, padTop, padLeft, padBottom, padRight]. */
export function poolGeometry(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.padInfo.top, info.padInfo.left, info.padInfo.bottom, info.padInfo.right,
  ];
}

/** Pool info when oneDNN can run it (floor-rounded sizes, no empty tensors, 4-D input), else null. */
function poolInfo(shape: readonly number[], attrs: MaxPoolAttrs): backend_util.Conv2DInfo | null {
  if (shape.length !== 4 || sizeOf(shape) === 0) return null;
  const info = backend_util.computePool2DInfo(
    shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  const p = info.padInfo;
  const oh = Math.floor((info.inHeight - info.filterHeight + p.top + p.bottom) / info.strideHeight) + 1;
  const ow = Math.floor((info.inWidth - info.filterWidth + p.left + p.right) / info.strideWidth) + 1;
  // A window lying wholly in the padding has no max: tfjs and oneDNN disagree there, so leave it to tfjs.
  const padOk = p.top < info.filterHeight && p.bottom < info.filterHeight && p.left < info.filterWidth && p.right < info.filterWidth;
  const ok = oh === info.outHeight && ow === info.outWidth && sizeOf(info.outShape) > 0 && padOk &&
    p.top >= 0 && p.left >= 0 && p.bottom >= 0 && p.right >= 0;
  return ok ? info : null;
}

/** Kernel configs for max pooling, registered for `backendName`. */
export function poolKernels(addon: NativeAddon, backendName: string): KernelConfig[] {
  return [
    {
      kernelName: 'MaxPool',
      backendName,
      kernelFunc: withFallback('MaxPool', ({ inputs, attrs }, backend) => {
        const { x } = inputs;
        const xs = f32(backend, x);
        if (x === undefined || xs === null) return null;
        const info = poolInfo(x.shape, attrs as unknown as MaxPoolAttrs);
        if (info === null) return null;
        const y = outputF32(sizeOf(info.outShape));
        addon.maxPool(xs, y, poolGeometry(info));
        return backend.makeTensorInfo(info.outShape, 'float32', y);
      }),
    },
    {
      kernelName: 'MaxPoolGrad',
      backendName,
      kernelFunc: withFallback('MaxPoolGrad', ({ inputs, attrs }, backend) => {
        const { dy, input } = inputs;
        const dys = f32(backend, dy);
        const xs = f32(backend, input);
        if (dy === undefined || input === undefined || dys === null || xs === null) return null;
        const info = poolInfo(input.shape, attrs as unknown as MaxPoolGradAttrs);
        if (info === null || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
        const dx = outputF32(xs.length);
        addon.maxPoolGrad(dys, xs, dx, poolGeometry(info));
        return backend.makeTensorInfo(input.shape, 'float32', dx);
      }),
    },
  ];
}

/**
 * ReLU's gradient in one native pass. tfjs computes it as dy · step(x) — two kernels, each reading and writing a
 * whole activation — for every trainable conv layer (layers only fuse bias + ReLU into the conv outside gradient
 * mode). `FedcxrReluGrad` is a kernel of the native backend only; the registered Relu gradient uses it when that
 * backend is active and tfjs' own expression everywhere else.
 */
import { cast, engine, getBackend, getGradient, mul, registerGradient, step } from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon.js';
import { cpuKernel, f32, outputF32, sizeOf, withFallback } from './kernel-util.js';

/** Kernel name of the fused ReLU gradient (inputs dy and x of the same shape). */
export const RELU_GRAD_KERNEL = 'FedcxrReluGrad';

/** dy · step(x) with the cpu backend's kernels: the fused kernel's fallback (other dtypes). */
function cpuReluGrad(): KernelFunc {
  const stepKernel = cpuKernel('Step');
  const mulKernel = cpuKernel('Multiply');
  return ({ inputs, backend }) => {
    const cpu = backend as MathBackendCPU;
    const s = stepKernel({ inputs: { x: inputs.x as TensorInfo }, backend, attrs: { alpha: 0 } }) as TensorInfo;
    const out = mulKernel({ inputs: { a: inputs.dy as TensorInfo, b: s }, backend }) as TensorInfo;
    cpu.disposeIntermediateTensorInfo(s);
    return out;
  };
}

/** The fused kernel for `backendName`; falls back to the cpu backend's Multiply·Step when it cannot run natively. */
export function reluGradKernel(addon: NativeAddon, backendName: string): KernelConfig {
  return {
    kernelName: RELU_GRAD_KERNEL,
    backendName,
    kernelFunc: withFallback(RELU_GRAD_KERNEL, ({ inputs }, backend) => {
      const { dy, x } = inputs;
      const dyv = f32(backend, dy);
      const xv = f32(backend, x);
      if (dy === undefined || x === undefined || dyv === null || xv === null || dyv.length !== xv.length) return null;
      if (dy.shape.length !== x.shape.length || dy.shape.some((d, i) => d !== x.shape[i])) return null;
      const out = outputF32(sizeOf(x.shape));
      addon.reluGrad(dyv, xv, out);
      return backend.makeTensorInfo(x.shape, 'float32', out);
    }, cpuReluGrad()),
  };
}

/**
 * dy · step(x): one `RELU_GRAD_KERNEL` call while `backendName` is active (float32), tfjs' own expression
 * (tfjs-core gradients/Relu_grad) elsewhere. Shared by the Relu gradient and the fused conv + ReLU gradient.
 */
export function reluGradient(dy: Tensor, x: Tensor, backendName: string): Tensor {
  if (getBackend() === backendName && x.dtype === 'float32' && dy.dtype === 'float32') {
    return engine().runKernel(RELU_GRAD_KERNEL, { dy, x }) as Tensor;
  }
  return mul(dy, step(cast(x, 'float32')));
}

/** Makes the Relu gradient use `RELU_GRAD_KERNEL` while `backendName` is the active backend. Idempotent. */
export function registerNativeReluGradient(backendName: string): void {
  if ((getGradient('Relu') as (GradConfig & { fedcxr?: true }) | undefined)?.fedcxr) return;
  const config: GradConfig & { fedcxr: true } = {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    fedcxr: true,
    gradFunc: (dy, saved) => ({ x: () => reluGradient(dy as Tensor, saved[0] as Tensor, backendName) }),
  };
  registerGradient(config);
}

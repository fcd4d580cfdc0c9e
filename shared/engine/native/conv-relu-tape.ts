/**
 * Conv + bias + ReLU as one kernel under the gradient tape. tfjs fuses them (`FusedConv2D`) only outside gradient
 * mode; while training, every trainable conv layer runs Conv2D, Add and Relu as three kernels, each writing a whole
 * activation. On the native engine `fuseConvReluUnderTape` makes a VGG16 conv layer call `FusedConv2D` directly
 * in gradient mode too, and `registerFusedConvGradient` gives that kernel its gradient: ReLU's gradient from the
 * saved output, then the input gradient (only when the tape needs it) and the filter and bias gradients (on this
 * engine in one oneDNN pass).
 */
import { engine, getBackend, getGradient, registerGradient, sum } from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import type * as tf from '@tensorflow/tfjs';
import { FILTER_BIAS_GRAD_KERNEL } from './conv.js';
import { reluGradient } from './relu-grad.js';

/** The parts of a tfjs-layers Conv2D layer this module reads (public fields of the layer object). */
interface ConvLayerFields {
  kernel: { read(): Tensor } | null;
  bias: { read(): Tensor } | null;
  useBias: boolean;
  strides: number[];
  padding: 'valid' | 'same';
  dataFormat: string;
  dilationRate: number[] | number;
  activation: { getClassName(): string } | null;
  call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor | Tensor[];
}

/** Gradient of `FusedConv2D` with bias and a linear or ReLU activation (NHWC, no dilation). */
export function registerFusedConvGradient(backendName: string): void {
  if ((getGradient('FusedConv2D') as (GradConfig & { fedcxr?: true }) | undefined)?.fedcxr) return;
  const config: GradConfig & { fedcxr: true } = {
    kernelName: 'FusedConv2D',
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    fedcxr: true,
    gradFunc: (dy, saved, attrs: NamedAttrMap) => {
      const [x, filter, y] = saved as [Tensor, Tensor, Tensor];
      const d = dy as Tensor;
      const { strides, pad, dimRoundingMode, activation } = attrs as unknown as {
        strides: [number, number];
        pad: 'valid' | 'same';
        dimRoundingMode?: 'floor' | 'round' | 'ceil';
        activation: string;
      };
      if (activation !== 'relu' && activation !== 'linear') throw new Error(`no gradient for fused activation ${activation}`);
      // y = relu(z) > 0 exactly where z > 0, so the saved output gives ReLU's gradient. Computed once here (the
      // tape keeps every gradient until the backward pass ends anyway) and shared by the three input gradients.
      const dz = activation === 'relu' ? reluGradient(d, y, backendName) : d;
      const common: NamedAttrMap = { strides, pad, dataFormat: 'NHWC', ...(dimRoundingMode ? { dimRoundingMode } : {}) };
      const dx = (): Tensor => engine().runKernel('Conv2DBackpropInput', { dy: dz, filter }, { ...common, inputShape: x.shape }) as Tensor;
      if (getBackend() === backendName) {
        // One native pass gives the filter and the bias gradients (both always needed: they are the layer's variables).
        const [dw, db] = engine().runKernel(FILTER_BIAS_GRAD_KERNEL, { x, dy: dz }, { ...common, filterShape: filter.shape }) as Tensor[];
        return { x: dx, filter: () => dw as Tensor, bias: () => db as Tensor };
      }
      return {
        x: dx,
        filter: () => engine().runKernel('Conv2DBackpropFilter', { x, dy: dz }, { ...common, filterShape: filter.shape }) as Tensor,
        bias: () => sum(dz, [0, 1, 2]),
      };
    },
  };
  registerGradient(config);
}

/**
 * Makes a Conv2D layer with bias and ReLU (as VGG16's) run one `FusedConv2D` kernel in gradient mode while
 * `backendName` is active; elsewhere, and outside gradient mode, the layer's own `call` runs. Idempotent.
 */
export function fuseConvReluUnderTape(layer: tf.layers.Layer, backendName: string): void {
  const conv = layer as unknown as ConvLayerFields & { fedcxrFused?: true };
  if (conv.fedcxrFused || layer.getClassName() !== 'Conv2D') return;
  const dilation = Array.isArray(conv.dilationRate) ? conv.dilationRate : [conv.dilationRate, conv.dilationRate];
  const fusable =
    conv.useBias && conv.activation?.getClassName() === 'relu' && conv.dataFormat === 'channelsLast' && dilation.every((r) => r === 1);
  if (!fusable) return;
  const own = conv.call.bind(layer);
  conv.fedcxrFused = true;
  conv.call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (engine().state.gradientDepth === 0 || getBackend() !== backendName || x === undefined || !conv.kernel || !conv.bias) {
      return own(inputs, kwargs);
    }
    return engine().runKernel(
      'FusedConv2D',
      { x, filter: conv.kernel.read(), bias: conv.bias.read() },
      { strides: conv.strides, pad: conv.padding, dataFormat: 'NHWC', dilations: [1, 1], activation: 'relu' },
    ) as Tensor;
  };
}

/** Applies `fuseConvReluUnderTape` to every layer of `model` (others are left alone). */
export function fuseModelConvs(model: tf.LayersModel, backendName: string): void {
  for (const layer of model.layers) fuseConvReluUnderTape(layer, backendName);
}

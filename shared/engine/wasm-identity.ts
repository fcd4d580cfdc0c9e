/**
 * A zero-copy Identity kernel for the wasm backend. tfjs-core clones (Identity) every tensor a kernel saves for
 * its gradient; the stock wasm Identity copies the bytes, so training kept a second copy of every activation and
 * every conv filter in the 4 GB heap. Sharing the buffer by reference count, as the cpu backend does, is safe
 * because wasm kernels never write into their inputs (every output is a fresh `makeOutput`).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

let stock: tf.KernelConfig | undefined;
let registered = false;

/** Identity that shares `x`'s buffer (strings keep the stock path). */
function identityShared(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const x = args.inputs.x;
  if (!x || x.dtype === 'string') {
    if (!stock) throw new Error('wasm Identity: no stock kernel for string tensors');
    return stock.kernelFunc(args);
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Replaces the wasm backend's copying Identity with the shared-buffer one (idempotent). */
export function registerWasmZeroCopyIdentity(): void {
  if (registered) return;
  stock = tf.getKernel(tf.Identity, 'wasm');
  if (stock) tf.unregisterKernel(tf.Identity, 'wasm');
  tf.registerKernel({ kernelName: tf.Identity, backendName: 'wasm', kernelFunc: identityShared });
  registered = true;
}

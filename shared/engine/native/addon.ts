/**
 * Typed loader for the `fedcxr-native` Node-API addon (native/fedcxr-native): finds it as the installed
 * optional dependency or, in a source checkout, next to the repo (or where FEDCXR_NATIVE_PATH points); throws
 * UnavailableError saying why not.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { UnavailableError, errorMessage } from '../../domain/errors.js';

/** The addon's functions. Every kernel writes into a caller-allocated Float32Array (no copies). */
export interface NativeAddon {
  /** y = conv(x NHWC, w HWIO) (+ bias[oc]) (ReLU); geom = ConvGeom (17 ints, see conv.ts). */
  conv2d(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, geom: number[], relu: boolean): void;
  /** dx = conv backward-data(dy, w). */
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geom: number[]): void;
  /** dw (HWIO) = conv backward-weights(x, dy); with `db`, also db[oc] = Σ dy over batch, rows and columns. */
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geom: number[], db?: Float32Array): void;
  /** y = maxpool(x NHWC); geom = PoolGeom (14 ints). */
  maxPool(x: Float32Array, y: Float32Array, geom: number[]): void;
  /** dx = maxpool backward(dy) routed to the argmax of each window of x. */
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, geom: number[]): void;
  /** c[b] = op(a[b % batchA]) · op(b[b % batchB]) (+ bias[n]) (ReLU); geom = [batch, batchA, batchB, m, n, k, transA, transB]. */
  matMul(a: Float32Array, b: Float32Array, c: Float32Array, bias: Float32Array | null, geom: number[], relu: boolean): void;
  /** out = a op b (op 0 add, 1 sub, 2 mul, 3 div); mode 0 same shape, 1 a scalar, 2 b scalar, 3 b repeated over rows of `inner`, 4 a repeated. */
  binary(op: number, mode: number, a: Float32Array, b: Float32Array, out: Float32Array, inner: number): void;
  /** out = f(x) (op 0 relu, 1 step(alpha), 2 sqrt, 3 square, 4 neg). */
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): void;
  /** out[o, j] = scale · Σ_r x[o, r, j] with geom = [outer, reduced, inner]. */
  reduceSum(x: Float32Array, out: Float32Array, geom: number[], scale: number): void;
  /** out = x > 0 ? dy : 0 — ReLU's gradient in one pass (tfjs: dy · step(x), two ops). */
  reluGrad(dy: Float32Array, x: Float32Array, out: Float32Array): void;
  /**
   * One fused Adam step: updates the moments m, v in place and writes the new weights to `out`, with the float32
   * scalars [β1, β2, 1−β1, 1−β2, 1−β1ᵗ, 1−β2ᵗ, ε, −lr] (see native-adam.ts).
   */
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, out: Float32Array, scalars: number[]): void;
  /**
   * FedAvg's mean: out = float32((0 + w₀·x₀ + … ) / total), float64 in source order, bit-identical to
   * shared/federation/mean-kernels.ts. Absent from builds older than this function (callers feature-test it).
   */
  weightedMean?(out: Float32Array, srcs: readonly Float32Array[], weights: readonly number[], total: number): void;
  /**
   * The direction check's running sums over one tensor, added into acc (2K + 1: Σ dx·dy per update, Σ dx² per
   * update, Σ dy²), bit-identical to shared/federation/median-direction.ts. Absent from older builds.
   */
  directionSums?(xs: readonly Float32Array[], global: Float32Array, acc: Float64Array): void;
  /**
   * The acceptance check's pass: the index of x's first non-finite value, or −1 after adding Σ (x − g)² onto
   * acc[0], bit-identical to coordinator/acceptance.ts. Absent from older builds.
   */
  finiteSquaredDistance?(x: Float32Array, global: Float32Array, acc: Float64Array): number;
  /** Sets the OpenMP thread count oneDNN uses. */
  setThreads(threads: number): void;
  /** Keeps large buffers in the malloc heap for reuse (mallopt): tensors stop page-faulting fresh mmap-ed memory. */
  keepLargeAllocations(): void;
  /** OpenMP threads currently in use. */
  getThreads(): number;
  /** Conv activations: 0 NHWC (no reorders); 1 oneDNN's blocked layouts (reorders around each op); 2 auto (blocked, except the forward of convs with < 8 input channels). */
  setLayout(mode: 0 | 1 | 2): void;
  /** Conv and matmul precision: 0 fp32; 1 bf16 operands, fp32 accumulation and outputs (throws without native bf16). */
  setPrecision(mode: 0 | 1): void;
  /** The precision in use (0 fp32, 1 bf16). */
  getPrecision(): number;
  /** oneDNN's effective ISA and whether it has native bf16 dot products. */
  cpuSupport(): { isa: string; bf16: boolean };
  /** e.g. "oneDNN 2.6.3 (OpenMP, avx2)". */
  version(): string;
  /** Cached primitives and scratch-arena bytes. */
  stats(): { cachedPrimitives: number; arenaBytes: number };
  /** Frees cached primitives and scratch arenas. */
  release(): void;
}

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
/** The package inside this checkout (used when the optional dependency link is absent, e.g. in a dev tree). */
const repoPackage = resolve(here, '../../../native/fedcxr-native/index.js');

let cached: NativeAddon | undefined;

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

/** Loads the addon once; throws UnavailableError with the build's own reason when it was not built. */
export function loadAddon(): NativeAddon {
  if (cached) return cached;
  if (process.env.FEDCXR_NATIVE_DISABLE === '1') throw new UnavailableError('disabled by FEDCXR_NATIVE_DISABLE=1');
  let mod: unknown;
  // A build elsewhere (e.g. a worktree's own build while node_modules links another checkout's): its package
  // directory, relative to the working directory.
  const override = process.env.FEDCXR_NATIVE_PATH;
  if (override) {
    try {
      mod = require(resolve(override));
    } catch (err) {
      throw unavailable(err);
    }
    cached = mod as NativeAddon;
    return cached;
  }
  try {
    mod = require('fedcxr-native');
  } catch (err) {
    if (!isNotFound(err) || !errorMessage(err).includes("'fedcxr-native'")) throw unavailable(err);
    try {
      mod = require(repoPackage);
    } catch (err2) {
      throw unavailable(err2);
    }
  }
  cached = mod as NativeAddon;
  return cached;
}

function unavailable(err: unknown): UnavailableError {
  return new UnavailableError(
    `${errorMessage(err)} (install oneDNN with \`apt-get install libdnnl-dev g++ make python3\`, then \`npm rebuild fedcxr-native\`)`,
    { cause: err },
  );
}

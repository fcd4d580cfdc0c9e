// Shared pieces of the fedcxr-native addon: the oneDNN engine/stream, scratch arenas, and shape keys.
#pragma once
#include <dnnl.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fedcxr {

using dnnl::memory;
using dims = memory::dims;

/** The process-wide CPU engine (one per addon instance; Node calls us from one thread). */
dnnl::engine& cpu_engine();
/** The in-order stream every primitive runs on. */
dnnl::stream& cpu_stream();

/** How activations are laid out for oneDNN: 0 = plain NHWC (no reorders), 1 = let oneDNN pick (reorders). */
int layout_mode();
void set_layout_mode(int mode);

/**
 * Narrowest contraction or output width that runs in bf16 in bf16 mode. Narrower products keep fp32 operands: the
 * first convolution (the image's own 1–3 channels, whose pixel values bf16 would round) and the logit layer (one
 * output). They are a sliver of the compute, and AMX pads them to 16–32 lanes anyway; in fp32 they keep the
 * input pixels and the logit's own gradient unrounded.
 */
constexpr int64_t kBf16MinWidth = 16;
/** Compute precision of convolutions and matmuls: 0 = fp32; 1 = bf16 inputs with fp32 accumulation and fp32
 *  outputs (tensors, master weights and optimiser state stay fp32; only the primitives' operands are rounded). */
int precision_mode();
/** Sets the precision; throws std::runtime_error for bf16 when oneDNN has no native bf16 ISA on this CPU. */
void set_precision_mode(int mode);
/** Whether oneDNN's effective ISA has native bf16 dot products (AVX512-BF16 or AMX-BF16). */
bool bf16_supported();
/** oneDNN's effective ISA as a name, e.g. "avx512_core_amx". */
const char* effective_isa_name();

/**
 * Scratch arenas: primitives run one after another, so one growable 64-byte-aligned buffer per role is enough
 * and bounds the extra memory to the largest layer instead of the sum over all cached shapes.
 */
enum ArenaSlot { kArenaSrc = 0, kArenaWei, kArenaDst, kArenaScratchpad, kArenaWorkspace, kArenaCount };
void* arena(ArenaSlot slot, size_t bytes);
/** Frees every arena (called when the tfjs backend is disposed). */
void release_arenas();
/** Bytes currently held by the arenas. */
size_t arena_bytes();

/** A compact cache key from a tag and integer dims. */
inline std::string make_key(char tag, const std::vector<int64_t>& v) {
  std::string k(1, tag);
  k.reserve(1 + v.size() * 8);
  for (int64_t x : v) {
    k.append(reinterpret_cast<const char*>(&x), sizeof(x));
  }
  return k;
}

/** Conv geometry in tfjs terms (NHWC activations, HWIO filters, dilation as tfjs gives it: 1 = dense). */
struct ConvGeom {
  int64_t n, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
  std::vector<int64_t> vec() const { return {n, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr}; }
};

/** Pool geometry (NHWC). */
struct PoolGeom {
  int64_t n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr;
  std::vector<int64_t> vec() const { return {n, ih, iw, c, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr}; }
};

void conv2d_forward(const ConvGeom& g, const float* x, const float* w, const float* bias, float* y, bool relu);
void conv2d_backward_data(const ConvGeom& g, const float* dy, const float* w, float* dx);
/** dw = backward-weights(x, dy); with db != nullptr also db[oc] = Σ_{n,h,w} dy in the same primitive. */
void conv2d_backward_weights(const ConvGeom& g, const float* x, const float* dy, float* dw, float* db);
void maxpool_forward(const PoolGeom& g, const float* x, float* y);
void maxpool_backward(const PoolGeom& g, const float* dy, const float* x, float* dx);

/** C[b] = op(A[b % batchA]) · op(B[b % batchB]) (+ bias[N]) (relu), row-major. */
void batch_matmul(int64_t batch, int64_t batch_a, int64_t batch_b, int64_t m, int64_t n, int64_t k, bool trans_a,
                  bool trans_b, const float* a, const float* b, float* c, const float* bias, bool relu);

/** out = a op b; op: 0 add, 1 sub, 2 mul, 3 div; mode: 0 same shape, 1 a scalar, 2 b scalar,
 *  3 b (inner elements) repeated over a's rows, 4 a repeated over b's rows. n = output elements. */
void binary_op(int op, int mode, const float* a, const float* b, float* out, int64_t n, int64_t inner);
/** out = f(x); op: 0 relu, 1 step(alpha), 2 sqrt, 3 square, 4 neg. */
void unary_op(int op, const float* x, float* out, int64_t n, float alpha);
/** out[o, j] = scale * sum_r x[o, r, j] (float64 accumulation). */
void reduce_sum(const float* x, float* out, int64_t outer, int64_t red, int64_t inner, float scale);

/** out = x > 0 ? dy : 0 (NaN in x gives NaN, as tfjs' dy·step(x)). */
void relu_grad(const float* dy, const float* x, float* out, int64_t n);

/** Scalars of one Adam step, already rounded to float32 as tfjs holds them. */
struct AdamStep {
  float beta1, beta2, one_minus_beta1, one_minus_beta2, one_minus_acc_beta1, one_minus_acc_beta2, epsilon, neg_lr;
};
/** One Adam step over n values: updates the moments m, v in place and writes the new weights to out. */
void adam_update(const AdamStep& s, const float* w, const float* g, float* m, float* v, float* out, int64_t n);

/** FedAvg's weighted mean of k sources of n floats: float32((0 + w₀·x₀ + … + w_{k−1}·x_{k−1}) / total), float64 in
 *  site order (bit-identical to shared/federation/mean-kernels.ts). */
void weighted_mean(const float* const* src, const double* w, int64_t k, double total, float* out, int64_t n);

// The direction check's running sums for one tensor (direction.cc): acc holds 2K + 1 doubles, updated in place.
void direction_sums(const float* const* xs, int64_t k, const float* g, int64_t n, double* acc);

// Acceptance's pass (distance.cc): the first non-finite index of x, or −1 after adding Σ (x − g)² onto *acc.
int64_t finite_squared_distance(const float* x, const float* g, int64_t n, double* acc);

/** Number of cached primitives (all kinds). */
size_t cached_primitives();
void clear_primitive_caches();

}  // namespace fedcxr

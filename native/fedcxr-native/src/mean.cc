// FedAvg's weighted mean: out[j] = float32(((0 + w₀·x₀[j]) + w₁·x₁[j] + …) / total), every product and sum in
// float64 in site order — exactly the operations, in exactly the order, of shared/federation/mean-kernels.ts, so
// the two give the same bits. What makes that hold: no fast-math, -ffp-contract=off (binding.gyp: no fused
// multiply-add may merge a product into its sum), the leading `0.0 +` kept (it turns −0 into +0, and without
// -fno-signed-zeros the compiler may not drop it), a true division (not a multiply by 1/total: that rounds
// differently), and one float64 → float32 rounding (to nearest even) at the store, as a Float32Array store does.
// Vectorising across elements j reorders nothing within an element. Single-threaded: the loop is memory-bound.
#include <algorithm>
#include <cstdint>

#include "common.hh"

namespace fedcxr {

namespace {

// float64 partial sums per block for K ≥ 4: 32 KiB, stays in L1/L2 while every site's slice is added.
constexpr int64_t kBlock = 4096;

#define FEDCXR_CLONES __attribute__((target_clones("avx2", "default")))

FEDCXR_CLONES void mean1(const float* a, double wa, double total, float* out, int64_t n) {
  for (int64_t j = 0; j < n; ++j) out[j] = static_cast<float>((0.0 + wa * a[j]) / total);
}

FEDCXR_CLONES void mean2(const float* a, const float* b, double wa, double wb, double total, float* out, int64_t n) {
  for (int64_t j = 0; j < n; ++j) out[j] = static_cast<float>((0.0 + wa * a[j] + wb * b[j]) / total);
}

FEDCXR_CLONES void mean3(const float* a, const float* b, const float* c, double wa, double wb, double wc, double total,
                         float* out, int64_t n) {
  for (int64_t j = 0; j < n; ++j) out[j] = static_cast<float>((0.0 + wa * a[j] + wb * b[j] + wc * c[j]) / total);
}

FEDCXR_CLONES void block_first(double* acc, const float* x, double w, int64_t m) {
  for (int64_t i = 0; i < m; ++i) acc[i] = 0.0 + w * x[i];
}

FEDCXR_CLONES void block_add(double* acc, const float* x, double w, int64_t m) {
  for (int64_t i = 0; i < m; ++i) acc[i] = acc[i] + w * x[i];
}

FEDCXR_CLONES void block_last(const double* acc, const float* x, double w, double total, float* out, int64_t m) {
  for (int64_t i = 0; i < m; ++i) out[i] = static_cast<float>((acc[i] + w * x[i]) / total);
}

}  // namespace

void weighted_mean(const float* const* src, const double* w, int64_t k, double total, float* out, int64_t n) {
  if (k == 1) return mean1(src[0], w[0], total, out, n);
  if (k == 2) return mean2(src[0], src[1], w[0], w[1], total, out, n);
  if (k == 3) return mean3(src[0], src[1], src[2], w[0], w[1], w[2], total, out, n);
  alignas(64) double acc[kBlock];
  for (int64_t start = 0; start < n; start += kBlock) {
    const int64_t m = std::min(kBlock, n - start);
    block_first(acc, src[0] + start, w[0], m);
    for (int64_t s = 1; s < k - 1; ++s) block_add(acc, src[s] + start, w[s], m);
    block_last(acc, src[k - 1] + start, w[k - 1], total, out + start, m);
  }
}

}  // namespace fedcxr

// Elementwise ops and contiguous-axis reductions: the memory-bound glue between convolutions (bias add, ReLU
// and its gradient, Adam's update arithmetic, bias gradients) that tfjs' cpu backend runs in single-threaded JS.
#include <cmath>
#include <stdexcept>
#include <vector>

#include <omp.h>

#include "common.hh"

namespace fedcxr {

namespace {

// Below this many elements one thread is faster than waking the OpenMP team.
constexpr int64_t kParallelMin = 1 << 15;

template <typename Op>
void binary_loop(int mode, const float* a, const float* b, float* out, int64_t n, int64_t inner, Op op) {
  switch (mode) {
    case 0:  // same shape
#pragma omp parallel for schedule(static) if (n > kParallelMin)
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], b[i]);
      break;
    case 1: {  // a is a scalar
      const float s = a[0];
#pragma omp parallel for schedule(static) if (n > kParallelMin)
      for (int64_t i = 0; i < n; ++i) out[i] = op(s, b[i]);
      break;
    }
    case 2: {  // b is a scalar
      const float s = b[0];
#pragma omp parallel for schedule(static) if (n > kParallelMin)
      for (int64_t i = 0; i < n; ++i) out[i] = op(a[i], s);
      break;
    }
    case 3: {  // b repeats along the leading dims of a (a bias over the last dims)
      const int64_t rows = n / inner;
#pragma omp parallel for schedule(static) if (n > kParallelMin)
      for (int64_t r = 0; r < rows; ++r) {
        const float* ar = a + r * inner;
        float* o = out + r * inner;
        for (int64_t j = 0; j < inner; ++j) o[j] = op(ar[j], b[j]);
      }
      break;
    }
    case 4: {  // a repeats along the leading dims of b
      const int64_t rows = n / inner;
#pragma omp parallel for schedule(static) if (n > kParallelMin)
      for (int64_t r = 0; r < rows; ++r) {
        const float* br = b + r * inner;
        float* o = out + r * inner;
        for (int64_t j = 0; j < inner; ++j) o[j] = op(a[j], br[j]);
      }
      break;
    }
    default:
      throw std::invalid_argument("bad broadcast mode");
  }
}

template <typename Op>
void unary_loop(const float* x, float* out, int64_t n, Op op) {
#pragma omp parallel for simd schedule(static) if (n > kParallelMin)
  for (int64_t i = 0; i < n; ++i) out[i] = op(x[i]);
}

}  // namespace

void binary_op(int op, int mode, const float* a, const float* b, float* out, int64_t n, int64_t inner) {
  switch (op) {
    case 0: binary_loop(mode, a, b, out, n, inner, [](float p, float q) { return p + q; }); break;
    case 1: binary_loop(mode, a, b, out, n, inner, [](float p, float q) { return p - q; }); break;
    case 2: binary_loop(mode, a, b, out, n, inner, [](float p, float q) { return p * q; }); break;
    case 3: binary_loop(mode, a, b, out, n, inner, [](float p, float q) { return p / q; }); break;
    default: throw std::invalid_argument("bad binary op");
  }
}

void unary_op(int op, const float* x, float* out, int64_t n, float alpha) {
  switch (op) {
    // Same NaN behaviour as tfjs' cpu kernels: relu keeps NaN, step maps NaN to NaN.
    case 0: unary_loop(x, out, n, [](float v) { return v < 0.f ? 0.f : v; }); break;
    case 1: unary_loop(x, out, n, [alpha](float v) { return v != v ? v : (v > 0.f ? 1.f : alpha); }); break;  // v != v: NaN stays NaN
    case 2: unary_loop(x, out, n, [](float v) { return std::sqrt(v); }); break;
    case 3: unary_loop(x, out, n, [](float v) { return v * v; }); break;
    case 4: unary_loop(x, out, n, [](float v) { return -v; }); break;
    default: throw std::invalid_argument("bad unary op");
  }
}

void relu_grad(const float* dy, const float* x, float* out, int64_t n) {
#pragma omp parallel for simd schedule(static) if (n > kParallelMin)
  for (int64_t i = 0; i < n; ++i) {
    // Branch-free so it vectorises: step(x) is 1 for x > 0, 0 otherwise, NaN for NaN (x != x).
    const float xi = x[i];
    const float s = xi > 0.f ? 1.f : 0.f;
    out[i] = dy[i] * (xi != xi ? xi : s);
  }
}

void reduce_sum(const float* x, float* out, int64_t outer, int64_t red, int64_t inner, float scale) {
  // Each thread sums a slice of the reduced axis into its own double row; rows are then combined in order.
  const int threads = (outer * red * inner > kParallelMin) ? omp_get_max_threads() : 1;
  std::vector<double> partial(static_cast<size_t>(threads) * outer * inner, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    const int nt = omp_get_num_threads();
    double* acc = partial.data() + static_cast<size_t>(t) * outer * inner;
    const int64_t lo = red * t / nt, hi = red * (t + 1) / nt;
    for (int64_t o = 0; o < outer; ++o) {
      double* ao = acc + o * inner;
      for (int64_t r = lo; r < hi; ++r) {
        const float* xr = x + (o * red + r) * inner;
        for (int64_t j = 0; j < inner; ++j) ao[j] += xr[j];
      }
    }
  }
  for (int64_t i = 0; i < outer * inner; ++i) {
    double s = 0;
    for (int t = 0; t < threads; ++t) s += partial[static_cast<size_t>(t) * outer * inner + i];
    out[i] = static_cast<float>(s * scale);
  }
}

}  // namespace fedcxr

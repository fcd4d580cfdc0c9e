// Batched row-major matmul over oneDNN's sgemm, with the bias + ReLU epilogue of tfjs' _FusedMatMul.
#include <dnnl.h>

#include <stdexcept>
#include <string>

#include "common.hh"

namespace fedcxr {

void batch_matmul(int64_t batch, int64_t batch_a, int64_t batch_b, int64_t m, int64_t n, int64_t k, bool trans_a,
                  bool trans_b, const float* a, const float* b, float* c, const float* bias, bool relu) {
  // Row-major leading dimensions of the stored (untransposed) matrices.
  const int64_t lda = trans_a ? m : k;
  const int64_t ldb = trans_b ? k : n;
  for (int64_t i = 0; i < batch; ++i) {
    const float* ai = a + (i % batch_a) * m * k;
    const float* bi = b + (i % batch_b) * k * n;
    float* ci = c + i * m * n;
    dnnl_status_t st =
        dnnl_sgemm(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', m, n, k, 1.f, ai, lda, bi, ldb, 0.f, ci, n);
    if (st != dnnl_success) throw std::runtime_error("dnnl_sgemm failed with status " + std::to_string(st));
  }
  if (bias == nullptr && !relu) return;
  const int64_t rows = batch * m;
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    float* row = c + r * n;
    if (bias != nullptr) {
      for (int64_t j = 0; j < n; ++j) row[j] += bias[j];
    }
    if (relu) {
      for (int64_t j = 0; j < n; ++j) row[j] = row[j] > 0.f ? row[j] : 0.f;
    }
  }
}

}  // namespace fedcxr

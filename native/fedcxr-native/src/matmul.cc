// Batched row-major matmul over oneDNN (fp32: sgemm; bf16: the matmul primitive on bf16 operands with fp32
// accumulation and an fp32 result; fp32 below kBf16MinWidth, e.g. the logit layer), with the bias + ReLU epilogue of tfjs' _FusedMatMul.
#include <dnnl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "common.hh"

namespace fedcxr {

namespace {

/** Rounds float32 to bfloat16, to nearest even (NaN stays a quiet NaN), as oneDNN's reorders do. */
inline uint16_t to_bf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((u >> 16) | 0x40u);
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

uint16_t* to_bf16_arena(const float* x, int64_t n, ArenaSlot slot) {
  auto* out = static_cast<uint16_t*>(arena(slot, static_cast<size_t>(n) * sizeof(uint16_t)));
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i) out[i] = to_bf16(x[i]);
  return out;
}

struct MatmulEntry {
  dnnl::matmul::primitive_desc pd;
  dnnl::matmul prim;
};

std::unordered_map<std::string, std::unique_ptr<MatmulEntry>> g_matmul;

/** A row-major [batch, rows, cols] desc of the stored matrix, read as its transpose when `trans`. */
memory::desc operand_md(int64_t batch, int64_t rows, int64_t cols, bool trans, memory::data_type dt) {
  // Logical dims are (batch, rows, cols) of op(X); the stored matrix is (cols, rows) when transposed.
  const memory::dims strides = trans ? memory::dims{rows * cols, 1, rows} : memory::dims{rows * cols, cols, 1};
  return memory::desc({batch, rows, cols}, dt, strides);
}

void matmul_bf16(int64_t batch, int64_t batch_a, int64_t batch_b, int64_t m, int64_t n, int64_t k, bool trans_a,
                 bool trans_b, const float* a, const float* b, float* c) {
  const std::string key = make_key('m', {batch, batch_a, batch_b, m, n, k, trans_a ? 1 : 0, trans_b ? 1 : 0});
  auto it = g_matmul.find(key);
  if (it == g_matmul.end()) {
    auto e = std::make_unique<MatmulEntry>();
    auto src = operand_md(batch_a, m, k, trans_a, memory::data_type::bf16);
    auto wei = operand_md(batch_b, k, n, trans_b, memory::data_type::bf16);
    memory::desc dst({batch, m, n}, memory::data_type::f32, memory::format_tag::abc);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    e->pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(src, wei, dst), attr, cpu_engine());
    e->prim = dnnl::matmul(e->pd);
    it = g_matmul.emplace(key, std::move(e)).first;
  }
  MatmulEntry& e = *it->second;
  memory src(e.pd.src_desc(), cpu_engine(), to_bf16_arena(a, batch_a * m * k, kArenaSrc));
  memory wei(e.pd.weights_desc(), cpu_engine(), to_bf16_arena(b, batch_b * k * n, kArenaWei));
  memory dst(e.pd.dst_desc(), cpu_engine(), c);
  memory sp(e.pd.scratchpad_desc(), cpu_engine(), arena(kArenaScratchpad, e.pd.scratchpad_desc().get_size()));
  e.prim.execute(cpu_stream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}, {DNNL_ARG_SCRATCHPAD, sp}});
  cpu_stream().wait();
}

void matmul_f32(int64_t batch, int64_t batch_a, int64_t batch_b, int64_t m, int64_t n, int64_t k, bool trans_a,
                bool trans_b, const float* a, const float* b, float* c) {
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
}

}  // namespace

void batch_matmul(int64_t batch, int64_t batch_a, int64_t batch_b, int64_t m, int64_t n, int64_t k, bool trans_a,
                  bool trans_b, const float* a, const float* b, float* c, const float* bias, bool relu) {
  if (precision_mode() == 1 && std::min(n, k) >= kBf16MinWidth) {
    matmul_bf16(batch, batch_a, batch_b, m, n, k, trans_a, trans_b, a, b, c);
  } else {
    matmul_f32(batch, batch_a, batch_b, m, n, k, trans_a, trans_b, a, b, c);
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

size_t matmul_cached() { return g_matmul.size(); }
void matmul_clear() { g_matmul.clear(); }

}  // namespace fedcxr

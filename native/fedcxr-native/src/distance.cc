// The acceptance check's pass over an update (coordinator/acceptance.ts `wellFormedUpdate`): every value finite, and
// Σ (x − g)² added in index order, in float64, onto the caller's running sum — the operations, in the order, of the
// JS loop, so the same bits (no fast-math, -ffp-contract=off). Returns the index of the first non-finite value (the
// sum is then left as it was), or −1. Single-threaded: the one running sum makes it latency-bound.
#include <cmath>
#include <cstdint>

#include "common.hh"

namespace fedcxr {

int64_t finite_squared_distance(const float* x, const float* g, int64_t n, double* acc) {
  double sq = *acc;
  for (int64_t j = 0; j < n; ++j) {
    const double v = x[j];
    if (!std::isfinite(v)) return j;
    const double d = v - static_cast<double>(g[j]);
    sq = sq + d * d;
  }
  *acc = sq;
  return -1;
}

}  // namespace fedcxr

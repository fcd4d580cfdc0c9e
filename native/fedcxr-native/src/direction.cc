// The direction check's sums (shared/federation/median-direction.ts) for one tensor: with m[j] the coordinate-wise
// median of the K updates and g the global, acc[s] += Σ (xₛ − g)(m − g), acc[K + s] += Σ (xₛ − g)², acc[2K] +=
// Σ (m − g)², every term in float64 and added in index order — the operations, in the order, of the JS loops, so
// the same bits (no fast-math, -ffp-contract=off: no fused multiply-add). The median is the middle value of an
// insertion sort of the K values (K = 3: the middle of three, which is what that sort leaves there); an even K's
// mean of the middle pair is rounded to float32, as `coordinateMedian` stores it. Single-threaded; the K + 1
// running sums per element make it latency-bound, not memory-bound.
#include <cstdint>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common.hh"

namespace fedcxr {

namespace {

// a < b ? a : b and a > b ? a : b, exactly (signed zeros included: an equal pair gives b), without a branch on x86:
// MINSD/MAXSD return their second operand unless the first compares less (greater). The median's comparisons are
// data-dependent, and as branches they mispredict about half the time.
inline double less_or_second(double a, double b) {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(a), _mm_set_sd(b)));
#else
  return a < b ? a : b;
#endif
}

inline double greater_or_second(double a, double b) {
#if defined(__SSE2__)
  return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(a), _mm_set_sd(b)));
#else
  return a > b ? a : b;
#endif
}

void direction3(const float* a, const float* b, const float* c, const float* g, int64_t n, double* acc) {
  double d0 = acc[0], d1 = acc[1], d2 = acc[2], n0 = acc[3], n1 = acc[4], n2 = acc[5], nb = acc[6];
  for (int64_t j = 0; j < n; ++j) {
    const double x = a[j], y = b[j], z = c[j], gj = g[j];
    // The JS: lo = x < y ? x : y; hi = x < y ? y : x; m = z < lo ? lo : z > hi ? hi : z. With t = (hi < z ? hi :
    // z), m = (lo > t ? lo : t): when z < lo, t = z; otherwise t ≥ lo and is what the JS picks.
    const double lo = less_or_second(x, y);
    const double hi = greater_or_second(y, x);
    const double t = less_or_second(hi, z);
    const double m = greater_or_second(lo, t);
    const double dy = m - gj;
    const double dx = x - gj;
    const double ey = y - gj;
    const double fz = z - gj;
    d0 = d0 + dx * dy;
    n0 = n0 + dx * dx;
    d1 = d1 + ey * dy;
    n1 = n1 + ey * ey;
    d2 = d2 + fz * dy;
    n2 = n2 + fz * fz;
    nb = nb + dy * dy;
  }
  acc[0] = d0, acc[1] = d1, acc[2] = d2, acc[3] = n0, acc[4] = n1, acc[5] = n2, acc[6] = nb;
}

void direction_k(const float* const* xs, int64_t k, const float* g, int64_t n, double* acc) {
  std::vector<double> vals(static_cast<size_t>(k));
  const int64_t h = k >> 1;
  const bool odd = k % 2 == 1;
  double* dot = acc;
  double* norm = acc + k;
  double nb = acc[2 * k];
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t a = 0; a < k; ++a) {
      const double x = xs[a][j];
      int64_t b = a - 1;
      while (b >= 0 && vals[b] > x) {
        vals[b + 1] = vals[b];
        --b;
      }
      vals[b + 1] = x;
    }
    const double gj = g[j];
    const double m = odd ? vals[h] : static_cast<double>(static_cast<float>((vals[h - 1] + vals[h]) / 2.0));
    const double dy = m - gj;
    for (int64_t s = 0; s < k; ++s) {
      const double dx = static_cast<double>(xs[s][j]) - gj;
      dot[s] = dot[s] + dx * dy;
      norm[s] = norm[s] + dx * dx;
    }
    nb = nb + dy * dy;
  }
  acc[2 * k] = nb;
}

}  // namespace

void direction_sums(const float* const* xs, int64_t k, const float* g, int64_t n, double* acc) {
  if (k == 3) return direction3(xs[0], xs[1], xs[2], g, n, acc);
  direction_k(xs, k, g, n, acc);
}

}  // namespace fedcxr

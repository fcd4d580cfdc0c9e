// Node-API surface of fedcxr-native: synchronous kernels writing into caller-allocated Float32Arrays.
// Plain C Node-API (no node-addon-api dependency): the addon needs only Node's headers and libdnnl-dev.
#include <node_api.h>
#include <malloc.h>
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <exception>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common.hh"

namespace fedcxr {
size_t conv_cached();
void conv_clear();
size_t pool_cached();
void pool_clear();
size_t matmul_cached();
void matmul_clear();
size_t cached_primitives() { return conv_cached() + pool_cached() + matmul_cached(); }
void clear_primitive_caches() {
  conv_clear();
  pool_clear();
  matmul_clear();
}
}  // namespace fedcxr

namespace {

using fedcxr::ConvGeom;
using fedcxr::PoolGeom;

/** Thrown inside a callback to become a JS TypeError/RangeError. */
struct ArgError {
  std::string msg;
};

struct Args {
  napi_env env;
  std::vector<napi_value> v;
  size_t given = 0;  // arguments the caller passed
  /** Reads `want` required and up to `optional` further arguments. */
  Args(napi_env e, napi_callback_info info, size_t want, size_t optional = 0) : env(e), v(want + optional) {
    given = v.size();
    napi_get_cb_info(e, info, &given, v.data(), nullptr, nullptr);
    if (given < want) throw ArgError{"expected " + std::to_string(want) + " arguments, got " + std::to_string(given)};
  }

  /** A Float32Array's storage (no copy) and length; nullptr when the argument is null/undefined and optional. */
  float* f32(size_t i, size_t expect, const char* name, bool optional = false) {
    napi_valuetype t;
    napi_typeof(env, v[i], &t);
    if (optional && (t == napi_null || t == napi_undefined)) return nullptr;
    bool is_ta = false;
    napi_is_typedarray(env, v[i], &is_ta);
    if (!is_ta) throw ArgError{std::string(name) + " must be a Float32Array"};
    napi_typedarray_type type;
    size_t len = 0;
    void* data = nullptr;
    napi_get_typedarray_info(env, v[i], &type, &len, &data, nullptr, nullptr);
    if (type != napi_float32_array) throw ArgError{std::string(name) + " must be a Float32Array"};
    if (len != expect) {
      throw ArgError{std::string(name) + " has " + std::to_string(len) + " elements, expected " +
                     std::to_string(expect)};
    }
    return static_cast<float*>(data);
  }

  /** A Float64Array's storage (no copy) of exactly `expect` elements (running sums the caller keeps). */
  double* f64(size_t i, size_t expect, const char* name) {
    bool is_ta = false;
    napi_is_typedarray(env, v[i], &is_ta);
    napi_typedarray_type type = napi_int8_array;
    size_t len = 0;
    void* data = nullptr;
    if (is_ta) napi_get_typedarray_info(env, v[i], &type, &len, &data, nullptr, nullptr);
    if (!is_ta || type != napi_float64_array || len != expect) {
      throw ArgError{std::string(name) + " must be a Float64Array of " + std::to_string(expect) + " elements"};
    }
    return static_cast<double*>(data);
  }

  /** An array of `count` numbers read with `get` (a napi_get_value_* function); `ok` also checks each value. */
  template <typename T, typename Get, typename Ok>
  std::vector<T> numbers(size_t i, size_t count, const char* name, Get get, Ok ok, const char* what) {
    bool is_arr = false;
    napi_is_array(env, v[i], &is_arr);
    if (!is_arr) throw ArgError{std::string(name) + " must be an array"};
    uint32_t len = 0;
    napi_get_array_length(env, v[i], &len);
    if (len != count) throw ArgError{std::string(name) + " must have " + std::to_string(count) + " entries"};
    std::vector<T> out(count);
    for (uint32_t k = 0; k < len; ++k) {
      napi_value e;
      napi_get_element(env, v[i], k, &e);
      T x = 0;
      if (get(env, e, &x) != napi_ok || !ok(x)) throw ArgError{std::string(name) + " must hold " + what};
      out[k] = x;
    }
    return out;
  }

  /** An array of integers (shape geometry). */
  std::vector<int64_t> ints(size_t i, size_t count, const char* name) {
    return numbers<int64_t>(i, count, name, napi_get_value_int64, [](int64_t) { return true; }, "numbers");
  }

  /** An array of finite numbers. */
  std::vector<double> doubles(size_t i, size_t count, const char* name) {
    return numbers<double>(i, count, name, napi_get_value_double, [](double x) { return std::isfinite(x); }, "finite numbers");
  }

  /** An optional trailing Float32Array argument (absent, null or undefined → nullptr). */
  float* optional_f32(size_t i, size_t expect, const char* name) {
    return i < given ? f32(i, expect, name, true) : nullptr;
  }

  /** A typed array's element count (the reference length for the other arrays of a call). */
  size_t length(size_t i, const char* name) {
    bool is_ta = false;
    napi_is_typedarray(env, v[i], &is_ta);
    if (!is_ta) throw ArgError{std::string(name) + " must be a Float32Array"};
    napi_typedarray_type type;
    size_t len = 0;
    void* data = nullptr;
    napi_get_typedarray_info(env, v[i], &type, &len, &data, nullptr, nullptr);
    return len;
  }


  bool boolean(size_t i) {
    bool b = false;
    napi_get_value_bool(env, v[i], &b);
    return b;
  }

  int64_t int64(size_t i, const char* name) {
    int64_t x = 0;
    if (napi_get_value_int64(env, v[i], &x) != napi_ok) throw ArgError{std::string(name) + " must be a number"};
    return x;
  }
};

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// One lock for the whole process: the engine's stream, scratch arenas, primitive caches and modes are
// process-global, while Node may load this addon in several threads (worker_threads; Node-API modules are
// context-aware). Kernels from two threads therefore run one after the other instead of sharing an arena.
// Recursive so a kernel that reaches another entry point on the same thread cannot deadlock.
std::recursive_mutex& engine_lock() {
  static std::recursive_mutex m;
  return m;
}

// Runs f, turning its exceptions into JS errors; no lock (for functions of their arguments alone).
template <typename F>
napi_value unlocked(napi_env env, F&& f) {
  try {
    return f();
  } catch (const ArgError& e) {
    napi_throw_type_error(env, "ERR_FEDCXR_NATIVE_ARG", e.msg.c_str());
  } catch (const dnnl::error& e) {
    std::string msg = std::string("oneDNN: ") + e.what() + " (status " + std::to_string(e.status) + ")";
    napi_throw_error(env, "ERR_FEDCXR_NATIVE_DNNL", msg.c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, "ERR_FEDCXR_NATIVE", e.what());
  }
  return nullptr;
}

// As unlocked, holding the engine lock: every entry point that touches the engine's process-global state.
template <typename F>
napi_value guarded(napi_env env, F&& f) {
  std::lock_guard<std::recursive_mutex> hold(engine_lock());
  return unlocked(env, std::forward<F>(f));
}

ConvGeom conv_geom(const std::vector<int64_t>& d) {
  ConvGeom g{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16]};
  for (int64_t x : d) {
    if (x < 0) throw ArgError{"conv geometry must be non-negative"};
  }
  if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) throw ArgError{"strides and dilations must be >= 1"};
  return g;
}

PoolGeom pool_geom(const std::vector<int64_t>& d) {
  PoolGeom g{d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13]};
  for (int64_t x : d) {
    if (x < 0) throw ArgError{"pool geometry must be non-negative"};
  }
  if (g.sh < 1 || g.sw < 1) throw ArgError{"strides must be >= 1"};
  return g;
}

// conv2d(x, w, bias | null, y, geom[17], relu)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 6);
    ConvGeom g = conv_geom(a.ints(4, 17, "geom"));
    const float* x = a.f32(0, g.n * g.ih * g.iw * g.ic, "x");
    const float* w = a.f32(1, g.kh * g.kw * g.ic * g.oc, "filter");
    const float* b = a.f32(2, g.oc, "bias", true);
    float* y = a.f32(3, g.n * g.oh * g.ow * g.oc, "y");
    fedcxr::conv2d_forward(g, x, w, b, y, a.boolean(5));
    return undefined(env);
  });
}

// conv2dBackpropInput(dy, w, dx, geom[17])
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    ConvGeom g = conv_geom(a.ints(3, 17, "geom"));
    const float* dy = a.f32(0, g.n * g.oh * g.ow * g.oc, "dy");
    const float* w = a.f32(1, g.kh * g.kw * g.ic * g.oc, "filter");
    float* dx = a.f32(2, g.n * g.ih * g.iw * g.ic, "dx");
    fedcxr::conv2d_backward_data(g, dy, w, dx);
    return undefined(env);
  });
}

// conv2dBackpropFilter(x, dy, dw, geom[17] [, db])
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4, 1);
    ConvGeom g = conv_geom(a.ints(3, 17, "geom"));
    const float* x = a.f32(0, g.n * g.ih * g.iw * g.ic, "x");
    const float* dy = a.f32(1, g.n * g.oh * g.ow * g.oc, "dy");
    float* dw = a.f32(2, g.kh * g.kw * g.ic * g.oc, "dw");
    float* db = a.optional_f32(4, g.oc, "db");
    fedcxr::conv2d_backward_weights(g, x, dy, dw, db);
    return undefined(env);
  });
}

// maxPool(x, y, geom[14])
napi_value MaxPool(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 3);
    PoolGeom g = pool_geom(a.ints(2, 14, "geom"));
    const float* x = a.f32(0, g.n * g.ih * g.iw * g.c, "x");
    float* y = a.f32(1, g.n * g.oh * g.ow * g.c, "y");
    fedcxr::maxpool_forward(g, x, y);
    return undefined(env);
  });
}

// maxPoolGrad(dy, x, dx, geom[14])
napi_value MaxPoolGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    PoolGeom g = pool_geom(a.ints(3, 14, "geom"));
    const float* dy = a.f32(0, g.n * g.oh * g.ow * g.c, "dy");
    const float* x = a.f32(1, g.n * g.ih * g.iw * g.c, "x");
    float* dx = a.f32(2, g.n * g.ih * g.iw * g.c, "dx");
    fedcxr::maxpool_backward(g, dy, x, dx);
    return undefined(env);
  });
}

// matMul(a, b, c, bias | null, geom[8] = [batch, batchA, batchB, m, n, k, transA, transB], relu)
napi_value MatMul(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 6);
    auto d = a.ints(4, 8, "geom");
    const int64_t batch = d[0], ba = d[1], bb = d[2], m = d[3], n = d[4], k = d[5];
    if (batch < 1 || ba < 1 || bb < 1 || m < 0 || n < 0 || k < 0 || batch % ba != 0 || batch % bb != 0) {
      throw ArgError{"bad matmul geometry"};
    }
    const float* pa = a.f32(0, ba * m * k, "a");
    const float* pb = a.f32(1, bb * k * n, "b");
    float* pc = a.f32(2, batch * m * n, "c");
    const float* bias = a.f32(3, n, "bias", true);
    fedcxr::batch_matmul(batch, ba, bb, m, n, k, d[6] != 0, d[7] != 0, pa, pb, pc, bias, a.boolean(5));
    return undefined(env);
  });
}

// binary(op, mode, a, b, out, inner)
napi_value Binary(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 6);
    const int64_t op = a.int64(0, "op"), mode = a.int64(1, "mode"), inner = a.int64(5, "inner");
    const int64_t total = static_cast<int64_t>(a.length(4, "out"));
    const int64_t na = mode == 1 ? 1 : (mode == 4 ? inner : total);
    const int64_t nb = mode == 2 ? 1 : (mode == 3 ? inner : total);
    if ((mode == 3 || mode == 4) && (inner < 1 || total % inner != 0)) throw ArgError{"bad inner size"};
    const float* pa = a.f32(2, na, "a");
    const float* pb = a.f32(3, nb, "b");
    float* out = a.f32(4, total, "out");
    fedcxr::binary_op(static_cast<int>(op), static_cast<int>(mode), pa, pb, out, total, inner);
    return undefined(env);
  });
}

// unary(op, x, out, alpha)
napi_value Unary(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    const int64_t op = a.int64(0, "op");
    double alpha = 0;
    napi_get_value_double(env, a.v[3], &alpha);
    const size_t n = a.length(1, "x");
    const float* x = a.f32(1, n, "x");
    float* out = a.f32(2, n, "out");
    fedcxr::unary_op(static_cast<int>(op), x, out, static_cast<int64_t>(n), static_cast<float>(alpha));
    return undefined(env);
  });
}

// reduceSum(x, out, [outer, red, inner], scale)
napi_value ReduceSum(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 4);
    auto d = a.ints(2, 3, "geom");
    if (d[0] < 1 || d[1] < 1 || d[2] < 1) throw ArgError{"bad reduction geometry"};
    double scale = 1;
    napi_get_value_double(env, a.v[3], &scale);
    const float* x = a.f32(0, d[0] * d[1] * d[2], "x");
    float* out = a.f32(1, d[0] * d[2], "out");
    fedcxr::reduce_sum(x, out, d[0], d[1], d[2], static_cast<float>(scale));
    return undefined(env);
  });
}

// reluGrad(dy, x, out)
napi_value ReluGrad(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 3);
    const size_t n = a.length(0, "dy");
    const float* dy = a.f32(0, n, "dy");
    const float* x = a.f32(1, n, "x");
    float* out = a.f32(2, n, "out");
    fedcxr::relu_grad(dy, x, out, static_cast<int64_t>(n));
    return undefined(env);
  });
}

// adam(w, g, m, v, out, [beta1, beta2, oneMinusBeta1, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2, eps, -lr])
napi_value Adam(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 6);
    const size_t n = a.length(0, "w");
    const float* w = a.f32(0, n, "w");
    const float* g = a.f32(1, n, "gradient");
    float* m = a.f32(2, n, "m");
    float* v = a.f32(3, n, "v");
    float* out = a.f32(4, n, "out");
    const std::vector<double> p = a.doubles(5, 8, "scalars");
    const fedcxr::AdamStep s{static_cast<float>(p[0]), static_cast<float>(p[1]), static_cast<float>(p[2]),
                             static_cast<float>(p[3]), static_cast<float>(p[4]), static_cast<float>(p[5]),
                             static_cast<float>(p[6]), static_cast<float>(p[7])};
    fedcxr::adam_update(s, w, g, m, v, out, static_cast<int64_t>(n));
    return undefined(env);
  });
}

// The storage of an array of `k` Float32Arrays of `n` elements each (no copies), named `name` in errors.
std::vector<const float*> float32_list(napi_env env, napi_value list, size_t n, const char* name, uint32_t* count) {
  bool is_arr = false;
  napi_is_array(env, list, &is_arr);
  if (!is_arr) throw ArgError{std::string(name) + " must be an array of Float32Array"};
  uint32_t k = 0;
  napi_get_array_length(env, list, &k);
  std::vector<const float*> src(k);
  for (uint32_t s = 0; s < k; ++s) {
    napi_value el;
    napi_get_element(env, list, s, &el);
    bool is_ta = false;
    napi_is_typedarray(env, el, &is_ta);
    napi_typedarray_type type = napi_int8_array;
    size_t len = 0;
    void* data = nullptr;
    if (is_ta) napi_get_typedarray_info(env, el, &type, &len, &data, nullptr, nullptr);
    if (!is_ta || type != napi_float32_array) throw ArgError{"source " + std::to_string(s) + " must be a Float32Array"};
    if (len != n) {
      throw ArgError{"source " + std::to_string(s) + " has " + std::to_string(len) + " elements, expected " +
                     std::to_string(n)};
    }
    src[s] = static_cast<const float*>(data);
  }
  *count = k;
  return src;
}

// weightedMean(out, srcs: Float32Array[], weights: number[], total): FedAvg's mean (mean.cc). No engine state is
// touched, so no engine lock: several threads may aggregate at once.
napi_value WeightedMean(napi_env env, napi_callback_info info) {
  return unlocked(env, [&] {
    Args a(env, info, 4);
    const size_t n = a.length(0, "out");
    float* out = a.f32(0, n, "out");
    uint32_t k = 0;
    const std::vector<const float*> src = float32_list(env, a.v[1], n, "srcs", &k);
    if (k < 1) throw ArgError{"weightedMean needs at least one source"};
    const std::vector<double> w = a.doubles(2, k, "weights");
    double total = 0;
    napi_get_value_double(env, a.v[3], &total);
    fedcxr::weighted_mean(src.data(), w.data(), static_cast<int64_t>(k), total, out, static_cast<int64_t>(n));
    return undefined(env);
  });
}

// directionSums(xs: Float32Array[], global: Float32Array, acc: Float64Array(2K + 1)): the direction check's running
// sums over one tensor, added into acc (direction.cc). No engine state, no lock.
napi_value DirectionSums(napi_env env, napi_callback_info info) {
  return unlocked(env, [&] {
    Args a(env, info, 3);
    const size_t n = a.length(1, "global");
    const float* g = a.f32(1, n, "global");
    uint32_t k = 0;
    const std::vector<const float*> xs = float32_list(env, a.v[0], n, "xs", &k);
    if (k < 1) throw ArgError{"directionSums needs at least one update"};
    double* acc = a.f64(2, 2 * static_cast<size_t>(k) + 1, "acc");
    fedcxr::direction_sums(xs.data(), static_cast<int64_t>(k), g, static_cast<int64_t>(n), acc);
    return undefined(env);
  });
}

// finiteSquaredDistance(x: Float32Array, global: Float32Array, acc: Float64Array(1)) → the index of x's first non-finite
// value, or −1 after adding Σ (x − g)² onto acc[0] (distance.cc). No engine state, no lock.
napi_value FiniteSquaredDistance(napi_env env, napi_callback_info info) {
  return unlocked(env, [&] {
    Args a(env, info, 3);
    const size_t n = a.length(1, "global");
    const float* g = a.f32(1, n, "global");
    const float* x = a.f32(0, n, "x");
    const int64_t bad = fedcxr::finite_squared_distance(x, g, static_cast<int64_t>(n), a.f64(2, 1, "acc"));
    napi_value out;
    napi_create_int64(env, bad, &out);
    return out;
  });
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 1);
    int64_t n = a.int64(0, "threads");
    if (n < 1 || n > 4096) throw ArgError{"threads must be in 1..4096"};
    omp_set_num_threads(static_cast<int>(n));
    return undefined(env);
  });
}

// keepLargeAllocations(): large tensor buffers come from the malloc heap and stay there when freed, so the next
// tensor of that size reuses warm pages instead of mmap-ing (and page-faulting, and zeroing) fresh ones.
// Trim threshold 2 GiB − 1 (the most mallopt takes), not 1 GiB: FedAvg of a 138 M-param set frees two 553 MB
// globals at the top of the heap, more than 1 GiB, so glibc returned them and the next global page-faulted all
// over again (bench federation: 7.8–8.8× a memcpy in 2 of 6 runs at 1 GiB; 1.06–1.34× in 3 of 3 at 2 GiB).
napi_value KeepLargeAllocations(napi_env env, napi_callback_info) {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 2147483647);
  return undefined(env);
}

napi_value GetThreads(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_int32(env, omp_get_max_threads(), &out);
  return out;
}

napi_value SetLayout(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 1);
    int64_t mode = a.int64(0, "layout");
    if (mode < 0 || mode > 2) throw ArgError{"layout must be 0 (nhwc), 1 (blocked) or 2 (auto)"};
    fedcxr::set_layout_mode(static_cast<int>(mode));
    return undefined(env);
  });
}

// setPrecision(0 | 1): fp32 or bf16 convolutions and matmuls; bf16 throws naming the ISA when the CPU lacks it.
napi_value SetPrecision(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info, 1);
    int64_t mode = a.int64(0, "precision");
    if (mode < 0 || mode > 1) throw ArgError{"precision must be 0 (fp32) or 1 (bf16)"};
    fedcxr::set_precision_mode(static_cast<int>(mode));
    return undefined(env);
  });
}

napi_value GetPrecision(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_int32(env, fedcxr::precision_mode(), &out);
  return out;
}

// cpuSupport(): { isa: oneDNN's effective ISA, bf16: whether that ISA has native bf16 dot products }.
napi_value CpuSupport(napi_env env, napi_callback_info) {
  napi_value out, isa, bf16;
  napi_create_object(env, &out);
  napi_create_string_utf8(env, fedcxr::effective_isa_name(), NAPI_AUTO_LENGTH, &isa);
  napi_get_boolean(env, fedcxr::bf16_supported(), &bf16);
  napi_set_named_property(env, out, "isa", isa);
  napi_set_named_property(env, out, "bf16", bf16);
  return out;
}

napi_value Version(napi_env env, napi_callback_info) {
  const dnnl_version_t* v = dnnl_version();
  char buf[160];
  std::snprintf(buf, sizeof(buf), "oneDNN %d.%d.%d (%s, %s)", v->major, v->minor, v->patch,
                v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other runtime", fedcxr::effective_isa_name());
  napi_value out;
  napi_create_string_utf8(env, buf, NAPI_AUTO_LENGTH, &out);
  return out;
}

napi_value Stats(napi_env env, napi_callback_info) {
  std::lock_guard<std::recursive_mutex> hold(engine_lock());
  napi_value out, prims, bytes;
  napi_create_object(env, &out);
  napi_create_double(env, static_cast<double>(fedcxr::cached_primitives()), &prims);
  napi_create_double(env, static_cast<double>(fedcxr::arena_bytes()), &bytes);
  napi_set_named_property(env, out, "cachedPrimitives", prims);
  napi_set_named_property(env, out, "arenaBytes", bytes);
  return out;
}

napi_value Release(napi_env env, napi_callback_info) {
  std::lock_guard<std::recursive_mutex> hold(engine_lock());
  fedcxr::clear_primitive_caches();
  fedcxr::release_arenas();
  return undefined(env);
}

napi_value Init(napi_env env, napi_value exports) {
  struct Fn {
    const char* name;
    napi_callback cb;
  };
  const Fn fns[] = {{"conv2d", Conv2d},         {"conv2dBackpropInput", Conv2dBackpropInput},
                    {"conv2dBackpropFilter", Conv2dBackpropFilter},
                    {"maxPool", MaxPool},       {"maxPoolGrad", MaxPoolGrad},
                    {"matMul", MatMul},         {"binary", Binary},
                    {"unary", Unary},           {"reduceSum", ReduceSum},         {"reluGrad", ReluGrad},
                    {"adam", Adam},         {"weightedMean", WeightedMean}, {"directionSums", DirectionSums}, {"finiteSquaredDistance", FiniteSquaredDistance}, {"setThreads", SetThreads},
                    {"getThreads", GetThreads}, {"keepLargeAllocations", KeepLargeAllocations}, {"setLayout", SetLayout},
                    {"setPrecision", SetPrecision}, {"getPrecision", GetPrecision}, {"cpuSupport", CpuSupport},
                    {"version", Version},       {"stats", Stats},
                    {"release", Release}};
  for (const Fn& f : fns) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.cb, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)

// A primitive argument whose user layout (tfjs NHWC / HWIO) may differ from the layout the primitive chose.
#pragma once
#include "common.hh"

namespace fedcxr {

/** One argument: the user's memory desc, the primitive's, and the reorder between them when they differ. */
struct Port {
  memory::desc user;
  memory::desc prim;
  bool need = false;
  dnnl::reorder r;

  Port() = default;
  /** in = true: user → prim before the primitive; false: prim → user after it. */
  Port(const memory::desc& u, const memory::desc& p, bool in) : user(u), prim(p), need(u != p) {
    if (need) {
      r = in ? dnnl::reorder(dnnl::reorder::primitive_desc(cpu_engine(), u, cpu_engine(), p))
             : dnnl::reorder(dnnl::reorder::primitive_desc(cpu_engine(), p, cpu_engine(), u));
    }
  }

  /** Memory to hand the primitive for an input, reordering the user's data into an arena if needed. */
  memory bind_in(const void* ptr, ArenaSlot slot) {
    memory u(user, cpu_engine(), const_cast<void*>(ptr));
    if (!need) return u;
    memory t(prim, cpu_engine(), arena(slot, prim.get_size()));
    r.execute(cpu_stream(), u, t);
    return t;
  }

  /** Memory to hand the primitive for an output (the user's buffer or an arena when a reorder follows). */
  memory bind_out(void* ptr, ArenaSlot slot) {
    if (!need) return memory(user, cpu_engine(), ptr);
    return memory(prim, cpu_engine(), arena(slot, prim.get_size()));
  }

  /** Copies a bound output back to the user's buffer when it went through an arena. */
  void finish_out(memory& bound, void* ptr) {
    if (!need) return;
    memory u(user, cpu_engine(), ptr);
    r.execute(cpu_stream(), bound, u);
  }
};

/** Scratchpad memory for a primitive (user-managed so it lives in an arena, not per primitive). */
inline memory scratchpad_for(const memory::desc& md) {
  return memory(md, cpu_engine(), arena(kArenaScratchpad, md.get_size()));
}

inline memory::desc nhwc_md(int64_t n, int64_t c, int64_t h, int64_t w) {
  return memory::desc({n, c, h, w}, memory::data_type::f32, memory::format_tag::nhwc);
}

/** Activation desc for a primitive: plain NHWC, or `any` (oneDNN's blocked choice, reordered around the op).
 *  Layout modes: 0 all NHWC; 1 all blocked; 2 auto = blocked, except forward convs with fewer than 8 input
 *  channels (the RGB input layer, NHWC measured 2x faster) and every forward conv on AVX-512 (see use_blocked). Measured in GFLOP per CPU-second on AVX2, blocked
 *  (reorders included) beats NHWC 1.2-1.5x forward and backward-data, and 2-4x backward-weights. */
inline memory::desc act_md(int64_t n, int64_t c, int64_t h, int64_t w, bool blocked,
                           memory::data_type dt = memory::data_type::f32) {
  return memory::desc({n, c, h, w}, dt, blocked ? memory::format_tag::any : memory::format_tag::nhwc);
}

/** Data type of a primitive's operands (inputs that are multiplied): bf16 in bf16 mode, else f32. Outputs (dst,
 *  diff_src, diff_weights, bias) stay f32: oneDNN accumulates in f32 and writes f32, and the Ports reorder the
 *  user's f32 buffers into bf16 on the way in (round-to-nearest-even). */
/** Operand type of a product whose narrow side is `width` wide: bf16 in bf16 mode unless narrower than kBf16MinWidth. */
inline memory::data_type operand_dt(int64_t width) {
  return precision_mode() == 1 && width >= kBf16MinWidth ? memory::data_type::bf16 : memory::data_type::f32;
}

/** Whether oneDNN runs with AVX-512 (its brgconv kernels then take NHWC activations directly). */
inline bool has_avx512_core() {
  static const bool yes = [] {
    const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    const auto want = static_cast<unsigned>(dnnl::cpu_isa::avx512_core);
    return (isa & want) == want;
  }();
  return yes;
}

/** Whether a conv with `ic` input channels runs on blocked activations (see act_md). In auto mode the forward
 *  stays NHWC on AVX-512 (measured at 224 px: 0.073 vs 0.083 s/img for VGG16, no reorders around each conv),
 *  while the backward passes keep the blocked layout (NHWC made a +B1 training step slower there too). */
inline bool use_blocked(int64_t ic, bool backward) {
  const int mode = layout_mode();
  if (mode != 2) return mode == 1;
  return backward || (ic >= 8 && !has_avx512_core());
}

inline memory::desc hwio_md(int64_t oc, int64_t ic, int64_t kh, int64_t kw) {
  return memory::desc({oc, ic, kh, kw}, memory::data_type::f32, memory::format_tag::hwio);
}

inline memory::desc any_wei_md(int64_t oc, int64_t ic, int64_t kh, int64_t kw,
                               memory::data_type dt = memory::data_type::f32) {
  return memory::desc({oc, ic, kh, kw}, dt, memory::format_tag::any);
}

}  // namespace fedcxr

// Engine, stream and scratch arenas of the fedcxr-native addon.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "common.hh"

namespace fedcxr {

dnnl::engine& cpu_engine() {
  static dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  return eng;
}

dnnl::stream& cpu_stream() {
  static dnnl::stream s(cpu_engine());
  return s;
}

static int g_layout_mode = 0;
int layout_mode() { return g_layout_mode; }
void set_layout_mode(int mode) { g_layout_mode = mode; }

static int g_precision_mode = 0;
int precision_mode() { return g_precision_mode; }

bool bf16_supported() {
  // ISA values are bit sets: avx512_core_bf16 (0xe7) is contained in avx512_core_amx (0x3e7). The effective ISA
  // honours DNNL_MAX_CPU_ISA and the kernel's AMX permission, so it is what the primitives will really use.
  static const bool yes = [] {
    const auto isa = static_cast<unsigned>(dnnl::get_effective_cpu_isa());
    const auto want = static_cast<unsigned>(dnnl::cpu_isa::avx512_core_bf16);
    return (isa & want) == want;
  }();
  return yes;
}

const char* effective_isa_name() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_mic: return "avx512_mic";
    case dnnl::cpu_isa::avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "unknown";
  }
}

void set_precision_mode(int mode) {
  if (mode == 1 && !bf16_supported()) {
    throw std::runtime_error(std::string("bf16 needs oneDNN's avx512_core_bf16 ISA or better; this CPU runs ") +
                             effective_isa_name());
  }
  g_precision_mode = mode;
}

struct Arena {
  void* ptr = nullptr;
  size_t size = 0;
};
static Arena g_arenas[kArenaCount];

void* arena(ArenaSlot slot, size_t bytes) {
  Arena& a = g_arenas[slot];
  if (bytes == 0) bytes = 64;
  if (a.size < bytes) {
    std::free(a.ptr);
    // Round up so a slowly growing sequence of shapes does not reallocate every call.
    size_t want = ((bytes + bytes / 8) + 4095) & ~static_cast<size_t>(4095);
    a.ptr = std::aligned_alloc(4096, want);
    if (a.ptr == nullptr) throw std::bad_alloc();
    a.size = want;
  }
  return a.ptr;
}

void release_arenas() {
  for (Arena& a : g_arenas) {
    std::free(a.ptr);
    a.ptr = nullptr;
    a.size = 0;
  }
}

size_t arena_bytes() {
  size_t total = 0;
  for (const Arena& a : g_arenas) total += a.size;
  return total;
}

}  // namespace fedcxr

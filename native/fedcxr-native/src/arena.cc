// Engine, stream and scratch arenas of the fedcxr-native addon.
#include <cstdlib>

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

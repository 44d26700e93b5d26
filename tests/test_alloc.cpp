// A training step allocates nothing after the first: every model of the zoo, at batch 20 and
// 256, on 1 and 2 threads. A counting global allocator sees every operator new and every malloc,
// which is how Eigen's GEMM asks for workspace, in each build: glibc interposition natively,
// ASan's malloc hooks in sanitizer builds, Emscripten's replaceable malloc in wasm. A self-test
// proves the counter sees a deliberate malloc in whichever build runs it.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

#include "aelab.h"
#include "rng.h"

namespace {
std::atomic<long> g_allocations{0};
std::atomic<bool> g_counting{false};
void note_allocation() {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

#if defined(__EMSCRIPTEN__)
// Emscripten's dlmalloc defines malloc and friends as weak aliases and exports the real ones as
// emscripten_builtin_*, so that a program can replace malloc (system/lib/dlmalloc.c).
extern "C" {
void* emscripten_builtin_malloc(size_t);
void* emscripten_builtin_memalign(size_t, size_t);
void emscripten_builtin_free(void*);
size_t malloc_usable_size(const void*);
void* malloc(size_t n) {
  note_allocation();
  return emscripten_builtin_malloc(n);
}
void* calloc(size_t n, size_t size) {
  note_allocation();
  if (size != 0 && n > SIZE_MAX / size) return nullptr;
  void* p = emscripten_builtin_malloc(n * size);
  if (p) std::memset(p, 0, n * size);
  return p;
}
void* realloc(void* p, size_t n) {
  note_allocation();
  if (!p) return emscripten_builtin_malloc(n);
  void* q = emscripten_builtin_malloc(n);
  if (q) {
    const size_t old = malloc_usable_size(p);  // dlmalloc's, on the block it allocated
    std::memcpy(q, p, old < n ? old : n);
    emscripten_builtin_free(p);
  }
  return q;
}
void* memalign(size_t align, size_t n) {
  note_allocation();
  return emscripten_builtin_memalign(align, n);
}
void* aligned_alloc(size_t align, size_t n) {
  note_allocation();
  return emscripten_builtin_memalign(align, n);
}
int posix_memalign(void** p, size_t align, size_t n) {
  note_allocation();
  *p = emscripten_builtin_memalign(align, n);
  return *p ? 0 : ENOMEM;
}
void free(void* p) { emscripten_builtin_free(p); }
}
#elif defined(__SANITIZE_ADDRESS__)
// ASan owns malloc, so it cannot be interposed here; its allocator calls these hooks for every
// allocation instead (declared in clang's <sanitizer/allocator_interface.h>, which GCC lacks).
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, size_t),
                                                         void (*free_hook)(const volatile void*));
namespace {
// Installed before main; if it ever failed, CounterSeesNewAndMalloc would fail.
[[maybe_unused]] const int g_hooks_installed = __sanitizer_install_malloc_and_free_hooks(
    [](const volatile void*, size_t) { note_allocation(); }, [](const volatile void*) {});
}  // namespace
#elif defined(__GLIBC__)
// glibc lets a program interpose malloc; these forward to glibc's own implementation.
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
void* malloc(size_t n) {
  note_allocation();
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t size) {
  note_allocation();
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t n) {
  note_allocation();
  return __libc_realloc(p, n);
}
void* memalign(size_t align, size_t n) {
  note_allocation();
  return __libc_memalign(align, n);
}
void* aligned_alloc(size_t align, size_t n) {
  note_allocation();
  return __libc_memalign(align, n);
}
int posix_memalign(void** p, size_t align, size_t n) {
  note_allocation();
  *p = __libc_memalign(align, n);
  return *p ? 0 : ENOMEM;
}
void free(void* p) { __libc_free(p); }
}
#else
#error "test_alloc has no way to count malloc in this build"
#endif

// Every operator new ends here (the unaligned and aligned forms; the rest call these).
void* operator new(size_t n) {
  note_allocation();
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, std::align_val_t a) {
  note_allocation();
  const size_t align = static_cast<size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { std::free(p); }

namespace aelab {
namespace {

// Allocations made by `steps` train steps of a fresh model, after `warmup` uncounted ones.
long allocations_per_steps(const ModelConfig& c, int threads, int warmup, int steps) {
  std::string err;
  std::unique_ptr<Autoencoder> m = Autoencoder::create(c, threads, &err);
  EXPECT_TRUE(m) << err;
  if (!m) return -1;
  const size_t values = static_cast<size_t>(c.batch) * m->input_dim();
  std::vector<float> x(values), noisy(values);
  Rng rng(7);
  for (float& v : x) v = rng.uniform(0.0f, 1.0f);
  auto step = [&] {
    // The denoiser's corruption is part of its step, as in train_epoch.
    if (c.model == "denoise") m->corrupt_inputs(x.data(), c.batch, noisy.data());
    m->train_step(c.model == "denoise" ? noisy.data() : x.data(), x.data(), c.batch);
  };
  for (int i = 0; i < warmup; ++i) step();
  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < steps; ++i) step();
  g_counting = false;
  return g_allocations.load();
}

// The counter is not blind: operator new and each malloc entry point called inside the counted
// region are seen, in every build. The pointers escape through a volatile sink so the compiler
// cannot drop a malloc/free pair; realloc grows a block made before counting (compilers turn
// realloc(nullptr, n) into malloc(n)).
void* volatile g_sink = nullptr;
void* volatile g_block = nullptr;

TEST(ZeroAllocation, CounterSeesNewAndMalloc) {
  g_allocations = 0;
  g_counting = true;
  std::vector<float>* v = new std::vector<float>(100);
  g_counting = false;
  EXPECT_GE(g_allocations.load(), 2) << "new and the vector's buffer";
  delete v;
  struct Call {
    const char* name;
    void* (*allocate)();
  };
  const Call calls[] = {
      {"malloc", [] { return std::malloc(64); }},
      {"calloc", [] { return std::calloc(16, 4); }},
      {"realloc", [] { return std::realloc(g_block, 4096); }},
      {"aligned_alloc", [] { return std::aligned_alloc(64, 128); }},
  };
  g_block = std::malloc(16);
  for (const Call& call : calls) {
    g_allocations = 0;
    g_counting = true;
    g_sink = call.allocate();
    g_counting = false;
    EXPECT_NE(g_sink, nullptr) << call.name;
    EXPECT_GE(g_allocations.load(), 1) << call.name << " was not counted";
    std::free(g_sink);
  }
}

struct Case {
  const char* model;
  const char* arch;
  int batch;
};

class ZeroAllocationPerStep : public ::testing::TestWithParam<Case> {};

TEST_P(ZeroAllocationPerStep, AfterTheFirstStep) {
  const Case k = GetParam();
  for (int threads : {1, 2}) {
    ModelConfig c;
    c.model = k.model;
    c.arch = k.arch;
    c.batch = k.batch;
    c.code_dim = default_code_dim(c);
    if (c.model == std::string("sparse")) c.sparsity = 0.05f;
    EXPECT_EQ(allocations_per_steps(c, threads, 1, 3), 0) << k.model << " batch " << k.batch << ", " << threads
                                                          << " threads";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Zoo, ZeroAllocationPerStep,
    ::testing::Values(Case{"linear", "linear", 20}, Case{"linear", "linear", 256}, Case{"mlp", "linear", 64},
                      Case{"conv", "linear", 20}, Case{"conv", "linear", 256}, Case{"conv-strided", "linear", 32},
                      Case{"conv-upsample", "linear", 32}, Case{"denoise", "conv", 20}, Case{"vae", "linear", 128},
                      Case{"sparse", "linear", 20}, Case{"contractive", "linear", 20}),
    [](const ::testing::TestParamInfo<Case>& i) {
      std::string name = std::string(i.param.model) + "_" + std::to_string(i.param.batch);
      for (char& ch : name)
        if (ch == '-') ch = '_';
      return name;
    });

}  // namespace
}  // namespace aelab

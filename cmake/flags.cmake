# Every compiler and linker flag of the project, for all three presets, lives here.
#   native        Release; AELAB_MARCH_NATIVE=ON picks the host's instruction set (AVX2/FMA...),
#                 OFF (the option's default) builds portable x86-64-v2 binaries, whose results
#                 are bit-identical to the wasm build's (README: "Same run everywhere").
#   native-debug  -O1 -g with AddressSanitizer + UndefinedBehaviorSanitizer.
#   wasm          Emscripten: pthreads + wasm SIMD128 (Eigen vectorises through Emscripten's
#                 SSE-to-SIMD128 headers, so the SSE flags are what switch Eigen's SIMD on).
#                 aelab_flags_single_thread is the same without pthreads, for the page's
#                 single-threaded variant (web/), which runs without cross-origin isolation.
option(AELAB_MARCH_NATIVE "Optimise native builds for this machine's CPU (-march=native)" OFF)
option(AELAB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(AELAB_FUZZ "Build the core with libFuzzer coverage + ASan + UBSan, and the fuzz targets (clang)" OFF)
option(AELAB_TSAN "Build the core with ThreadSanitizer, and only the trainer hand-off test" OFF)

# aelab_flags = aelab_flags_base + threads; aelab_flags_single_thread (wasm only) = the base alone.
add_library(aelab_flags_base INTERFACE)
add_library(aelab_flags INTERFACE)
target_link_libraries(aelab_flags INTERFACE aelab_flags_base)
# No FMA contraction: keeps float results equal to PyTorch's op order and across targets.
# No errno from math functions: lets loops calling std::sqrt vectorise (results are unchanged,
# sqrt is correctly rounded either way).
target_compile_options(aelab_flags_base INTERFACE -ffp-contract=off -fno-math-errno -Wall -Wextra)
# Eigen's matrix products take their packing workspace from the stack up to this size and from
# malloc above it; at 1 MiB every product of the model zoo stays on the stack, so a training
# step allocates nothing (tests/test_alloc.cpp). Thread stacks are 8 MiB natively and 4 MiB
# in wasm (DEFAULT_PTHREAD_STACK_SIZE below).
target_compile_definitions(aelab_flags_base INTERFACE EIGEN_STACK_ALLOCATION_LIMIT=1048576)
# GCC 12 reports false positives inside its own AVX-512 intrinsics when Eigen uses them.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(aelab_flags_base INTERFACE -Wno-maybe-uninitialized)
endif()

if(EMSCRIPTEN)
  # Eigen 3.4 emits x86 inline asm that cannot compile for wasm, keyed on the GCC version clang
  # claims: below "6.3" in SSE pmin/pmax, from 6.0 on as register hints in the GEMM kernel.
  # Eigen computes the version as 10*major+minor, so "5.13" reads as 63 there and as < 6.0 in
  # its GNUC_AT_LEAST checks: both asm paths are skipped and plain intrinsics remain.
  target_compile_options(aelab_flags_base INTERFACE -msimd128 -msse -msse2 -msse3 -mssse3 -msse4.1 -fgnuc-version=5.13)
  # Eigen sizes its GEMM register blocks as 2*sizeof(void*) registers: 8 on wasm32, 16 on x86-64.
  # The block shape decides the summation order, so wasm gets x86-64's for bit-identical results.
  target_compile_definitions(aelab_flags_base INTERFACE EIGEN_ARCH_DEFAULT_NUMBER_OF_REGISTERS=16)
  target_include_directories(aelab_flags_base SYSTEM INTERFACE ${CMAKE_CURRENT_LIST_DIR}/wasm-include)
  target_link_options(aelab_flags_base INTERFACE -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB)
  # -pthread on every object: objects without it cannot be linked into a shared-memory wasm.
  # Growth with threads only slows JavaScript's view of the heap, which nothing here leans on.
  target_compile_options(aelab_flags INTERFACE -pthread)
  target_link_options(aelab_flags INTERFACE -pthread -sDEFAULT_PTHREAD_STACK_SIZE=4194304 -Wno-pthreads-mem-growth)
  # Without -pthread: no shared memory, so no SharedArrayBuffer and no cross-origin isolation
  # needed; std::thread cannot start (kHaveThreads in src/thread_pool.h is false).
  add_library(aelab_flags_single_thread INTERFACE)
  target_link_libraries(aelab_flags_single_thread INTERFACE aelab_flags_base)
  # Debian's emcc runs JavaScript tools at link time that import acorn from /usr/share/nodejs.
  set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
  # Headless programs (tests, CLI) under Node: main() on a pthread so it may block on workers,
  # a pre-started worker pool, and the host file system.
  set(AELAB_NODE_LINK_FLAGS -sPROXY_TO_PTHREAD=1 -sEXIT_RUNTIME=1 -sNODERAWFS=1 -sPTHREAD_POOL_SIZE=8
      -sENVIRONMENT=node,worker)
  # Test suites link at -O1: Binaryen's -O3 pass over each suite took ~30 s of a fresh build's
  # ~20 suites (5 s at -O1), and it does not change what the float operations compute; the CLI,
  # the bench and the app, whose speed is measured, keep the full link optimisation.
  set(AELAB_TEST_LINK_FLAGS -O1)
else()
  if(AELAB_FUZZ)
    target_compile_options(aelab_flags_base INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
    target_compile_definitions(aelab_flags_base INTERFACE FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
    target_link_options(aelab_flags_base INTERFACE -fsanitize=address,undefined)
  endif()
  if(AELAB_TSAN)
    target_compile_options(aelab_flags_base INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(aelab_flags_base INTERFACE -fsanitize=thread)
  endif()
  if(AELAB_SANITIZE)
    target_compile_options(aelab_flags_base INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
    target_link_options(aelab_flags_base INTERFACE -fsanitize=address,undefined)
  endif()
  find_package(Threads REQUIRED)
  target_link_libraries(aelab_flags INTERFACE Threads::Threads)
endif()

# Instruction sets, apart from aelab_flags so that one build can hold a core of each (src/).
#   portable  x86-64-v2 (SSE4.2): Eigen takes the same 4-wide SSE path as in the wasm build,
#             so training gives the same bits as wasm and as any other x86-64-v2 machine.
#   tuned     -march=native: AVX2/AVX-512 and FMA kernels, faster, equal only to within rounding.
add_library(aelab_isa_portable INTERFACE)
add_library(aelab_isa_tuned INTERFACE)
if(NOT EMSCRIPTEN)
  target_compile_options(aelab_isa_portable INTERFACE -march=x86-64-v2)
  target_compile_options(aelab_isa_tuned INTERFACE -march=native)
endif()

# Builds a headless program for Node when targeting wasm (no-op natively).
function(aelab_node_program target)
  if(EMSCRIPTEN)
    target_link_options(${target} PRIVATE ${AELAB_NODE_LINK_FLAGS})
    set_target_properties(${target} PROPERTIES SUFFIX ".js")
  endif()
endfunction()

# Every compiler and linker flag of the project, for all three presets, lives here.
#   native        Release; AELAB_MARCH_NATIVE=ON picks the host's instruction set (AVX2/FMA...),
#                 OFF (the option's default) builds portable x86-64 binaries.
#   native-debug  -O1 -g with AddressSanitizer + UndefinedBehaviorSanitizer.
#   wasm          Emscripten: pthreads + wasm SIMD128 (Eigen vectorises through Emscripten's
#                 SSE-to-SIMD128 headers, so the SSE flags are what switch Eigen's SIMD on).
option(AELAB_MARCH_NATIVE "Optimise native builds for this machine's CPU (-march=native)" OFF)
option(AELAB_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

add_library(aelab_flags INTERFACE)
# No FMA contraction: keeps float results equal to PyTorch's op order and across targets.
target_compile_options(aelab_flags INTERFACE -ffp-contract=off -Wall -Wextra)
# GCC 12 reports false positives inside its own AVX-512 intrinsics when Eigen uses them.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(aelab_flags INTERFACE -Wno-maybe-uninitialized)
endif()

if(EMSCRIPTEN)
  set(AELAB_WASM_COMPILE_FLAGS -pthread -msimd128 -msse -msse2 -msse3 -mssse3 -msse4.1)
  target_compile_options(aelab_flags INTERFACE ${AELAB_WASM_COMPILE_FLAGS})
  target_link_options(aelab_flags INTERFACE -pthread -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2GB
                      -sSTACK_SIZE=1MB)
  # Headless programs (tests, CLI) under Node: main() on a pthread so it may block on workers,
  # a pre-started worker pool, and the host file system.
  set(AELAB_NODE_LINK_FLAGS -sPROXY_TO_PTHREAD=1 -sEXIT_RUNTIME=1 -sNODERAWFS=1 -sPTHREAD_POOL_SIZE=8
      -sENVIRONMENT=node,worker)
else()
  if(AELAB_MARCH_NATIVE)
    target_compile_options(aelab_flags INTERFACE -march=native)
  endif()
  if(AELAB_SANITIZE)
    target_compile_options(aelab_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
    target_link_options(aelab_flags INTERFACE -fsanitize=address,undefined)
  endif()
  find_package(Threads REQUIRED)
  target_link_libraries(aelab_flags INTERFACE Threads::Threads)
endif()

# Builds a headless program for Node when targeting wasm (no-op natively).
function(aelab_node_program target)
  if(EMSCRIPTEN)
    target_link_options(${target} PRIVATE ${AELAB_NODE_LINK_FLAGS})
    set_target_properties(${target} PROPERTIES SUFFIX ".js")
  endif()
endfunction()

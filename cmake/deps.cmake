# Third-party dependencies, all from Debian packages: Eigen (header-only), stb (header-only),
# GoogleTest, and libjpeg-turbo's libjpeg (built from Debian's source by scripts/setup.sh). Native builds use find_package; Emscripten builds point at the same headers
# (only their own directories, never /usr/include) and compile GoogleTest from its sources.
if(EMSCRIPTEN)
  find_path(AELAB_EIGEN_DIR Eigen/Core PATHS /usr/include/eigen3 NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT AELAB_EIGEN_DIR)
    message(FATAL_ERROR "Eigen 3 headers not found in /usr/include/eigen3: run scripts/setup.sh")
  endif()
  add_library(Eigen3::Eigen INTERFACE IMPORTED)
  target_include_directories(Eigen3::Eigen SYSTEM INTERFACE ${AELAB_EIGEN_DIR})
else()
  find_package(Eigen3 3.4 REQUIRED NO_MODULE)
endif()

find_path(AELAB_STB_DIR stb_image.h PATHS /usr/include/stb NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT AELAB_STB_DIR)
  message(FATAL_ERROR "stb headers not found in /usr/include/stb: run scripts/setup.sh (libstb-dev)")
endif()
add_library(aelab_stb INTERFACE)
target_include_directories(aelab_stb SYSTEM INTERFACE ${AELAB_STB_DIR})

# libjpeg: scripts/setup.sh builds libjpeg-turbo 2.1.5 (apt-get source) static, without SIMD, once
# for each kind of build: gcc for native, native-debug and native-tsan (uninstrumented: the
# sanitizers check aelab's side of the calls), clang with libFuzzer coverage + ASan + UBSan for
# fuzz, and emcc with and without -pthread for wasm (aelab_jpeg_st: the page's single-threaded
# core). Each is used directly: Debian's own libjpeg-dev, if installed, must not be picked up.
set(AELAB_THIRD_PARTY_DIR ${PROJECT_SOURCE_DIR}/build/third_party CACHE PATH "scripts/setup.sh's builds")
function(aelab_libjpeg target name)
  set(prefix ${AELAB_THIRD_PARTY_DIR}/${name})
  if(NOT EXISTS ${prefix}/lib/libjpeg.a OR NOT EXISTS ${prefix}/include/jpeglib.h)
    message(FATAL_ERROR "${prefix}/lib/libjpeg.a is missing: run scripts/setup.sh (it builds libjpeg-turbo)")
  endif()
  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE ${prefix}/include)
  target_link_libraries(${target} INTERFACE ${prefix}/lib/libjpeg.a)
endfunction()
if(EMSCRIPTEN)
  aelab_libjpeg(aelab_jpeg libjpeg-wasm)
  aelab_libjpeg(aelab_jpeg_st libjpeg-wasm-st)
elseif(AELAB_FUZZ)
  aelab_libjpeg(aelab_jpeg libjpeg-fuzz)
else()
  aelab_libjpeg(aelab_jpeg libjpeg-native)
endif()

find_program(AELAB_NODE node NO_CMAKE_FIND_ROOT_PATH REQUIRED)

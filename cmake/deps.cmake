# Third-party dependencies, all from Debian packages: Eigen (header-only), stb (header-only),
# GoogleTest. Native builds use find_package; Emscripten builds point at the same headers
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

find_program(AELAB_NODE node NO_CMAKE_FIND_ROOT_PATH REQUIRED)

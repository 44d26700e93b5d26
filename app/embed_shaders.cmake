# Writes OUT: a C++ header with each GLSL file of SHADER_DIR as a raw string constant named after
# the file (colormap.frag.glsl -> kShader_colormap_frag). Run at build time by app/CMakeLists.txt.
file(GLOB SHADERS ${SHADER_DIR}/*.glsl)
list(SORT SHADERS)
set(text "// Generated from shaders/*.glsl by app/embed_shaders.cmake; do not edit.\n#pragma once\n")
foreach(f ${SHADERS})
  get_filename_component(name ${f} NAME)
  string(REPLACE ".glsl" "" name ${name})
  string(REPLACE "." "_" name ${name})
  file(READ ${f} body)
  string(APPEND text "static const char kShader_${name}[] = R\"aelab_glsl(${body})aelab_glsl\";\n")
endforeach()
file(WRITE ${OUT}.tmp "${text}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)

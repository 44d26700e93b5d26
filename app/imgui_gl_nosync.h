// Web build only: forced into imgui_impl_opengl3.cpp (see app/CMakeLists.txt). ImGui's
// backend saves ~20 pieces of GL state per frame with glGetIntegerv/glIsEnabled and restores
// them after drawing. In Chrome several of those are synchronous round trips to the GPU
// process, each waiting for the previous frame's rendering: measured, they took ~95% of the
// main thread (2.7 of 3 s) and capped the page at ~10 fps. Nothing in this app relies on GL
// state surviving ImGui's render (gpu_images.cpp sets all it needs), so the backup reads
// answer neutral values locally instead.
#pragma once
#include <GLES3/gl3.h>

static inline void aelab_imgui_get_integerv(GLenum pname, GLint* v) {
  switch (pname) {
    case GL_ACTIVE_TEXTURE: v[0] = GL_TEXTURE0; break;
    case GL_BLEND_SRC_RGB: case GL_BLEND_SRC_ALPHA: v[0] = GL_SRC_ALPHA; break;
    case GL_BLEND_DST_RGB: case GL_BLEND_DST_ALPHA: v[0] = GL_ONE_MINUS_SRC_ALPHA; break;
    case GL_BLEND_EQUATION_RGB: case GL_BLEND_EQUATION_ALPHA: v[0] = GL_FUNC_ADD; break;
    case GL_VIEWPORT: case GL_SCISSOR_BOX: v[0] = v[1] = v[2] = v[3] = 0; break;
    default: v[0] = 0; break;  // bindings (program, texture, buffer, vertex array, sampler)
  }
}
static inline GLboolean aelab_imgui_is_enabled(GLenum) { return GL_FALSE; }

#define glGetIntegerv aelab_imgui_get_integerv
#define glIsEnabled aelab_imgui_is_enabled

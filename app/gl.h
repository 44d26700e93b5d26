// The one place that includes OpenGL: GLES 3 (WebGL2) on the web, GL 3.3 core on the desktop,
// and the GLSL header each needs in front of the shaders in shaders/ (which have none).
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#define AELAB_GLSL_PREFIX "#version 300 es\nprecision highp float;\nprecision highp int;\n"
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#define AELAB_GLSL_PREFIX "#version 330 core\n"
#endif

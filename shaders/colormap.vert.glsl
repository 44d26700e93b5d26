// One textured quad per image region of the atlas, in atlas pixel coordinates.
// No #version line: app/shaders.cpp prepends "#version 300 es" (web) or "#version 330 core".
layout(location = 0) in vec2 a_pos;   // atlas pixels
layout(location = 1) in float a_mode;  // ColorMode of the region
uniform vec2 u_atlas_size;
out vec2 v_uv;
out float v_mode;
void main() {
  v_uv = a_pos / u_atlas_size;
  v_mode = a_mode;
  // Texel row y of the output is texel row y of the source: no flip, both are atlas rows.
  gl_Position = vec4(v_uv * 2.0 - 1.0, 0.0, 1.0);
}

// Colours one atlas region: v_mode 0 = digit (ink on paper, grey), 1 = heat map of a signed
// value stored as 0.5 + v/2 (blue < 0 < red, through near-black), 2 = magma-like ramp for [0, 1],
// 3 = diverging map of a signed value stored as 0.5 + v/2 (blue < 0 < red, through white; the
// filter view's weights, so that zero reads as paper and sign as hue), 4 = a colour image as it is.
in vec2 v_uv;
in float v_mode;
uniform sampler2D u_source;   // RGBA8: the value in .r, or a colour image in .rgb
out vec4 frag_color;

vec3 diverging(float s) {
  // matplotlib's RdBu reversed, as three stops per side.
  vec3 blue_dark = vec3(0.020, 0.188, 0.380), blue = vec3(0.263, 0.576, 0.765);
  vec3 red_dark = vec3(0.404, 0.000, 0.122), red = vec3(0.839, 0.376, 0.302);
  vec3 white = vec3(0.969, 0.969, 0.969);
  float a = abs(s);
  if (s < 0.0) return a < 0.5 ? mix(white, blue, a * 2.0) : mix(blue, blue_dark, a * 2.0 - 1.0);
  return a < 0.5 ? mix(white, red, a * 2.0) : mix(red, red_dark, a * 2.0 - 1.0);
}

vec3 magma(float t) {
  // A 4-stop piecewise linear approximation of matplotlib's magma.
  vec3 c0 = vec3(0.001, 0.000, 0.014);
  vec3 c1 = vec3(0.317, 0.071, 0.485);
  vec3 c2 = vec3(0.716, 0.215, 0.475);
  vec3 c3 = vec3(0.987, 0.536, 0.382);
  vec3 c4 = vec3(0.987, 0.991, 0.750);
  t = clamp(t, 0.0, 1.0) * 4.0;
  if (t < 1.0) return mix(c0, c1, t);
  if (t < 2.0) return mix(c1, c2, t - 1.0);
  if (t < 3.0) return mix(c2, c3, t - 2.0);
  return mix(c3, c4, t - 3.0);
}

void main() {
  vec4 texel = texture(u_source, v_uv);
  float v = texel.r;
  vec3 rgb;
  int mode = int(v_mode + 0.5);
  if (mode == 4) {
    rgb = texel.rgb;
  } else if (mode == 0) {
    rgb = vec3(v);
  } else if (mode == 1) {
    float s = v * 2.0 - 1.0;
    vec3 neg = vec3(0.20, 0.45, 1.00);
    vec3 pos = vec3(1.00, 0.35, 0.20);
    rgb = mix(vec3(0.06), s < 0.0 ? neg : pos, sqrt(abs(s)));
  } else if (mode == 2) {
    rgb = magma(v);
  } else {
    rgb = diverging(clamp(v * 2.0 - 1.0, -1.0, 1.0));
  }
  frag_color = vec4(rgb, 1.0);
}

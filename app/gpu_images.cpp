// The image atlas: a shelf allocator on the CPU, a glTexSubImage2D upload and a colormap pass
// into a framebuffer. Runs before ImGui renders, which then sets its own GL state again.
#include "gpu_images.h"

#include <algorithm>
#include <cmath>

#include "gl.h"
#include "hash.h"
#include "shaders_embedded.h"

namespace aelab {

namespace {
bool compile(GLenum type, const char* body, GLuint* out, std::string* error) {
  const GLuint s = glCreateShader(type);
  const char* parts[2] = {AELAB_GLSL_PREFIX, body};
  glShaderSource(s, 2, parts, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024] = {0};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    *error = std::string("shader compile failed: ") + log;
    glDeleteShader(s);
    return false;
  }
  *out = s;
  return true;
}

// The broken colormap of GpuImages::init's `black`: what a wrong shader could look like.
constexpr char kBlackFragment[] = "out vec4 frag_color;\nvoid main() { frag_color = vec4(0.0, 0.0, 0.0, 1.0); }\n";
}  // namespace

GpuImages::~GpuImages() {
  if (!program_) return;
  glDeleteProgram(program_);
  glDeleteVertexArrays(1, &vao_);
  glDeleteBuffers(1, &vbo_);
  glDeleteTextures(1, &src_tex_);
  glDeleteTextures(1, &out_tex_);
  glDeleteFramebuffers(1, &fbo_);
}

bool GpuImages::init(bool black, std::string* error) {
  GLuint vs = 0, fs = 0;
  if (!compile(GL_VERTEX_SHADER, kShader_colormap_vert, &vs, error)) return false;
  if (!compile(GL_FRAGMENT_SHADER, black ? kBlackFragment : kShader_colormap_frag, &fs, error)) return false;
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[1024] = {0};
    glGetProgramInfoLog(program_, sizeof log, nullptr, log);
    *error = std::string("shader link failed: ") + log;
    return false;
  }
  loc_atlas_ = glGetUniformLocation(program_, "u_atlas_size");
  loc_source_ = glGetUniformLocation(program_, "u_source");

  source_.assign(static_cast<size_t>(kAtlas) * kAtlas * 4, 0);
  glGenTextures(1, &src_tex_);
  glBindTexture(GL_TEXTURE_2D, src_tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kAtlas, kAtlas, 0, GL_RGBA, GL_UNSIGNED_BYTE, source_.data());
  for (GLuint tex : {src_tex_}) {
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glGenTextures(1, &out_tex_);
  glBindTexture(GL_TEXTURE_2D, out_tex_);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kAtlas, kAtlas, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glGenFramebuffers(1, &fbo_);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, out_tex_, 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    *error = "the colormap framebuffer is incomplete";
    return false;
  }
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 3 * sizeof(float), reinterpret_cast<void*>(2 * sizeof(float)));
  glBindVertexArray(0);
  return true;
}

void GpuImages::begin_frame() {
  shelf_x_ = shelf_y_ = shelf_h_ = 0;
  vertices_.clear();
  list_pixels_.clear();
}

uint64_t GpuImages::pixels_hash(const ImDrawList* list) const {
  for (const auto& [l, h] : list_pixels_) {
    if (l == list) return h;
  }
  return 0;
}

ImageRef GpuImages::add(const float* values, int w, int h, ColorMode mode) { return place(values, w, h, 1, mode); }

ImageRef GpuImages::add_image(const float* chw, int w, int h, int channels, float shown) {
  const ColorMode mode = channels == 3 ? ColorMode::kRgb : ColorMode::kDigit;
  // Images up to 32x32 always fit (80 of them take a third of the atlas) and stay as they are.
  const int side = std::max(w, h);
  const int f = side <= 32 ? 1 : std::max(1, static_cast<int>(std::ceil(side / std::max(shown, 1.0f))));
  if (f == 1) return place(chw, w, h, channels, mode);
  const int rw = std::max(1, w / f), rh = std::max(1, h / f);
  reduced_.assign(static_cast<size_t>(channels) * rw * rh, 0.0f);
  for (int c = 0; c < channels; ++c) {
    for (int y = 0; y < rh * f && y < h; ++y) {
      for (int x = 0; x < rw * f && x < w; ++x) {
        reduced_[(static_cast<size_t>(c) * rh + y / f) * rw + x / f] +=
            chw[(static_cast<size_t>(c) * h + y) * w + x] / static_cast<float>(f * f);
      }
    }
  }
  return place(reduced_.data(), rw, rh, channels, mode);
}

// channels planes of w x h values into the atlas's red (and green, blue) channels.
ImageRef GpuImages::place(const float* values, int w, int h, int channels, ColorMode mode) {
  ImageRef ref;
  ref.texture = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(out_tex_));
  if (shelf_x_ + w + 1 > kAtlas) {
    shelf_x_ = 0;
    shelf_y_ += shelf_h_ + 1;
    shelf_h_ = 0;
  }
  if (w > kAtlas || shelf_y_ + h > kAtlas) return ref;  // full: drawn blank (a UI bug, not data)
  const int x = shelf_x_, y = shelf_y_;
  shelf_x_ += w + 1;
  shelf_h_ = std::max(shelf_h_, h);
  const int shape[3] = {w, h, static_cast<int>(mode)};
  uint64_t hash = fnv1a(kFnvOffset, shape, sizeof shape);
  const size_t plane = static_cast<size_t>(w) * h;
  for (int j = 0; j < h; ++j) {
    for (int i = 0; i < w; ++i) {
      unsigned char* texel = &source_[(static_cast<size_t>(y + j) * kAtlas + x + i) * 4];
      for (int c = 0; c < 3; ++c) {  // unused channels cleared: the atlas is the same bytes for the same images
        const float v = c < channels ? std::clamp(values[c * plane + static_cast<size_t>(j) * w + i], 0.0f, 1.0f) : 0.0f;
        texel[c] = static_cast<unsigned char>(std::lround(v * 255.0f));
      }
      hash = fnv1a(hash, texel, static_cast<size_t>(channels));
    }
  }
  const ImDrawList* list = ImGui::GetWindowDrawList();
  auto it = std::find_if(list_pixels_.begin(), list_pixels_.end(), [&](const auto& e) { return e.first == list; });
  if (it == list_pixels_.end()) {
    list_pixels_.emplace_back(list, hash);
  } else {
    it->second = fnv1a(it->second, &hash, sizeof hash);  // order matters: a swap is a change
  }
  const float m = static_cast<float>(mode);
  const float fx0 = x, fy0 = y, fx1 = x + w, fy1 = y + h;
  const float quad[6][2] = {{fx0, fy0}, {fx1, fy0}, {fx1, fy1}, {fx0, fy0}, {fx1, fy1}, {fx0, fy1}};
  for (const auto& p : quad) vertices_.insert(vertices_.end(), {p[0], p[1], m});
  ref.uv0 = ImVec2(fx0 / kAtlas, fy0 / kAtlas);
  ref.uv1 = ImVec2(fx1 / kAtlas, fy1 / kAtlas);
  return ref;
}

void GpuImages::flush() {
  if (vertices_.empty() || !program_) return;
  if (vertices_ == drawn_vertices_ && source_ == drawn_source_) return;
  drawn_vertices_ = vertices_;
  drawn_source_ = source_;
  glBindTexture(GL_TEXTURE_2D, src_tex_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  const int rows = std::min(kAtlas, shelf_y_ + shelf_h_);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kAtlas, rows, GL_RGBA, GL_UNSIGNED_BYTE, source_.data());
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
  glViewport(0, 0, kAtlas, kAtlas);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glUseProgram(program_);
  glUniform2f(loc_atlas_, static_cast<float>(kAtlas), static_cast<float>(kAtlas));
  glUniform1i(loc_source_, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, src_tex_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices_.size() * sizeof(float)), vertices_.data(),
               GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices_.size() / 3));
  glBindVertexArray(0);
  glUseProgram(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace aelab

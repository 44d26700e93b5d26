// Image folders (image_folder.h): listing, class subfolders and decoding (PNG with stb_image,
// JPEG with libjpeg-turbo through jpeg_decode.h).
#include "image_folder.h"

#include <dirent.h>
#include <stb_image.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>

#include "file_io.h"
#include "jpeg_decode.h"

namespace aelab {

bool is_image_name(const std::string& name) {
  std::string ext = name.substr(name.find_last_of('.') == std::string::npos ? name.size() : name.find_last_of('.'));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

namespace {

// stb_image 2.27 grows its buffer to a PNG chunk's declared length before it checks the chunk's
// bytes are there (a 1.2 GB allocation from a 700-byte file; found by fuzz_image_zip). Every
// chunk, its header included, must fit in the file, and image data chunks must not be empty.
bool png_chunks_fit(const uint8_t* p, size_t n) {
  static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (n < 8 || std::memcmp(p, kSignature, 8) != 0) return true;
  for (size_t i = 8; i < n;) {
    // A chunk header cut short: stb would still read its length and allocate it (fuzz_drop).
    if (n - i < 12) return false;
    const size_t len = static_cast<size_t>(p[i]) << 24 | static_cast<size_t>(p[i + 1]) << 16 |
                       static_cast<size_t>(p[i + 2]) << 8 | p[i + 3];
    if (len > n - i - 12) return false;
    // An empty IDAT makes stb copy zero bytes into a buffer it has not allocated yet (UB).
    if (len == 0 && std::memcmp(p + i + 4, "IDAT", 4) == 0) return false;
    if (std::memcmp(p + i + 4, "IEND", 4) == 0) return true;
    i += 12 + len;
  }
  return true;  // a file without IEND: stb decides
}

bool is_hidden(const std::string& path) {
  for (size_t start = 0; start < path.size();) {
    if (path[start] == '.' || path.compare(start, 8, "__MACOSX") == 0) return true;
    const size_t slash = path.find('/', start);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return false;
}

// The folders of a path: "a/b/c.png" -> {"a", "b"}.
std::vector<std::string> folders(const std::string& path) {
  std::vector<std::string> out;
  for (size_t start = 0, slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1)
    out.push_back(path.substr(start, slash - start));
  return out;
}

// The checks every image passes before it is decoded, and its size and channel count.
bool image_header(const NamedBytes& f, int* w, int* h, int* comp, std::string* error) {
  if (is_jpeg(f.bytes.data(), f.bytes.size())) {
    JpegHeader header;
    if (!read_jpeg_header(f.bytes.data(), f.bytes.size(), &header, error)) {
      *error = printable(f.name, 60) + ": " + printable(*error, 120);
      return false;
    }
    *w = header.width, *h = header.height, *comp = header.channels;
    return true;
  }
  if (!png_chunks_fit(f.bytes.data(), f.bytes.size())) {
    *error = printable(f.name, 60) + ": corrupt PNG (a chunk runs past the end of the file, or an empty image data chunk)";
    return false;
  }
  if (f.bytes.size() > INT32_MAX ||
      !stbi_info_from_memory(f.bytes.data(), static_cast<int>(f.bytes.size()), w, h, comp)) {
    *error = printable(f.name, 60) + ": not a PNG or JPEG image";
    return false;
  }
  return true;
}

// An image that passed image_header, as HWC bytes with `channels` (1, 3 or 4: RGBA) a pixel; its
// size must still be w x h, at most max_side a side.
bool decode_image(const NamedBytes& f, int channels, int max_side, int w, int h, std::vector<uint8_t>* hwc,
                  std::string* error) {
  if (is_jpeg(f.bytes.data(), f.bytes.size())) {
    JpegHeader header;
    if (!decode_jpeg(f.bytes.data(), f.bytes.size(), channels, max_side, hwc, &header, error)) {
      *error = printable(f.name, 60) + ": " + printable(*error, 120);
      return false;
    }
    if (header.width == w && header.height == h) return true;
    *error = printable(f.name, 60) + ": corrupt image (size changed)";
    return false;
  }
  int got_w = 0, got_h = 0, comp = 0;
  std::unique_ptr<uint8_t, void (*)(void*)> pixels(
      stbi_load_from_memory(f.bytes.data(), static_cast<int>(f.bytes.size()), &got_w, &got_h, &comp, channels),
      stbi_image_free);
  if (!pixels || got_w != w || got_h != h) {
    *error = printable(f.name, 60) + ": corrupt image (" +
             (stbi_failure_reason() && !pixels ? printable(stbi_failure_reason(), 60) : "size changed") + ")";
    return false;
  }
  hwc->assign(pixels.get(), pixels.get() + static_cast<size_t>(w) * h * channels);
  return true;
}

}  // namespace

bool decode_picture(const NamedBytes& file, std::vector<float>* grey, int* width, int* height, std::string* error) {
  int w = 0, h = 0, comp = 0;
  if (!image_header(file, &w, &h, &comp, error)) return false;
  if (w < 1 || h < 1 || w > kMaxPictureSide || h > kMaxPictureSide) {
    *error = printable(file.name, 60) + " is " + std::to_string(w) + "x" + std::to_string(h) + ", larger than " +
             std::to_string(kMaxPictureSide) + "x" + std::to_string(kMaxPictureSide);
    return false;
  }
  std::vector<uint8_t> rgba;
  if (!decode_image(file, 4, kMaxPictureSide, w, h, &rgba, error)) return false;
  const size_t n = static_cast<size_t>(w) * h;
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* p = rgba.data() + 4 * i;
    // Rec. 601 luma, over white paper where the picture is transparent.
    const float luma = (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]) / 255.0f, alpha = p[3] / 255.0f;
    out[i] = luma * alpha + (1.0f - alpha);
  }
  *grey = std::move(out);
  *width = w;
  *height = h;
  return true;
}

bool decode_image_files(const std::vector<NamedBytes>& files, Dataset* out, std::string* error) {
  std::vector<const NamedBytes*> images;
  for (const NamedBytes& f : files)
    if (is_image_name(f.name) && !is_hidden(f.name)) images.push_back(&f);
  if (images.empty()) {
    *error = "no .png or .jpg images";
    return false;
  }
  std::sort(images.begin(), images.end(), [](const NamedBytes* a, const NamedBytes* b) { return a->name < b->name; });
  // The leading folders every image shares are the folder itself, not classes.
  std::vector<std::string> common = folders(images[0]->name);
  for (const NamedBytes* f : images) {
    const std::vector<std::string> mine = folders(f->name);
    size_t k = 0;
    while (k < common.size() && k < mine.size() && common[k] == mine[k]) ++k;
    common.resize(k);
  }
  std::vector<std::string> class_of(images.size());
  std::map<std::string, int> classes;
  size_t in_class = 0;
  for (size_t i = 0; i < images.size(); ++i) {
    const std::vector<std::string> mine = folders(images[i]->name);
    if (mine.size() > common.size()) {
      class_of[i] = mine[common.size()];
      classes[class_of[i]] = 0;
      ++in_class;
    }
  }
  if (in_class != 0 && in_class != images.size()) {
    *error = "images both in class subfolders and beside them (" + printable(images[0]->name, 60) + ")";
    return false;
  }
  if (classes.size() > static_cast<size_t>(kMaxClasses)) {
    *error = std::to_string(classes.size()) + " class subfolders, more than " + std::to_string(kMaxClasses);
    return false;
  }
  int next_label = 0;
  for (auto& [name, label] : classes) label = next_label++;

  // Sizes first (headers only), so nothing is decoded from a set that cannot load.
  int rows = 0, cols = 0, channels = 1;
  for (const NamedBytes* f : images) {
    int w = 0, h = 0, comp = 0;
    if (!image_header(*f, &w, &h, &comp, error)) return false;
    if (rows == 0) rows = h, cols = w;
    if (h != rows || w != cols) {
      *error = printable(f->name, 60) + " is " + std::to_string(w) + "x" + std::to_string(h) + " but " +
               printable(images[0]->name, 60) + " is " + std::to_string(cols) + "x" + std::to_string(rows) +
               ": the images must be of one size";
      return false;
    }
    if (comp >= 3) channels = 3;
  }
  const std::string why = check_image_sizes(images.size(), rows, cols, channels);
  if (!why.empty()) {
    *error = why;
    return false;
  }
  Dataset d;
  d.count = static_cast<int>(images.size());
  d.rows = rows;
  d.cols = cols;
  d.channels = channels;
  const size_t plane = static_cast<size_t>(rows) * cols, dim = plane * channels;
  d.pixels.resize(images.size() * dim);
  std::vector<uint8_t> hwc;
  for (size_t i = 0; i < images.size(); ++i) {
    if (!decode_image(*images[i], channels, kMaxImageSide, cols, rows, &hwc, error)) return false;
    uint8_t* chw = d.pixels.data() + i * dim;
    for (size_t p = 0; p < plane; ++p)
      for (int c = 0; c < channels; ++c) chw[c * plane + p] = hwc[p * channels + c];
    if (in_class) d.labels.push_back(static_cast<uint8_t>(classes[class_of[i]]));
  }
  *out = std::move(d);
  return true;
}

bool read_image_folder(const std::string& dir, std::vector<NamedBytes>* files, std::string* error) {
  std::vector<NamedBytes> found;
  uint64_t total = 0;
  // The folder itself (depth 0) and its class subfolders (depth 1).
  std::vector<std::pair<std::string, int>> todo = {{"", 0}};
  while (!todo.empty()) {
    const auto [rel, depth] = todo.back();
    todo.pop_back();
    const std::string path = rel.empty() ? dir : dir + "/" + rel;
    DIR* d = opendir(path.c_str());
    if (!d) {
      *error = path + ": cannot open folder";
      return false;
    }
    std::vector<std::string> names;
    while (const dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') names.push_back(e->d_name);
    }
    closedir(d);
    for (const std::string& name : names) {
      const std::string child = rel.empty() ? name : rel + "/" + name;
      struct stat st;
      if (stat((dir + "/" + child).c_str(), &st) != 0) continue;
      if (S_ISDIR(st.st_mode)) {
        if (depth == 0) todo.push_back({child, 1});
        continue;
      }
      if (!S_ISREG(st.st_mode) || !is_image_name(name)) continue;
      total += static_cast<uint64_t>(st.st_size);
      if (total > kMaxDataBytes || found.size() >= static_cast<size_t>(kMaxImages)) {
        *error = dir + ": more than " + std::to_string(kMaxDataBytes >> 20) + " MiB or " +
                 std::to_string(kMaxImages) + " image files";
        return false;
      }
      NamedBytes f;
      f.name = child;
      if (!read_file(dir + "/" + child, kMaxDataBytes, &f.bytes, error)) return false;
      found.push_back(std::move(f));
    }
  }
  *files = std::move(found);
  return true;
}

}  // namespace aelab

// JPEG decoding with libjpeg-turbo (jpeg_decode.h). libjpeg reports errors by calling a handler
// that must not return; here it longjmps back to guarded(). Only libjpeg's C frames and the
// step functions below lie between the two, and none of them owns anything with a destructor,
// so the jump skips no C++ cleanup.
#include "jpeg_decode.h"

#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first

#include <jpeglib.h>

#include "check.h"

namespace aelab {

bool is_jpeg(const uint8_t* bytes, size_t n) { return n >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8; }

namespace {

struct Reader {
  jpeg_decompress_struct info;
  jpeg_error_mgr errors;
  jpeg_progress_mgr progress;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX + 32];  // why the file is refused, set before the jump
  const uint8_t* bytes;                // the file
  size_t size;
  uint8_t* pixels;  // decode_step's output: output_height rows of row_bytes
  size_t row_bytes;
};

Reader* reader_of(j_common_ptr info) { return static_cast<Reader*>(info->client_data); }

// libjpeg's fatal errors (its default handler would exit the process).
[[noreturn]] void on_error(j_common_ptr info) {
  Reader* r = reader_of(info);
  char text[JMSG_LENGTH_MAX];
  (*info->err->format_message)(info, text);
  std::snprintf(r->message, sizeof r->message, "not a valid JPEG (%s)", text);
  std::longjmp(r->jump, 1);
}

// Level -1 is a warning: corrupt or missing data that libjpeg would fill with grey and go on
// ("Premature end of JPEG file", "Corrupt JPEG data: ..."). Such a file is refused, not half
// loaded. Levels 0 and up are trace messages, dropped.
void on_message(j_common_ptr info, int level) {
  if (level < 0) on_error(info);
}

// Called between the scans and rows libjpeg reads: each scan of a progressive file passes over
// the whole image, so their count bounds the time a file of a few kilobytes can take.
void on_progress(j_common_ptr info) {
  if (reinterpret_cast<j_decompress_ptr>(info)->input_scan_number > kMaxJpegScans) {
    Reader* r = reader_of(info);
    std::snprintf(r->message, sizeof r->message, "a progressive JPEG of more than %d scans", kMaxJpegScans);
    std::longjmp(r->jump, 1);
  }
}

// Runs step(r) with libjpeg's errors caught: false (and r->message set) when one was raised.
bool guarded(Reader* r, void (*step)(Reader*)) {
  if (setjmp(r->jump)) return false;
  step(r);
  return true;
}

void header_step(Reader* r) {
  static_assert(sizeof(unsigned long) >= sizeof(size_t), "jpeg_mem_src takes the size as unsigned long");
  jpeg_mem_src(&r->info, r->bytes, r->size);  // an empty file is an error here already
  jpeg_read_header(&r->info, TRUE);
}

void decode_step(Reader* r) {
  jpeg_start_decompress(&r->info);
  if (r->info.output_width * static_cast<size_t>(r->info.output_components) != r->row_bytes) {
    std::snprintf(r->message, sizeof r->message, "not a valid JPEG (its output size is not its header's)");
    std::longjmp(r->jump, 1);
  }
  while (r->info.output_scanline < r->info.output_height) {
    JSAMPROW row = r->pixels + r->info.output_scanline * r->row_bytes;
    jpeg_read_scanlines(&r->info, &row, 1);
  }
  jpeg_finish_decompress(&r->info);  // reads on to the end-of-image marker
}

// The header's size and channels, or why the file is refused.
std::string check_header(const jpeg_decompress_struct& info, JpegHeader* header) {
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK)
    return std::string("a ") + (info.jpeg_color_space == JCS_CMYK ? "CMYK" : "YCCK") +
           " JPEG: only grey and colour (YCbCr or RGB) JPEGs are read";
  const bool grey = info.num_components == 1 && info.jpeg_color_space == JCS_GRAYSCALE;
  const bool colour =
      info.num_components == 3 && (info.jpeg_color_space == JCS_YCbCr || info.jpeg_color_space == JCS_RGB);
  if (!grey && !colour)
    return "a JPEG in another colour space (" + std::to_string(info.num_components) +
           " components): only grey and colour (YCbCr or RGB) JPEGs are read";
  header->width = static_cast<int>(info.image_width);
  header->height = static_cast<int>(info.image_height);
  header->channels = info.num_components;
  return "";
}

// Opens `bytes` and reads its header into *header; on failure the reason is in *error. The
// caller destroys r->info in every case.
bool open_and_read_header(Reader* r, const uint8_t* bytes, size_t n, JpegHeader* header, std::string* error) {
  r->info.err = jpeg_std_error(&r->errors);
  r->errors.error_exit = on_error;
  r->errors.emit_message = on_message;
  r->info.client_data = r;
  if (!guarded(r, [](Reader* s) { jpeg_create_decompress(&s->info); })) {
    *error = r->message;
    return false;
  }
  r->bytes = bytes;
  r->size = n;
  if (!guarded(r, header_step)) {
    *error = r->message;
    return false;
  }
  *error = check_header(r->info, header);
  return error->empty();
}

}  // namespace

bool read_jpeg_header(const uint8_t* bytes, size_t n, JpegHeader* header, std::string* error) {
  Reader r{};
  JpegHeader h;
  std::string why;
  const bool ok = open_and_read_header(&r, bytes, n, &h, &why);
  jpeg_destroy_decompress(&r.info);
  if (!ok) {
    *error = why;
    return false;
  }
  *header = h;
  return true;
}

bool decode_jpeg(const uint8_t* bytes, size_t n, int channels, int max_side, std::vector<uint8_t>* pixels,
                 JpegHeader* header, std::string* error) {
  AELAB_CHECK(channels == 1 || channels == 3 || channels == 4);
  Reader r{};
  JpegHeader h;
  std::string why;
  std::vector<uint8_t> out;
  bool ok = open_and_read_header(&r, bytes, n, &h, &why);
  if (ok && (h.width < 1 || h.height < 1 || h.width > max_side || h.height > max_side)) {
    why = std::to_string(h.width) + "x" + std::to_string(h.height) + " pixels, larger than " +
          std::to_string(max_side) + "x" + std::to_string(max_side);
    ok = false;
  }
  if (ok) {
    // Every choice that changes the pixels is made here, not left to the library's defaults:
    // the exact integer IDCT, smooth (triangle-filter) chroma upsampling, no guessing of
    // missing progressive coefficients, no colour quantisation, no scaling.
    r.info.dct_method = JDCT_ISLOW;
    r.info.do_fancy_upsampling = TRUE;
    r.info.do_block_smoothing = FALSE;
    r.info.quantize_colors = FALSE;
    r.info.scale_num = r.info.scale_denom = 1;
    r.info.out_color_space = channels == 1 ? JCS_GRAYSCALE : channels == 3 ? JCS_RGB : JCS_EXT_RGBA;
    // A progressive file keeps every coefficient of the image (2 bytes a pixel for each of its
    // 3 components, padded to whole blocks); the cap refuses anything beyond that instead of
    // trusting the header's sizes alone. 16 MiB more for tables and row buffers.
    const long padded_side = static_cast<long>(max_side) + 32;
    r.info.mem->max_memory_to_use = 6 * padded_side * padded_side + (16L << 20);
    r.progress.progress_monitor = on_progress;
    r.info.progress = &r.progress;
    r.row_bytes = static_cast<size_t>(h.width) * channels;
    out.resize(r.row_bytes * h.height);
    r.pixels = out.data();
    if (!guarded(&r, decode_step)) {
      why = r.message;
      ok = false;
    }
  }
  jpeg_destroy_decompress(&r.info);
  if (!ok) {
    *error = why;
    return false;
  }
  *pixels = std::move(out);
  *header = h;
  return true;
}

}  // namespace aelab

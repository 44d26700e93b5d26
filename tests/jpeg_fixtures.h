// A JPEG writer for the tests and make_data_fixtures.cpp: libjpeg-turbo's compressor, the same
// library the core decodes with (scripts/setup.sh), so JPEG sets are made at test time and none
// is committed. The options reach the decoder's paths: grey, YCbCr 4:2:0 or 4:4:4, RGB, CMYK,
// progressive, arithmetic coding, restart markers, a hand-written scan script.
#pragma once
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first
#include <cstdlib>
#include <string>
#include <vector>

#include <jpeglib.h>

#include "dataset.h"
#include "zip.h"

namespace aelab {

struct JpegOptions {
  int quality = 90;
  J_COLOR_SPACE space = JCS_YCbCr;  // the file's colour space: JCS_GRAYSCALE, JCS_YCbCr, JCS_RGB, JCS_CMYK
  bool subsample = true;            // YCbCr chroma at half width and height (4:2:0), else 4:4:4
  bool progressive = false;
  bool arithmetic = false;
  int restart_rows = 0;                      // a restart marker every this many MCU rows
  std::vector<jpeg_scan_info> scans;         // a scan script of the caller's, else libjpeg's
};

// A JPEG of w x h pixels, `components` (1, 3 or 4: grey, RGB, CMYK) bytes a pixel, HWC.
inline std::vector<uint8_t> jpeg_bytes(const uint8_t* hwc, int w, int h, int components, const JpegOptions& o) {
  jpeg_compress_struct c;
  jpeg_error_mgr errors;
  c.err = jpeg_std_error(&errors);  // a test's bad options end the program with libjpeg's message
  jpeg_create_compress(&c);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buffer, &size);
  c.image_width = static_cast<JDIMENSION>(w);
  c.image_height = static_cast<JDIMENSION>(h);
  c.input_components = components;
  c.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB : JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_set_colorspace(&c, o.space);
  jpeg_set_quality(&c, o.quality, TRUE);
  if (!o.subsample)
    for (int i = 0; i < c.num_components; ++i) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  if (o.progressive) jpeg_simple_progression(&c);
  if (!o.scans.empty()) {
    c.scan_info = o.scans.data();
    c.num_scans = static_cast<int>(o.scans.size());
  }
  c.arith_code = o.arithmetic ? TRUE : FALSE;
  c.restart_in_rows = o.restart_rows;
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(hwc) + static_cast<size_t>(c.next_scanline) * w * components;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  std::vector<uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  jpeg_destroy_compress(&c);
  return out;
}

// Image i of d (CHW) as a JPEG (YCbCr 4:2:0 when RGB).
inline std::vector<uint8_t> jpeg_file_bytes(const Dataset& d, int i, const JpegOptions& o = JpegOptions()) {
  const size_t plane = static_cast<size_t>(d.rows) * d.cols;
  std::vector<uint8_t> hwc(plane * d.channels);
  for (size_t p = 0; p < plane; ++p)
    for (int c = 0; c < d.channels; ++c)
      hwc[p * d.channels + c] = d.pixels[static_cast<size_t>(i) * d.dim() + c * plane + p];
  JpegOptions grey_or_colour = o;
  if (d.channels == 1) grey_or_colour.space = JCS_GRAYSCALE;
  return jpeg_bytes(hwc.data(), d.cols, d.rows, d.channels, grey_or_colour);
}

// d's images as .jpg files, in class subfolders "class<label>/" when it has labels.
inline std::vector<NamedBytes> jpeg_folder_files(const Dataset& d, const std::string& prefix,
                                                 const JpegOptions& o = JpegOptions()) {
  std::vector<NamedBytes> files;
  for (int i = 0; i < d.count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%05d.jpg", i);
    const std::string folder = d.has_labels() ? "class" + std::to_string(d.labels[i]) + "/" : "";
    files.push_back({prefix + folder + name, jpeg_file_bytes(d, i, o)});
  }
  return files;
}

}  // namespace aelab

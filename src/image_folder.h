// A folder of PNG/JPEG images, on disk or in a .zip: all of one size, grey or RGB (PNG decoded
// by stb_image, JPEG by libjpeg-turbo: jpeg_decode.h). When the images sit in subfolders, each
// subfolder is a class and its name's sorted position is the label; images directly in the
// folder have no labels. Files that are not .png/.jpg/.jpeg, and hidden ones (".DS_Store",
// "__MACOSX/"), are skipped. Also one picture alone, for the app's draw pad (decode_picture).
#pragma once
#include <string>
#include <vector>

#include "dataset.h"
#include "zip.h"

namespace aelab {

constexpr int kMaxClasses = 256;

// .png, .jpg or .jpeg, in any case.
bool is_image_name(const std::string& name);

// Decodes the image files among `files` (names relative to the folder, '/'-separated; a
// common leading folder, as a zip of a folder has, is ignored). Colour images are converted to
// CHW; grey and grey+alpha images load as 1 channel, and a set with any colour image loads as
// 3 channels (alpha dropped).
bool decode_image_files(const std::vector<NamedBytes>& files, Dataset* out, std::string* error);

constexpr int kMaxPictureSide = 2048;

// One picture (a PNG or JPEG dropped on the app's draw pad) as grey values in [0, 1], w x h
// row-major, with the checks decode_image_files makes; transparent pixels read as white paper.
// Sides up to kMaxPictureSide.
bool decode_picture(const NamedBytes& file, std::vector<float>* grey, int* w, int* h, std::string* error);

// Reads the files of a folder and of its subfolders (one level deep) for decode_image_files.
bool read_image_folder(const std::string& dir, std::vector<NamedBytes>* files, std::string* error);

}  // namespace aelab

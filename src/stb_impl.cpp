// The one translation unit that compiles stb_image (PNG decoding for image folders,
// and the zlib inflater used for .gz IDX files and .zip/.npz entries) and stb_image_write (PNG
// figures).
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#include <stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

// The CSV image reader (csv_images.h).
#include "csv_images.h"

#include <cmath>
#include <vector>

namespace aelab {

namespace {

// The fields of one line (no quoting: the layout's fields are names and numbers).
std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
    fields.push_back(line.substr(start, comma - start));
  fields.push_back(line.substr(start));
  for (std::string& f : fields) {
    const size_t b = f.find_first_not_of(" \t\"'"), e = f.find_last_not_of(" \t\r\"'");
    f = b == std::string::npos ? "" : f.substr(b, e - b + 1);
  }
  return fields;
}

// A whole number 0-255 ("12", "12.0"); -1 otherwise.
int byte_value(const std::string& s) {
  if (s.empty() || s.size() > 8) return -1;
  int v = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) v = v * 10 + (s[i] - '0');
  if (i == 0) return -1;
  if (i < s.size() && s[i] == '.') for (++i; i < s.size() && s[i] == '0';) ++i;
  return i == s.size() && v <= 255 ? v : -1;
}

}  // namespace

bool parse_csv_images(const uint8_t* data, size_t n, Dataset* out, std::string* error) {
  const std::string text(reinterpret_cast<const char*>(data), n);
  size_t pos = 0;
  auto next_line = [&](std::string* line) {
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      *line = text.substr(pos, end - pos);
      pos = end + 1;
      if (line->find_first_not_of(" \t\r") != std::string::npos) return true;
    }
    return false;
  };
  std::string line;
  if (!next_line(&line)) {
    *error = "CSV: empty file";
    return false;
  }
  const std::vector<std::string> header = split_line(line);
  int label_col = -1;
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == "label") label_col = static_cast<int>(i);
  if (byte_value(header[0]) >= 0) {
    *error = "CSV: the first row must be a header (label, pixel0, pixel1, ...), not numbers";
    return false;
  }
  const size_t pixels = header.size() - (label_col >= 0 ? 1 : 0);
  const size_t side = static_cast<size_t>(std::lround(std::sqrt(static_cast<double>(pixels))));
  if (side * side != pixels || side == 0 || side > static_cast<size_t>(kMaxImageSide)) {
    *error = "CSV: " + std::to_string(pixels) + " pixel columns do not make a square image of up to 256x256";
    return false;
  }
  Dataset d;
  d.rows = d.cols = static_cast<int>(side);
  for (int row = 2; next_line(&line); ++row) {
    const std::vector<std::string> fields = split_line(line);
    if (fields.size() != header.size()) {
      *error = "CSV: row " + std::to_string(row) + " has " + std::to_string(fields.size()) + " fields, the header " +
               std::to_string(header.size());
      return false;
    }
    const std::string why = check_image_sizes(d.count + 1u, side, side, 1);
    if (!why.empty()) {
      *error = "CSV: " + why;
      return false;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      const int v = byte_value(fields[i]);
      if (v < 0) {
        *error = "CSV: row " + std::to_string(row) + ", column " + std::to_string(i + 1) + ": '" +
                 printable(fields[i], 20) + "' is not a whole number from 0 to 255";
        return false;
      }
      (static_cast<int>(i) == label_col ? d.labels : d.pixels).push_back(static_cast<uint8_t>(v));
    }
    ++d.count;
  }
  if (d.count == 0) {
    *error = "CSV: a header but no images";
    return false;
  }
  *out = std::move(d);
  return true;
}

}  // namespace aelab

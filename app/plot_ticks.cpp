// Nice tick values for linear and log axes (plot_ticks.h).
#include "plot_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace aelab {

std::string tick_label(double value, double step) {
  char b[32];
  if (std::fabs(value) < step * 1e-6) value = 0.0;  // -0 and rounding dust print as 0
  const double mag = std::max(std::fabs(value), step);
  if (mag >= 1e5 || (mag < 1e-3 && value != 0.0)) {
    std::snprintf(b, sizeof b, "%.0e", value);
  } else {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    std::snprintf(b, sizeof b, "%.*f", decimals, value);
  }
  return b;
}

std::vector<Tick> linear_ticks(double lo, double hi, int max_ticks) {
  std::vector<Tick> out;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || max_ticks < 2) return out;
  // The smallest 1-2-5 step that gives at most max_ticks ticks (the count depends on where the
  // range starts, not only on its width, so count them).
  const double raw = (hi - lo) / max_ticks;
  const double decade = std::pow(10.0, std::floor(std::log10(raw)));
  auto count = [&](double step) { return std::floor(hi / step + 1e-9) - std::ceil(lo / step - 1e-9) + 1; };
  double step = decade;
  for (double m : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0}) {
    step = decade * m;
    if (count(step) <= max_ticks) break;
  }
  const double first = std::ceil(lo / step - 1e-9);
  for (double k = first; k * step <= hi + step * 1e-9; k += 1) out.push_back({k * step, tick_label(k * step, step)});
  return out;
}

std::vector<Tick> log_ticks(double lo, double hi, int max_ticks) {
  std::vector<Tick> out;
  if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi) || max_ticks < 2) return out;
  const int d0 = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
  const int d1 = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
  const int decades = d1 - d0 + 1;
  auto add = [&](double v) { out.push_back({v, tick_label(v, v)}); };
  if (decades > max_ticks) {
    const int every = (decades + max_ticks - 1) / max_ticks;
    for (int d = d0; d <= d1; ++d)
      if ((d - d0) % every == 0) add(std::pow(10.0, d));
    return out;
  }
  // Within a few decades, 2x and 5x fill the gaps (as long as they fit in max_ticks).
  const bool between = (hi / lo) < 1000.0;
  for (int d = d0 - 1; d <= d1; ++d) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && !between) continue;
      const double v = m * std::pow(10.0, d);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) add(v);
    }
  }
  if (static_cast<int>(out.size()) > max_ticks) {
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const Tick& t) {
                               const double m = t.value / std::pow(10.0, std::floor(std::log10(t.value) + 1e-9));
                               return std::fabs(m - 1.0) > 1e-6;
                             }),
              out.end());
  }
  if (out.size() < 2) return linear_ticks(lo, hi, max_ticks);
  return out;
}

}  // namespace aelab

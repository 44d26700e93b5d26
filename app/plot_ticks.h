// Axis ticks for the plots (widgets.cpp): "nice" values in 1-2-5 steps on linear axes and
// decades (with 2 and 5 between when few decades show) on log axes, with their labels.
// Pure arithmetic, no ImGui: tests/test_app_logic.cpp checks it.
#pragma once
#include <string>
#include <vector>

namespace aelab {

struct Tick {
  double value;
  std::string label;
};

// Ticks inside [lo, hi] at a 1, 2 or 5 times 10^k step, the step picked so that there are at
// most `max_ticks` of them (and as many as that allows). Labels have as many decimals as the step.
std::vector<Tick> linear_ticks(double lo, double hi, int max_ticks);
// Ticks inside [lo, hi] (both > 0) for a log axis: every decade (1e-3, 1e-2, ...), or every n-th
// decade when there are more than max_ticks; with fewer than 3 decades also 2x and 5x between.
// When no tick falls inside (a range within one decade), the linear ticks of the range.
std::vector<Tick> log_ticks(double lo, double hi, int max_ticks);
// A value as a tick label at this step ("0.05", "200", "1e-04").
std::string tick_label(double value, double step);

}  // namespace aelab

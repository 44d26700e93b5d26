// The one table of the figures the app shows (losses, speed, errors): what each is, its range,
// and what a higher value means; the panels' and views' tooltips read it (metric_tooltip in
// widgets.h). Settings have theirs in the run's table (src/run_fields.h). No ImGui here.
#pragma once
#include <vector>

namespace aelab {

struct Metric {
  const char* key;     // "test_mse"
  const char* what;    // one line: what it measures
  const char* range;   // "0 (perfect) to 1"
  const char* higher;  // what a higher value means
};

const std::vector<Metric>& metrics();
// nullptr when there is no such row.
const Metric* find_metric(const char* key);

}  // namespace aelab

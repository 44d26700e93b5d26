// `aelab bench`: the standard training workloads, timed, one result line each.
#pragma once
#include <string>
#include <vector>

#include "../dataset.h"

namespace aelab {

// Defined in main.cpp and shared by every command.
int usage_error(const std::string& msg);
int runtime_error(const std::string& msg);
bool load_data(const std::string& set, Dataset* train, Dataset* test, std::string* error);
std::string data_dir(const std::string& set);

int cmd_bench(const std::vector<std::string>& args);

}  // namespace aelab

// The aelab command's subcommands and what they share (defined in main.cpp): one-line errors
// with exit statuses, data sets by name, output directories.
#pragma once
#include <string>
#include <vector>

#include "../aelab.h"
#include "../json_text.h"
#include "args.h"

namespace aelab {

int usage_error(const std::string& msg);    // "aelab: msg (see 'aelab --help')", returns 2
int runtime_error(const std::string& msg);  // "aelab: msg", returns 1
// The run's data: --train-images' IDX files, else the set by name or path (data_load.h); a set
// without a test part is split 80/20 with `seed`.
bool load_data(const std::string& set, const IdxFiles& idx, uint64_t seed, Dataset* train, Dataset* test,
               std::string* error);
std::string data_dir(const std::string& set);
// False, with the one message eval and encode give, when the data's images are not the model's.
bool data_fits(const ModelConfig& cfg, const std::string& set, const Dataset& data, std::string* error);
// What the data came from, for messages: --train-images' file, else data_dir(set).
std::string data_name(const std::string& set, const IdxFiles& idx);
bool make_dir(const std::string& dir, std::string* error);
// eval's and encode's data flags beyond --data: train's four IDX flags, from the run's table, so
// a run trained on IDX files of any names is evaluated on the same images.
std::vector<FlagSpec> with_idx_flags(std::vector<FlagSpec> flags);
// True when `name` is one of them (its value then stored in *idx).
bool take_idx_flag(const std::string& name, const std::string& value, IdxFiles* idx);
// Model-specific JSON fields: the denoiser's clean-target MSEs and the VAE's negative ELBO.
std::string extra_metrics(Autoencoder& model, const Dataset& test);

int cmd_train(const std::vector<std::string>& args);  // train_command.cpp
const std::vector<FlagSpec>& train_command_flags();    // its flags beyond the run's fields
int cmd_eval(const std::vector<std::string>& args);
int cmd_bench(const std::vector<std::string>& args);  // bench.cpp
int cmd_export(const std::vector<std::string>& args);  // export_command.cpp
int cmd_import(const std::vector<std::string>& args);  // export_command.cpp
int cmd_encode(const std::vector<std::string>& args);  // export_command.cpp

}  // namespace aelab

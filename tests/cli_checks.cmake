# Runs the aelab command line (through the wasm emulator when given) and checks exit codes,
# messages and outputs. Invoked by ctest as: cmake -DAELAB=... -DEMULATOR=... -DWORK=... -P this
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# run(<expected exit code> <stdout var> <stderr var> args...)
function(run code out_var err_var)
  execute_process(COMMAND ${EMULATOR} ${AELAB} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  WORKING_DIRECTORY ${WORK})
  if(NOT rc EQUAL code)
    message(FATAL_ERROR "aelab ${ARGN}: exit ${rc}, expected ${code}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${err_var} "${err}" PARENT_SCOPE)
endfunction()

function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: '${text}' does not match '${regex}'")
  endif()
endfunction()

function(expect_one_line text what)
  string(STRIP "${text}" stripped)
  string(FIND "${stripped}" "\n" nl)
  if(NOT nl EQUAL -1 OR stripped STREQUAL "")
    message(FATAL_ERROR "${what}: expected one line, got '${text}'")
  endif()
endfunction()

run(0 out err --help)
foreach(flag --model --data --epochs --batch --lr --code-dim --threads --seed --out --shuffle)
  expect_match("${out}" "${flag}" "--help lists ${flag}")
endforeach()
run(0 out err train --help)
expect_match("${out}" "--code-dim K" "train --help")

# Bad flags and values: one line on stderr, exit status 2.
foreach(bad "train;--bogus" "train;--epochs;ten" "train;--epochs" "train;--lr;-1" "train;--batch;0"
            "train;--model;resnet" "train;--threads;99999" "train;--epochs;3;--epochs;4" "frobnicate" "")
  run(2 out err ${bad})
  expect_one_line("${err}" "error for '${bad}'")
  expect_match("${err}" "^aelab: " "error for '${bad}'")
endforeach()

# A short real run on the built-in data writes all three files and one JSON line.
run(0 out err train --model linear --data builtin --epochs 1 --batch 50 --threads 2 --out run1)
expect_one_line("${out}" "train stdout")
expect_match("${out}" "^{\"model\":\"linear\",\"dataset\":\"builtin\",\"epochs\":1,\"batch\":50,\"threads\":2,\"train_mse\":0\\.[0-9]+,\"test_mse\":0\\.[0-9]+,\"seconds\":[0-9.]+,\"samples_per_s\":[0-9.]+}" "train JSON")
foreach(f model.aelab loss.csv reconstructions.png)
  if(NOT EXISTS ${WORK}/run1/${f})
    message(FATAL_ERROR "train did not write run1/${f}")
  endif()
endforeach()
file(STRINGS ${WORK}/run1/loss.csv csv)
list(LENGTH csv csv_lines)
if(NOT csv_lines EQUAL 2)
  message(FATAL_ERROR "loss.csv has ${csv_lines} lines, expected a header and one epoch")
endif()
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" train_test_mse "${out}")

# eval reproduces the test MSE printed by train.
run(0 out err eval --checkpoint run1/model.aelab --data builtin)
expect_one_line("${out}" "eval stdout")
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" eval_test_mse "${out}")
if(NOT eval_test_mse STREQUAL train_test_mse)
  message(FATAL_ERROR "eval ${eval_test_mse} differs from train ${train_test_mse}")
endif()

# Bad files: one-line errors, exit 1, nothing crashes.
file(WRITE ${WORK}/junk.aelab "this is not a checkpoint")
run(1 out err eval --checkpoint junk.aelab)
expect_match("${err}" "not an aelab checkpoint" "foreign checkpoint")
expect_one_line("${err}" "foreign checkpoint")
execute_process(COMMAND head -c 1000 ${WORK}/run1/model.aelab OUTPUT_FILE ${WORK}/truncated.aelab)
run(1 out err eval --checkpoint truncated.aelab)
expect_match("${err}" "truncated|corrupt" "truncated checkpoint")
run(1 out err eval --checkpoint missing.aelab)
expect_match("${err}" "missing.aelab: No such file" "missing checkpoint")
run(1 out err train --data ${FIXTURES} --epochs 1 --out run2)
expect_match("${err}" "no train-images-idx3-ubyte" "directory without MNIST files")
run(1 out err train --data ${WORK}/nowhere --epochs 1 --out run2)
expect_match("${err}" "not a directory" "missing data directory")
# Divergence guard: the VAE at learning rate 10 hits NaN within a few steps. Training stops with
# one line and exit 1, and the checkpoint written holds the last good (finite) weights.
run(1 out err train --model vae --lr 10 --epochs 1 --batch 50 --out diverged)
expect_match("${err}" "aelab: training diverged at step [0-9]+ \\(epoch 1\\): NaN or infinite loss or gradients; stopped, keeping the weights of the last good step \\(learning rate 10 is probably too high\\); wrote them to diverged/model.aelab" "divergence message")
string(STRIP "${out}" out)
if(NOT out STREQUAL "")
  message(FATAL_ERROR "a diverged run printed a JSON line: ${out}")
endif()
run(0 out err eval --checkpoint diverged/model.aelab --data builtin)
expect_match("${out}" "\"test_mse\":[0-9]" "the last good weights load and evaluate to a number")
message(STATUS "cli checks passed")

# Runs the aelab command line (through the wasm emulator when given) and checks exit codes,
# messages and outputs. Invoked by ctest as: cmake -DAELAB=... -DEMULATOR=... -DWORK=... -P this
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

run(0 out err --help)
foreach(flag --model --data --epochs --batch --lr --code-dim --threads --seed --out --shuffle)
  expect_match("${out}" "${flag}" "--help lists ${flag}")
endforeach()
run(0 out err train --help)
expect_match("${out}" "--code-dim K" "train --help")
# -h on every command, and the version.
foreach(cmd train eval bench)
  run(0 out err ${cmd} -h)
  expect_match("${out}" "^usage: aelab ${cmd}" "${cmd} -h")
endforeach()
run(0 out err --version)
expect_match("${out}" "^aelab [0-9]+\\.[0-9]+\\.[0-9]+\n$" "--version")
string(STRIP "${out}" version)

# Bad flags and values: one line on stderr, exit status 2.
foreach(bad "bench;--steps;0" "train;--bogus" "train;--epochs;ten" "train;--epochs" "train;--lr;-1" "train;--batch;0"
            "train;--model;resnet" "train;--threads;99999" "train;--epochs;3;--epochs;4" "frobnicate" "")
  run(2 out err ${bad})
  expect_one_line("${err}" "error for '${bad}'")
  expect_match("${err}" "^aelab: " "error for '${bad}'")
endforeach()

# A short real run on the built-in data writes all three files and one JSON line.
run(0 out err train --model linear --data builtin --epochs 1 --batch 50 --threads 2 --out run1)
expect_one_line("${out}" "train stdout")
expect_match("${out}" "^{\"model\":\"linear\",\"dataset\":\"builtin\",\"epochs\":1,\"batch\":50,\"threads\":2,\"train_mse\":0\\.[0-9]+,\"test_mse\":0\\.[0-9]+,\"seconds\":[0-9.]+,\"samples_per_s\":[0-9.]+}" "train JSON")
foreach(f model.aelab loss.csv reconstructions.png run.json)
  if(NOT EXISTS ${WORK}/run1/${f})
    message(FATAL_ERROR "train did not write run1/${f}")
  endif()
endforeach()
expect_lines(${WORK}/run1/loss.csv 2 "a header and one epoch")
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" train_test_mse "${out}")

# eval reproduces the test MSE printed by train.
run(0 out err eval --checkpoint run1/model.aelab --data builtin)
expect_one_line("${out}" "eval stdout")
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" eval_test_mse "${out}")
if(NOT eval_test_mse STREQUAL train_test_mse)
  message(FATAL_ERROR "eval ${eval_test_mse} differs from train ${train_test_mse}")
endif()

# run.json holds the whole run and the writer's version; the checkpoint names its writer too.
file(READ ${WORK}/run1/run.json run1_json)
expect_match("${run1_json}" "^{\"aelab_run\":2,\"aelab_version\":\"[0-9.]+\",\"data\":\"builtin\",\"model\":\"linear\",\"arch\":\"linear\",\"code_dim\":32,.*\"batch\":50,.*\"epochs\":1,\"shuffle\":0,\"threads\":2," "run.json")
file(READ ${WORK}/run1/model.aelab ckpt_head LIMIT 600 HEX)
string(HEX "${version}" version_hex)
string(FIND "${ckpt_head}" "${version_hex}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "model.aelab does not name its writer '${version}'")
endif()
# --run: the run file, then a link, train the same run to the same bits.
run(0 out err train --run run1/run.json --out run1_again)
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" again_mse "${out}")
if(NOT again_mse STREQUAL train_test_mse)
  message(FATAL_ERROR "--run run1/run.json gave ${again_mse}, the run gave ${train_test_mse}")
endif()
run(0 out err train --run "http://127.0.0.1:8080/#model=linear&batch=50&epochs=1&threads=2" --out run1_link)
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" link_mse "${out}")
if(NOT link_mse STREQUAL train_test_mse)
  message(FATAL_ERROR "--run LINK gave ${link_mse}, the run gave ${train_test_mse}")
endif()
# A link naming only the model gets that model's code size (conv: 4 channels of 7x7).
run(0 out err train --run "#model=conv&epochs=0" --out conv0)
file(READ ${WORK}/conv0/run.json conv0_json)
expect_match("${conv0_json}" "\"code_dim\":196" "a conv link's default code size")
# Flags override --run's fields; bad --run values are one-line usage errors.
run(0 out err train --run run1/run.json --epochs 0 --out run1_zero)
expect_match("${out}" "\"epochs\":0," "--epochs over --run")
foreach(bad "train;--run;missing-run.json" "train;--run;#lr=banana" "train;--run;#model=resnet" "train;--edits;3:batch=9"
            "train;--resume;run1;--lr;0.1" "train;--noise;pink")
  run(2 out err ${bad})
  expect_one_line("${err}" "error for '${bad}'")
  expect_match("${err}" "^aelab: " "error for '${bad}'")
endforeach()
run(1 out err train --resume nowhere)
expect_match("${err}" "nowhere/run.json: No such file" "resume without a run")

# Long runs lose nothing: 1 epoch, then --resume to 3, gives 3 epochs' checkpoint byte for byte
# (shuffled, with Gaussian input noise and a timeline edit, so order, stream and edits resume).
set(long --model linear --shuffle --noise-level 0.2 --edits 450:lr=0.0005 --batch 25 --threads 2)
run(0 out err train ${long} --epochs 3 --out straight)
run(0 out err train ${long} --epochs 1 --out resumed)
expect_lines(${WORK}/resumed/loss.csv 2 "after 1 epoch")
run(0 out err train --resume resumed --epochs 3)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/straight/model.aelab ${WORK}/resumed/model.aelab
                RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "1 epoch + --resume to 3 is not byte-identical to 3 epochs")
endif()
expect_lines(${WORK}/resumed/loss.csv 4 "after resuming to 3 epochs")
file(READ ${WORK}/resumed/run.json resumed_json)
expect_match("${resumed_json}" "\"epochs\":3," "run.json after --resume")
# Resuming a finished run trains nothing more and says so with the same figures.
run(0 out err train --resume resumed)
expect_match("${out}" "\"epochs\":3," "resuming a finished run")

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
file(MAKE_DIRECTORY ${WORK}/no_images)
run(1 out err train --data no_images --epochs 1 --out run2)
expect_match("${err}" "no_images: no .png or .jpg images" "directory without MNIST files or images")
run(1 out err train --data ${WORK}/nowhere --epochs 1 --out run2)
expect_match("${err}" "nowhere: no such file or folder" "missing data directory")
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
# aelab bench: a smoke run of every workload (2 steps on the built-in data; no timing checked,
# speed is for bench/compare.sh), then a bad workload name.
run(0 out err bench --data builtin --steps 2 --threads 2 --json)
foreach(w linear-b20 linear-b256 conv-b20 conv-b256 vae-b128)
  expect_match("${out}" "{\"system\":\"aelab\",\"workload\":\"${w}\",\"model\":\"[a-z]+\",\"batch\":[0-9]+,\"threads\":2,\"steps\":2,\"samples_per_s\":[0-9.]+,\"seconds\":[0-9.]+,\"gflops\":[0-9.]+,\"peak_rss_mb\":[0-9.]+,\"loss\":[0-9.e+-]+}" "bench JSON for ${w}")
endforeach()
string(REGEX MATCHALL "\n" newlines "${out}")
list(LENGTH newlines bench_lines)
if(NOT bench_lines EQUAL 5)
  message(FATAL_ERROR "bench printed ${bench_lines} lines, expected 5: ${out}")
endif()
run(2 out err bench --workload resnet-b1)
expect_match("${err}" "unknown workload 'resnet-b1'" "bad bench workload")
message(STATUS "cli checks passed")

# Data in, end to end: `aelab train` on each format (make_data_fixtures writes them from the
# built-in digits) prints the one-line data summary and beats the mean-image baseline; bad data
# gives one line and exit 1. Invoked by ctest as:
#   cmake -DAELAB=... -DMAKE_FIXTURES=... -DBUILTIN=... -DEMULATOR=... -DWORK=... -P this
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

execute_process(COMMAND ${EMULATOR} ${MAKE_FIXTURES} ${BUILTIN} ${WORK} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make_data_fixtures failed (exit ${rc})")
endif()
include(${WORK}/baselines.cmake)

# train_set(<name> <summary regex> args...): trains, checks the summary line and that the test
# MSE is below the set's mean-image baseline; leaves the JSON line in train_json.
function(train_set name summary)
  run(0 out err train ${ARGN} --seed 1 --out run_${name})
  expect_match("${err}" "(^|\n)data: ${summary} from [^\n]+\n" "${name}: data summary")
  expect_one_line("${out}" "${name}: train stdout")
  string(REGEX MATCH "\"test_mse\":([0-9.e-]+)" m "${out}")
  if(NOT CMAKE_MATCH_1 LESS "${BASELINE_${name}}")
    message(FATAL_ERROR "${name}: test MSE ${CMAKE_MATCH_1} is not below the mean image's ${BASELINE_${name}}")
  endif()
  message(STATUS "${name}: test MSE ${CMAKE_MATCH_1}, mean image ${BASELINE_${name}}")
  set(train_json "${out}" PARENT_SCOPE)
endfunction()

set(dense --model linear --epochs 5 --lr 0.005)
train_set(keras "400 train \\+ 100 test images, 28x28x1, values 0\\.\\.255, labels 0-9" ${dense} --data keras.npz)
train_set(kaggle "400 train \\+ 100 test images, 28x28x1, values 0\\.\\.255, labels 0-9" ${dense} --data kaggle.csv)
train_set(idx "400 train \\+ 100 test images, 28x28x1, values 0\\.\\.255, labels 0-9" ${dense}
          --train-images pics.bin --train-labels tags.bin --test-images tpics.bin --test-labels ttags.bin)
expect_match("${train_json}" "\"dataset\":\"pics.bin\"" "IDX files name the data by --train-images")
file(READ ${WORK}/run_idx/run.json idx_json)
expect_match("${idx_json}" "\"train_images\":\"pics.bin\",\"train_labels\":\"tags.bin\"" "run.json keeps the IDX files")
# eval and encode take the same IDX flags: the same test MSE; encode makes its output's folders.
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" idx_mse "${train_json}")
set(idx_flags --train-images pics.bin --train-labels tags.bin --test-images tpics.bin --test-labels ttags.bin)
run(0 out err eval --checkpoint run_idx/model.aelab ${idx_flags})
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" eval_mse "${out}")
if(NOT eval_mse STREQUAL idx_mse)
  message(FATAL_ERROR "eval on the IDX files gave ${eval_mse}, train ${idx_mse}")
endif()
run(0 out err encode --checkpoint run_idx/model.aelab ${idx_flags} --out new/dir/codes.npy)
foreach(f codes.npy labels.npy)
  if(NOT EXISTS ${WORK}/new/dir/${f})
    message(FATAL_ERROR "encode did not make new/dir/${f}")
  endif()
endforeach()
file(WRITE ${WORK}/a_file "")
run(1 out err encode --checkpoint run_idx/model.aelab ${idx_flags} --out a_file/codes.npy)
expect_match("${err}" "a_file: exists and is not a directory" "encode --out under a file")
run(1 out err eval --checkpoint run_idx/model.aelab --test-images tpics.bin)
expect_match("${err}" "IDX files: --train-images is required" "--test-images alone")
# Labels optional: the images alone, split 80/20.
run(0 out err train --train-images pics.bin --epochs 0 --out idx_alone)
expect_match("${err}" "data: 320 train \\+ 80 test images, 28x28x1, values 0\\.\\.255, no labels from pics.bin" "no labels")

# RGB PNGs in class subfolders through a convolutional model (conv-strided: 30 epochs of 12
# steps, 2 s natively; the max-pooling conv needs more than 240 images to leave its start); the
# figure is in colour (PNG colour type 2) and eval reads the folder and the 3 channels back.
train_set(rgb "240 train \\+ 60 test images, 28x28x3, values 0\\.\\.255, labels 0-2" --model conv-strided
          --epochs 30 --data rgb)
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" rgb_mse "${train_json}")
file(READ ${WORK}/run_rgb/reconstructions.png png_head LIMIT 26 HEX)
string(SUBSTRING "${png_head}" 48 4 depth_and_type)
if(NOT depth_and_type STREQUAL "0802")
  message(FATAL_ERROR "reconstructions.png is not 8-bit RGB (bit depth and colour type ${depth_and_type})")
endif()
run(0 out err eval --checkpoint run_rgb/model.aelab --data rgb)
string(REGEX MATCH "\"test_mse\":[0-9.e-]+" eval_mse "${out}")
if(NOT eval_mse STREQUAL rgb_mse)
  message(FATAL_ERROR "eval on the RGB folder gave ${eval_mse}, train ${rgb_mse}")
endif()
run(1 out err eval --checkpoint run_rgb/model.aelab --data keras.npz)
expect_match("${err}" "the checkpoint expects 28x28x3 images but keras.npz has 28x28x1" "channels mismatch")

# The same digits as JPEGs in class subfolders of a .zip (libjpeg-turbo): labels from the
# folders, 3 channels, and the same model beats the mean image of the decoded pixels.
train_set(jpeg "240 train \\+ 60 test images, 28x28x3, values 0\\.\\.255, labels 0-2" --model conv-strided
          --epochs 30 --data jpeg.zip)

# Bad data: one line, exit 1 (usage mistakes exit 2).
file(WRITE ${WORK}/junk.npz "this is not a zip file")
file(WRITE ${WORK}/junk.csv "1,2,3,4\n")
file(WRITE ${WORK}/junk.bin "?")
foreach(case "junk.npz|junk.npz: zip: no end-of-central-directory record"
             "junk.csv|junk.csv: CSV: the first row must be a header"
             "junk.bin|junk.bin: unknown data format '.bin'")
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 file)
  list(GET case 1 message)
  run(1 out err train --data ${file} --epochs 1 --out bad)
  expect_one_line("${err}" "bad data ${file}")
  expect_match("${err}" "^aelab: ${message}" "bad data ${file}")
endforeach()
run(1 out err train --data keras.npz --train-images pics.bin --out bad)
expect_match("${err}" "two sources: give one" "--data and --train-images")
run(1 out err train --train-images pics.bin --test-labels ttags.bin --out bad)
expect_match("${err}" "--test-labels without --test-images" "test labels alone")
message(STATUS "cli data checks passed")

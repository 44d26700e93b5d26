# Desktop data in: aelab-app --data PATH under Xvfb opens what the Data panel's path field opens
# (the drop handler's route too: app_open_files). An RGB PNG folder with class subfolders loads
# with the core's summary and draws its images in colour, the pad explaining why it is off; a
# Keras-layout .npz loads; one PNG goes onto the draw pad and gets a reconstruction; a bad file
# stops the app with the core's one-line error. Fixtures: make_data_fixtures (as cli_data).
include(${CMAKE_CURRENT_LIST_DIR}/app_under_xvfb.cmake)
set(MODEL ${WORK}/data-test-model.aelab)

function(expect_equal what got want)
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "${what}: '${got}', expected '${want}'")
  endif()
  message("${what}: ${got}")
endfunction()

set(DATA ${WORK}/data-test-fixtures)
file(REMOVE_RECURSE ${DATA} ${MODEL})
file(MAKE_DIRECTORY ${DATA})
execute_process(COMMAND ${MAKE_FIXTURES} ${BUILTIN} ${DATA} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "make_data_fixtures failed (exit ${rc})")
endif()

# RGB folder: the summary, colour images (pixels.mjs: not flat), the pad's explanation.
set(shot ${WORK}/screenshot-desktop-rgb.png)
run_app(rgb ${MODEL} --data ${DATA}/rgb --train --threads 2 --screenshot ${shot} --frames 40)
string(JSON summary GET "${rgb}" data_summary)
expect_equal("RGB folder" "${summary}" "240 train + 60 test images, 28x28x3, values 0..255, labels 0-2")
string(JSON refusal ERROR_VARIABLE no_refusal GET "${rgb}" widgets pad_refusal)
if(no_refusal)
  message(FATAL_ERROR "the draw pad does not explain itself for colour data: ${rgb}")
endif()
file(WRITE ${shot}.status.json "${rgb}")
execute_process(COMMAND ${NODE} ${PIXELS} ${shot} ${shot}.status.json "figure_in_*"
                RESULT_VARIABLE pixels_rc OUTPUT_VARIABLE pixels_out ERROR_VARIABLE pixels_err)
message("${pixels_out}${pixels_err}")
if(NOT pixels_rc EQUAL 0)
  message(FATAL_ERROR "the colour images' pixels failed a check (above)")
endif()

# Keras-layout .npz: its own test part.
run_app(npz ${MODEL} --data ${DATA}/keras.npz --screenshot ${WORK}/data-test-npz.png --frames 5)
string(JSON summary GET "${npz}" data_summary)
expect_equal("Keras .npz" "${summary}" "400 train + 100 test images, 28x28x1, values 0..255, labels 0-9")

# One PNG (a tinted digit of the RGB set): onto the draw pad of the built-in digits' model.
run_app(pic ${MODEL} --data ${DATA}/rgb/class0/00000.png --screenshot ${WORK}/data-test-pic.png --frames 5)
string(JSON message GET "${pic}" message)
string(JSON ink GET "${pic}" pad_ink)
string(JSON recon GET "${pic}" pad_recon_sum)
expect_equal("picture" "${message}" "00000.png (28x28) is on the draw pad, preprocessed as a drawing")
if(ink LESS 10 OR recon LESS 1)
  message(FATAL_ERROR "the picture left no ink on the pad or no reconstruction: ink ${ink}, reconstruction ${recon}")
endif()

# A bad file: the core's one line, exit 1.
file(WRITE ${DATA}/broken.npz "PK\x03\x04 not an archive")
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${APP} --data ${DATA}/broken.npz
                WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 100)
string(REGEX MATCH "aelab-app: [^\n]*broken.npz: [^\n]*" line "${err}")
if(NOT rc EQUAL 1 OR line STREQUAL "")
  message(FATAL_ERROR "a bad --data file should stop the app with one line (exit ${rc}):\n${err}")
endif()
message("bad file: ${line}")

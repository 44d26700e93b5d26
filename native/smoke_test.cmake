# Desktop smoke test: aelab-app --train --demo-drawing --screenshot OUT --frames N under xvfb-run,
# then checks the PNG: its size, and its pixels with tests/pixels.mjs (under NODE): the whole
# frame and each image in REGIONS (widget names from the status the app prints, PREFIX* for
# several) must not be flat. EXTRA (optional, ;-separated) adds arguments, e.g. --view compare.
# BROKEN: the app runs with --test-broken-shader (every image black) and every region check must
# fail while the whole frame still passes: the checker itself is tested. STATUS (optional): a
# regular expression the printed status must match, e.g. theme.:.light for "theme":"light".
include(${CMAKE_CURRENT_LIST_DIR}/app_under_xvfb.cmake)
file(REMOVE ${OUT} ${OUT}.status.json)
if(BROKEN)
  list(APPEND EXTRA --test-broken-shader)
endif()
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${APP} --train --demo-drawing --threads 2 --model ${WORK}/smoke-model.aelab
          ${EXTRA} --screenshot ${OUT} --frames 90 --print-status
  WORKING_DIRECTORY ${WORK}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "aelab-app exited with ${rc}")
endif()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "no screenshot at ${OUT}")
endif()
expect_png_size(${OUT} 1280 800)

# The status (its widget rectangles) of the screenshot's frame, for the checker.
file(WRITE ${OUT}.status.json "${out}")
if(DEFINED STATUS)
  string(REGEX MATCH "${STATUS}" found "${out}")
  if(NOT found)
    message(FATAL_ERROR "the status does not contain ${STATUS}")
  endif()
endif()
execute_process(COMMAND ${NODE} ${PIXELS} ${OUT} ${OUT}.status.json ${REGIONS}
                RESULT_VARIABLE pixels_rc OUTPUT_VARIABLE pixels_out ERROR_VARIABLE pixels_err)
message("${pixels_out}${pixels_err}")
if(NOT BROKEN AND NOT pixels_rc EQUAL 0)
  message(FATAL_ERROR "the screenshot's pixels failed a check (above)")
endif()
if(BROKEN)
  string(REGEX MATCHALL "pixels: ok [^ ]+" passed "${pixels_out}")
  if(NOT pixels_rc EQUAL 1 OR NOT passed STREQUAL "pixels: ok whole")
    message(FATAL_ERROR "with every image drawn black the checker must fail each image region and pass the frame "
                        "(exit ${pixels_rc}; passed: ${passed})")
  endif()
  message("the pixel checks caught the broken shader")
endif()

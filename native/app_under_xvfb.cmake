# Steps the desktop tests (cmake -P scripts under xvfb-run) share. Reads XVFB_RUN, APP and WORK.

# Runs aelab-app on a 1280x800 virtual screen with --model MODEL --print-status and the other
# arguments; fails on a non-zero exit or a missing status line, else sets out_var to the line.
function(run_app out_var model)
  execute_process(
    COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${APP} --model ${model} --print-status ${ARGN}
    WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 200)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "aelab-app ${ARGN} exited with ${rc}:\n${out}${err}")
  endif()
  string(REGEX MATCH "{\"frame\":[^\n]*" status "${out}")
  if(status STREQUAL "")
    message(FATAL_ERROR "aelab-app ${ARGN} printed no status line:\n${out}${err}")
  endif()
  set(${out_var} "${status}" PARENT_SCOPE)
endfunction()

# The PNG's IHDR must say width x height.
function(expect_png_size png width height)
  file(READ ${png} head LIMIT 24 HEX)
  string(SUBSTRING "${head}" 32 8 w_hex)
  string(SUBSTRING "${head}" 40 8 h_hex)
  math(EXPR w "0x${w_hex}")
  math(EXPR h "0x${h_hex}")
  if(NOT w EQUAL width OR NOT h EQUAL height)
    message(FATAL_ERROR "the screenshot ${png} is not ${width}x${height} (IHDR size ${w_hex}${h_hex})")
  endif()
endfunction()

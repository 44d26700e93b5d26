# Desktop smoke test: aelab-app --train --demo-drawing --screenshot OUT --frames N under xvfb-run, then checks
# the PNG: its size and that it is not one flat colour (ImageMagick's identify, if present).
# EXTRA (optional, ;-separated) adds arguments, e.g. --view compare.
file(REMOVE ${OUT})
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${APP} --train --demo-drawing --threads 2 --model ${WORK}/smoke-model.aelab
          ${EXTRA} --screenshot ${OUT} --frames 90
  WORKING_DIRECTORY ${WORK}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "aelab-app exited with ${rc}")
endif()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "no screenshot at ${OUT}")
endif()
file(READ ${OUT} head LIMIT 24 HEX)
string(SUBSTRING "${head}" 32 16 size_hex)
if(NOT size_hex STREQUAL "0000050000000320")
  message(FATAL_ERROR "screenshot is not 1280x800 (IHDR size ${size_hex})")
endif()
find_program(IDENTIFY identify)
if(IDENTIFY)
  execute_process(COMMAND ${IDENTIFY} -format "%[fx:standard_deviation]" ${OUT} OUTPUT_VARIABLE sd)
  message("screenshot pixel standard deviation: ${sd}")
  if(sd LESS 0.05)
    message(FATAL_ERROR "screenshot looks blank (standard deviation ${sd})")
  endif()
endif()

# The command-line checks' helpers (cli_checks.cmake, cli_data_checks.cmake): WORK, EMULATOR
# and AELAB come from the including script.

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

function(expect_lines file count what)
  file(STRINGS ${file} lines)
  list(LENGTH lines n)
  if(NOT n EQUAL count)
    message(FATAL_ERROR "${what}: ${file} has ${n} lines, expected ${count}")
  endif()
endfunction()

function(expect_one_line text what)
  string(STRIP "${text}" stripped)
  string(FIND "${stripped}" "\n" nl)
  if(NOT nl EQUAL -1 OR stripped STREQUAL "")
    message(FATAL_ERROR "${what}: expected one line, got '${text}'")
  endif()
endfunction()

# Runs one libFuzzer target for SECONDS: new inputs go to WORK, the seeds are only read.
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${FUZZER} ${WORK} ${SEEDS} -max_total_time=${SECONDS} -rss_limit_mb=1024
                        -max_len=65536 -print_final_stats=1 -artifact_prefix=${WORK}/
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${err}")
message(STATUS "${FUZZER}: ${runs}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (exit ${rc}); reproducer in ${WORK}/\n${err}")
endif()

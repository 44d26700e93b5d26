# Desktop run files: aelab-app --run FILE --replay under Xvfb imports a JSON run file, trains it
# and prints its status line on exit. Twice the same file gives the same loss curves; the run it
# reports is the file's; a bad file is refused with its message and the defaults stay.
include(${CMAKE_CURRENT_LIST_DIR}/app_under_xvfb.cmake)
set(MODEL ${WORK}/run-file-model.aelab)

# The file is in the first run-file format (noise as a Gaussian level): it must keep reading.
set(RUN "data=builtin&model=conv-strided&arch=linear&code_dim=196&loss=mse&optimizer=adam&lr=0.002&momentum=0.9&batch=50&seed=5&epochs=1&shuffle=1&noise=gaussian&noise_level=0&sparsity=0&sparse_weight=0.0001&contractive_weight=0.01&kl_weight=1")
file(WRITE ${WORK}/good-run.json
  "{\"aelab_run\":1,\"data\":\"builtin\",\"model\":\"conv-strided\",\"code_dim\":196,\"lr\":0.002,\"batch\":50,\"seed\":5,\"epochs\":1,\"noise\":0,\"shuffle\":1,\"threads\":1}\n")
file(REMOVE ${MODEL})
foreach(i 1 2)
  run_app(s${i} ${MODEL} --run ${WORK}/good-run.json --replay --quit-when-trained)
  foreach(key train_loss test_loss run message)
    string(JSON v${i}_${key} GET "${s${i}}" ${key})
  endforeach()
  message("run ${i}: run=${v${i}_run} test_loss=${v${i}_test_loss} message=${v${i}_message}")
endforeach()
if(NOT v1_run STREQUAL RUN)
  message(FATAL_ERROR "the app runs ${v1_run}, the file says ${RUN}")
endif()
string(JSON n_test LENGTH "${s1}" test_loss)
string(JSON n_train LENGTH "${s1}" train_loss)
if(NOT n_test EQUAL 1 OR n_train LESS 10)
  message(FATAL_ERROR "one epoch should give 1 test point and ~50 train points: ${n_test}, ${n_train}")
endif()
if(NOT v1_train_loss STREQUAL v2_train_loss OR NOT v1_test_loss STREQUAL v2_test_loss)
  message(FATAL_ERROR "replaying the same run file gave different curves:\n${v1_train_loss}\n${v2_train_loss}")
endif()

# A bad file: refused with the parser's message; the app keeps its defaults and does not train.
file(WRITE ${WORK}/bad-run.json "{\"aelab_run\":1,\"model\":[\"conv\"]}\n")
run_app(bad ${MODEL} --run ${WORK}/bad-run.json --replay --screenshot ${WORK}/run-file-bad.png --frames 5)
string(JSON bad_message GET "${bad}" message)
string(JSON bad_error GET "${bad}" message_error)
string(JSON bad_run GET "${bad}" run)
message("bad file: ${bad_message}")
if(NOT bad_error OR NOT bad_message MATCHES "refused" OR NOT bad_run MATCHES "model=linear")
  message(FATAL_ERROR "a bad run file was not refused cleanly: ${bad}")
endif()

# Desktop resize test: aelab-app trains under xvfb-run in its 1280x800 window, which is resized
# to 600x900 at frame RESIZE (--resize-at, as a user dragging the window's corner). The status
# printed on exit must show the narrow layout (the mode changed once), the display's new size,
# and training that went on after the resize: more loss points than at the resize, and a
# screenshot of the resized window.
include(${CMAKE_CURRENT_LIST_DIR}/app_under_xvfb.cmake)
file(REMOVE ${OUT})
execute_process(
  COMMAND ${XVFB_RUN} -a -s "-screen 0 1600x1200x24" ${APP} --train --demo-drawing --threads 2
          --model ${WORK}/resize-model.aelab --resize-at 40 600x900 --screenshot ${OUT} --frames 240 --print-status
  WORKING_DIRECTORY ${WORK}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "aelab-app exited with ${rc}")
endif()
string(JSON layout GET "${out}" layout)
string(JSON changes GET "${out}" layout_changes)
string(JSON width GET "${out}" display 0)
string(JSON height GET "${out}" display 1)
string(JSON state GET "${out}" state)
string(JSON points GET "${out}" train_points_at_resize)
string(JSON points_end LENGTH "${out}" train_loss)
message("after the resize: layout ${layout} (${changes} change), display ${width}x${height}, state ${state}, "
        "train loss points ${points} at the resize, ${points_end} at the end")
if(NOT layout STREQUAL "narrow" OR NOT changes EQUAL 1 OR NOT width EQUAL 600 OR NOT height EQUAL 900)
  message(FATAL_ERROR "the layout did not follow the window to 600x900")
endif()
if(points LESS 0 OR NOT points_end GREATER points OR NOT (state STREQUAL "training" OR state STREQUAL "finished"))
  message(FATAL_ERROR "training did not go on after the resize")
endif()
expect_png_size(${OUT} 600 900)

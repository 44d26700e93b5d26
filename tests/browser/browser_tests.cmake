# Browser end-to-end tests, registered in the wasm build's ctest (included from web/). Each
# runs tests/browser/test_NAME.mjs under Node: web/serve.mjs on a free port, /usr/bin/chromium
# headless through playwright-core, a screenshot in ${AELAB_BROWSER_SHOTS}. They run alone
# (RUN_SERIAL): Chromium rasterises WebGL on the CPU, and a wasm test suite running beside it
# on a 2-core machine would starve the page.
set(AELAB_BROWSER_SHOTS ${PROJECT_BINARY_DIR}/screenshots)
if(NOT EXISTS /usr/bin/chromium)
  message(FATAL_ERROR "/usr/bin/chromium not found: the browser tests need it (apt-get install chromium, or run scripts/setup.sh)")
endif()
foreach(t load train draw persist bad_upload data_drop run_link explore security soak single_thread habits screen layouts fit)
  add_test(NAME browser_${t} COMMAND ${AELAB_NODE} ${PROJECT_SOURCE_DIR}/tests/browser/test_${t}.mjs)
  set_tests_properties(browser_${t} PROPERTIES
    ENVIRONMENT "AELAB_WEB_ROOT=${CMAKE_CURRENT_BINARY_DIR};AELAB_SCREENSHOT_DIR=${AELAB_BROWSER_SHOTS}"
    RUN_SERIAL TRUE TIMEOUT 120)
endforeach()
# browser_draw with every image drawn black (?test_broken_shader=1): its pixel checks must fail.
add_test(NAME browser_pixels_broken_shader COMMAND ${AELAB_NODE} ${PROJECT_SOURCE_DIR}/tests/browser/test_draw.mjs --broken-shader)
set_tests_properties(browser_pixels_broken_shader PROPERTIES
  ENVIRONMENT "AELAB_WEB_ROOT=${CMAKE_CURRENT_BINARY_DIR};AELAB_SCREENSHOT_DIR=${AELAB_BROWSER_SHOTS}"
  RUN_SERIAL TRUE TIMEOUT 120)
# 50 epochs of the seed model in the page: 81 s measured on the busy 2-core machine.
# Every explore view in one page load (training, then each view's interaction).
set_tests_properties(browser_soak browser_explore PROPERTIES TIMEOUT 300)
# Keyboard shortcuts, the draw pad's undo/redo/eraser, navigation and the themes: two page loads.
set_tests_properties(browser_habits PROPERTIES TIMEOUT 180)
# browser_single_thread: the page without COOP/COEP trains, then a 1-epoch run on each build.
set_tests_properties(browser_single_thread PROPERTIES TIMEOUT 300)
# browser_screen: two page loads (laptop at DPR 2, phone at DPR 3), each training a little; the
# canvas has 5 and 3 times the pixels of the 1280x800 one.
set_tests_properties(browser_screen PROPERTIES TIMEOUT 300)
# browser_data_drop: three data sets loaded and trained a few steps each, and four drops more.
set_tests_properties(browser_data_drop PROPERTIES TIMEOUT 300)
# browser_fit: five page loads (two at DPR 3, two at DPR 2), every page and explore view checked
# on each, and a little training on the phone in landscape.
set_tests_properties(browser_fit PROPERTIES TIMEOUT 420)

# Builds the e2e fixture database: the national hierarchy, then the demo.
# Usage: cmake -DALLEY=path/to/alley -DDIR=build/e2e -P prepare.cmake
if(NOT DEFINED ENV{ALLEY_DIVISIONS_DIR})
  message(FATAL_ERROR "ALLEY_DIVISIONS_DIR is not set: run scripts/setup.sh (make test does)")
endif()
file(REMOVE_RECURSE ${DIR})
file(MAKE_DIRECTORY ${DIR})
set(ENV{ALLEY_TODAY} "2026-06-30")
foreach(step "import;divisions" "demo")
  execute_process(COMMAND ${ALLEY} --db ${DIR}/fixture.db ${step}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "alley ${step}: ${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "alley ${step} failed (${rc}): ${err}")
  endif()
endforeach()

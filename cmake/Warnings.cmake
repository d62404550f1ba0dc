# One list of warnings for all of Alley's own code (STYLE.md).
set(ALLEY_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
if(ALLEY_WERROR)
  list(APPEND ALLEY_WARNINGS -Werror)
endif()

# alley_target(NAME) applies the project's warnings and include root.
function(alley_target name)
  target_compile_options(${name} PRIVATE ${ALLEY_WARNINGS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
endfunction()
